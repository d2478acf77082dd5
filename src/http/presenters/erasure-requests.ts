import type { FastifyRequest } from 'fastify';
import { deadlineOf, dueState } from '../../domain/erasure-requests/due-dates.ts';
import type { MatchRow } from '../../domain/erasure-requests/list-erasure-matches.ts';
import type { TicketGroupRow } from '../../domain/erasure-requests/list-erasure-ticket-groups.ts';
import { hasCertificate } from '../../domain/erasure-requests/read-erasure-certificate.ts';
import type { ErasureRequestRow } from '../../domain/erasure-requests/read-erasure-request.ts';
import { readErasureRequestSummary, type MatchCount } from '../../domain/erasure-requests/read-erasure-request-summary.ts';
import { readCounts } from '../../domain/erasure-requests/state.ts';
import {
  ERASURE_REQUEST_STATUSES,
  MATCH_ACTIONS,
  MATCH_DECISIONS,
  MATCH_LOCATIONS,
  TERM_KINDS,
  TERM_SOURCES,
  type Certificate,
  type ErasureMatch,
  type ErasureRequest,
  type MatchCounts,
  type TicketGroup,
} from '../../shared/erasure-requests.ts';
import { apiBase, bool, parseJson, ts, word } from './common.ts';

/** Counts by decision and by action, each action with its decisions. */
function presentMatchCounts(rows: MatchCount[]): MatchCounts {
  const none = () => ({ pending: 0, confirm: 0, reject: 0 });
  const byDecision = none();
  const byAction = {} as MatchCounts['by_action'];
  for (const a of MATCH_ACTIONS) byAction[a] = { total: 0, ...none() };
  let total = 0;
  for (const row of rows) {
    const decision = word(MATCH_DECISIONS, row.decision);
    const a = byAction[word(MATCH_ACTIONS, row.action)];
    total += row.count;
    byDecision[decision] += row.count;
    a.total += row.count;
    a[decision] += row.count;
  }
  return { total, by_decision: byDecision, by_action: byAction };
}

/** One erasure request with its terms and match counts (its matches are a list of their own). */
export async function presentErasureRequest(req: FastifyRequest, r: ErasureRequestRow): Promise<ErasureRequest> {
  const base = `${apiBase(req)}/erasure_requests/${r.id}`;
  const { terms, matchCounts } = await readErasureRequestSummary(req.ctx, { requestId: r.id });
  return {
    id: r.id,
    url: `${base}.json`,
    user_id: r.user_id,
    status: word(ERASURE_REQUEST_STATUSES, r.status),
    received_at: ts(r.received_at),
    due_at: ts(r.due_at),
    extended_until: ts(r.extended_until),
    extension_reason: r.extension_reason,
    deadline: ts(deadlineOf(r)),
    due: dueState(r, req.ctx.now()),
    terms: terms.map((t) => ({ id: t.id, kind: word(TERM_KINDS, t.kind), value: t.value, source: word(TERM_SOURCES, t.source), accepted: bool(t.accepted) })),
    match_counts: presentMatchCounts(matchCounts),
    matches_url: `${base}/matches.json`,
    tickets_url: `${base}/tickets.json`,
    certificate_url: hasCertificate(r) ? `${base}/certificate.json` : null,
    fix_url: r.status === 'verification_failed' ? `${base}/fix.json` : null,
    verification: r.verification ? parseJson<Record<string, unknown>>(r.verification, {}) : null,
    planning_phase: r.plan_phase,
    execution_phase: r.exec_phase,
    job_id: r.job_id,
    opened_by_id: r.opened_by_id,
    executed_by_id: r.executed_by_id,
    completed_at: ts(r.completed_at),
    cancelled_at: ts(r.cancelled_at),
    created_at: ts(r.created_at),
    updated_at: ts(r.updated_at),
  };
}

export function presentMatch(req: FastifyRequest, m: MatchRow): ErasureMatch {
  return {
    id: m.id,
    url: `${apiBase(req)}/erasure_requests/${m.request_id}/matches/${m.id}.json`,
    term_id: m.term_id,
    ticket_id: m.ticket_id,
    comment_id: m.comment_id,
    attachment_id: m.attachment_id,
    raw_message_id: m.raw_message_id,
    organization_id: m.organization_id,
    profile_user_id: m.profile_user_id,
    chat_id: m.location === 'chat' ? m.source_id : null,
    article_id: m.location === 'article' ? m.source_id : null,
    community_id: m.location === 'community' ? m.source_id : null,
    field: m.field || null,
    location: word(MATCH_LOCATIONS, m.location),
    snippet: m.snippet,
    proposed_action: word(MATCH_ACTIONS, m.proposed_action),
    decision: word(MATCH_DECISIONS, m.decision),
    applied_action: m.applied_action,
    applied_at: ts(m.applied_at),
    created_at: ts(m.created_at),
    updated_at: ts(m.updated_at),
  };
}

/** One ticket's matches, summed: the plan grouped by ticket. */
export function presentTicketGroup(req: FastifyRequest, requestId: number, g: TicketGroupRow): TicketGroup {
  return {
    ticket_id: g.id,
    url: `${apiBase(req)}/erasure_requests/${requestId}/matches.json?ticket_id=${g.id}`,
    ticket_url: `${apiBase(req)}/tickets/${g.id}.json`,
    matches: g.matches,
    pending: g.pending,
    confirmed: g.confirmed,
    rejected: g.rejected,
    proposed_actions: g.actions.map((a) => word(MATCH_ACTIONS, a)),
  };
}

/**
 * The certificate (docs/erasure-requests.md: the record may keep who, when and that the
 * procedure was followed, never what was erased): ids, dates, counts and the verification, which holds counts and states only.
 * Never the person's name, terms, snippets, or the free-text extension reason.
 */
export function presentCertificate(req: FastifyRequest, r: ErasureRequestRow & { recipients: Certificate['recipients'] }): Certificate {
  const c = readCounts(r);
  const deadline = deadlineOf(r);
  return {
    request_id: r.id,
    url: `${apiBase(req)}/erasure_requests/${r.id}/certificate.json`,
    status: word(ERASURE_REQUEST_STATUSES, r.status),
    user_id: r.user_id,
    received_at: ts(r.received_at),
    due_at: ts(r.due_at),
    extended_until: ts(r.extended_until),
    completed_at: ts(r.completed_at),
    completed_in_time: !!r.completed_at && r.completed_at <= deadline,
    actor_id: r.executed_by_id,
    opened_by_id: r.opened_by_id,
    counts: {
      redacted_comments: c.redacted_comments,
      redacted_attachments: c.redacted_attachments,
      redacted_subjects: c.redacted_subjects,
      erased_tickets: c.erased_tickets,
      erased_requested_tickets: c.erased_requested_tickets,
      removed_tags: c.removed_tags,
      cleared_fields: c.cleared_fields,
      redacted_organizations: c.redacted_organizations,
      redacted_profiles: c.redacted_profiles,
      skipped_matches: c.skipped_matches,
      matches_applied: c.matches_applied,
      rejected_matches: c.rejected_matches,
      terms_accepted: c.terms_accepted,
      terms_rejected: c.terms_rejected,
    },
    verification: parseJson<Record<string, unknown>>(r.verification, {}),
    recipients: r.recipients,
  };
}
