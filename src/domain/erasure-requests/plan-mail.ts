import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ccTicketsAfter, sentFilesAfter } from '../../db/queries/erasure-request-mail.ts';
import type { ErasureRequestRow, NewMatch } from '../../db/queries/erasure-requests.ts';
import type { MatchLocation } from '../../shared/erasure-requests.ts';
import { proposedAction } from './matching.ts';

// Planning's matches without a term (issue 9, item 5): every file the person sent on
// someone else's ticket — its content cannot be searched, so each one is proposed for
// redaction, whatever its name says — and every ticket whose CC list they are on. Each is
// one step of planning, keyset-paged by id; the plan_cursor of the request is the last id.

const BATCH = 2000;

export interface MailPlanStep {
  matches: NewMatch[];
  /** Where the next step starts; null when this phase is done. */
  cursor: number | null;
}

function termless(r: ErasureRequestRow, now: string, where: { location: MatchLocation; ticket_id: number; source_id: number; comment_id?: number | null; attachment_id?: number | null }) {
  return {
    request_id: r.id,
    term_id: null,
    ticket_id: where.ticket_id,
    comment_id: where.comment_id ?? null,
    attachment_id: where.attachment_id ?? null,
    raw_message_id: null,
    location: where.location,
    source_id: where.source_id,
    applied_action: null,
    applied_at: null,
    created_at: now,
    updated_at: now,
  };
}

/** What the agent sees of a file to decide on it: its name, type and size (the snippet goes with the request). */
function describeFile(f: { file_name: string; content_type: string; size: number; inline: number }): string {
  return `${f.file_name} (${f.content_type}, ${f.size} bytes${f.inline ? ', inline image' : ''})`;
}

/** Files they sent on other people's tickets, after the cursor: proposed for redaction (or the ticket's erasure, if closed). */
export async function planSentFiles(trx: Kysely<Database>, r: ErasureRequestRow, now: string): Promise<MailPlanStep> {
  const files = await sentFilesAfter(trx, r.user_id, r.plan_cursor, BATCH);
  const matches = files.map((f) => ({
    ...termless(r, now, { location: 'sent_attachment', ticket_id: f.ticket_id!, source_id: f.id, comment_id: f.comment_id, attachment_id: f.id }),
    snippet: describeFile(f),
    proposed_action: proposedAction('sent_attachment', f),
    decision: 'pending',
  }));
  return { matches, cursor: files.length < BATCH ? null : files[files.length - 1]!.id };
}

/**
 * Tickets whose CC list they are on, after the cursor. Erasing them takes them off every
 * list (the erasure map), so the match is decided already, like their own tickets: it
 * shows the agent where they were copied, and the stored mail there is searched (raw phase).
 */
export async function planCcLists(trx: Kysely<Database>, r: ErasureRequestRow, now: string): Promise<MailPlanStep> {
  const tickets = await ccTicketsAfter(trx, r.user_id, r.plan_cursor, BATCH);
  const matches = tickets.map((t) => ({
    ...termless(r, now, { location: 'cc_list', ticket_id: t.id, source_id: t.id }),
    snippet: null,
    proposed_action: proposedAction('cc_list', t),
    decision: 'confirm',
  }));
  return { matches, cursor: tickets.length < BATCH ? null : tickets[tickets.length - 1]!.id };
}
