import type { Kysely, Transaction } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import type { DialectCaps } from '../../db/dialects/caps.ts';
import type { ErasureRequestRow, NewMatch } from '../../db/queries/erasure-requests.ts';
import { remainingHits, remainingHtmlHits, type HitSource } from '../../db/queries/erasure-request-planning.ts';
import { rejectedPlaces } from '../../db/queries/erasure-request-records.ts';
import type { MatchAction, MatchLocation, TermKind } from '../../shared/erasure-requests.ts';
import { removeFromCcList } from './apply-mail-matches.ts';
import { clearFields, redactOrganizations, redactProfiles, removeTags, type RecordApply, type TicketApply } from './apply-places.ts';
import { redactAttachments, redactComments, redactSubject } from './apply-ticket-text.ts';
import { occurrences, proposedAction, snippetAt, termPattern } from './matching.ts';
import { matchRow, passTerms, type PlanStep } from './plan-common.ts';
import { planCcLists, planSentFiles } from './plan-mail.ts';
import { planIndexed, planRawMail, planRequested } from './plan-text.ts';
import { readCustomFields, readOrganizations, readProfiles, readTags, type Place, type PlaceReader, type PlaceScope } from './record-places.ts';
import { htmlNeedles, termVariants } from './terms.ts';
import { deleteDrafts, readDrafts } from './draft-search.ts';
import { deleteCallMatches, planRequestedRecordings, readCallPlaces, requestedRecordingsRemaining } from '../calls/erasure-request-calls.ts';
import { applyChats, chatsRemaining, planChats } from './chat-matches.ts';
import { applyArticles, articlesRemaining, planArticles } from './help-centre-matches.ts';
import { applyCommunity, communityRemaining, planCommunity } from './community-matches.ts';

// Every kind of match an erasure request knows, in one list: where it is found (one phase
// of planning each, in this order), what a confirmed match does and how it is carried out,
// whether the agent may reject it, and how verification counts what is left. Planning
// (plan-step.ts), execution (apply-ticket-matches.ts, apply-record-matches.ts), decisions
// (update-erasure-request.ts) and verification (verify-erasure.ts) read this list; a new
// channel (chat, help centre) is one more entry here and its words in the web app.

export interface VerifyTerm {
  id: number;
  kind: string;
  value: string;
}

/** Whose data verification looks for, and in which request's decisions. */
export interface VerifyScope extends PlaceScope {
  requestId: number;
}

export type VerifyMode = 'outside_rejected' | 'in_rejected' | 'all';

export interface MatchKind {
  location: MatchLocation;
  /** Its planning phase (stored in the request while it runs: never renamed). */
  phase: string;
  /** One bounded step of planning. */
  plan(ctx: Ctx, trx: Kysely<Database>, r: ErasureRequestRow, now: string): Promise<PlanStep>;
  /** The actions its matches propose. */
  actions: readonly MatchAction[];
  /** Carries out confirmed matches on a ticket, in the ticket's transaction (several kinds may share one function). */
  applyTicket?(ctx: Ctx, trx: Transaction<Database>, a: TicketApply): Promise<void>;
  /** Carried out whatever the ticket's state, before anything else (a CC list survives a closed ticket's erasure otherwise). */
  anyState?: boolean;
  /** Carries out confirmed matches outside tickets (an organization, a profile). */
  applyRecord?(ctx: Ctx, trx: Kysely<Database>, a: RecordApply): Promise<void>;
  /** Hits of the terms left in this kind's places (verification), by the agent's decisions. */
  remaining?(db: Kysely<Database>, caps: DialectCaps, scope: VerifyScope, terms: VerifyTerm[], mode: VerifyMode): Promise<number>;
  /** Why a rejection is refused (the erasure does it anyway), when it is. */
  refuseReject?: (matchId: number) => string;
}

/** Verification through the full-text index of one source. */
function indexedRemaining(source: HitSource): MatchKind['remaining'] {
  return async (db, caps, s, terms, mode) => {
    let hits = 0;
    for (const t of terms) {
      const phrases = termVariants(t.kind as TermKind, t.value);
      if (phrases.length) hits += await remainingHits(db, caps, source, phrases, s.userId, s.requestId, mode);
    }
    return hits;
  };
}

/** Comments: through the index, and their HTML read for identifiers that only a link or an image holds. */
function commentRemaining(): MatchKind['remaining'] {
  const indexed = indexedRemaining('comment')!;
  return async (db, caps, s, terms, mode) => {
    let hits = await indexed(db, caps, s, terms, mode);
    for (const t of terms) hits += await remainingHtmlHits(db, htmlNeedles(t), s.userId, s.requestId, mode);
    return hits;
  };
}

/** One batch of places of a kind read, each term confirmed in their texts: one match per term and place. */
function planPlaces(read: PlaceReader, propose: (p: Place) => MatchAction): MatchKind['plan'] {
  return async (_ctx, trx, r, now) => {
    const terms = await passTerms(trx, r.id);
    if (!terms.length) return { matches: [], cursor: null };
    const batch = await read(trx, { userId: r.user_id }, r.plan_cursor);
    const matches: NewMatch[] = [];
    for (const p of batch.places) {
      for (const t of terms) {
        const hits = p.texts.flatMap((text) => {
          const found = occurrences(text, t.pattern);
          return found.length ? [{ text, at: found[0]! }] : [];
        });
        if (!hits.length) continue;
        // A tag is short: the snippet is the tags that hold the term.
        const snippet = p.location === 'tag' ? hits.map((h) => h.text).join(', ') : snippetAt(hits[0]!.text, hits[0]!.at);
        const where = { location: p.location, source_id: p.source_id, field: p.field, ticket_id: p.ticket?.id ?? null, organization_id: p.organization_id, profile_user_id: p.profile_user_id };
        matches.push({ ...matchRow(r, now, t.id, where, snippet), proposed_action: propose(p), decision: 'pending' });
      }
    }
    return { matches, cursor: batch.next };
  };
}

/** Verification over the places of a kind, read again in batches; places the agent rejected by `mode`. */
function placesRemaining(read: PlaceReader, location: MatchLocation): MatchKind['remaining'] {
  return async (db, _caps, s, terms, mode) => {
    const patterns = terms.flatMap((t) => termPattern(termVariants(t.kind as TermKind, t.value)) ?? []);
    if (!patterns.length) return 0;
    const rejected = mode === 'all' ? new Set<string>() : await rejectedPlaces(db, s.requestId, location);
    let hits = 0;
    for (let cursor: number | null = 0; cursor !== null; ) {
      const batch = await read(db, s, cursor);
      for (const p of batch.places) {
        const inRejected = rejected.has(`${p.source_id}|${p.field}`);
        if ((mode === 'outside_rejected' && inRejected) || (mode === 'in_rejected' && !inRejected)) continue;
        for (const pattern of patterns) if (p.texts.some((x) => occurrences(x, pattern).length)) hits++;
      }
      cursor = batch.next;
    }
    return hits;
  };
}

const onTicket = (p: Place, location: MatchLocation) => proposedAction(location, p.ticket!);

/** In planning order. */
export const MATCH_KINDS: readonly MatchKind[] = [
  {
    location: 'requested_ticket',
    phase: 'requested',
    plan: planRequested,
    actions: ['erase_with_user'],
    refuseReject: (id) => `Decisions: match ${id} is a ticket this person requested; it is erased with them (docs/lifecycle.md). Change its requester first to keep it.`,
  },
  { location: 'subject', phase: 'subject', plan: planIndexed('subject'), actions: ['redact_subject', 'delete_ticket'], applyTicket: redactSubject, remaining: indexedRemaining('subject') },
  { location: 'comment', phase: 'comment', plan: planIndexed('comment'), actions: ['redact', 'delete_ticket'], applyTicket: redactComments, remaining: commentRemaining() },
  {
    location: 'attachment_name',
    phase: 'attachment_name',
    plan: planIndexed('attachment_name'),
    actions: ['redact_attachment', 'delete_ticket'],
    applyTicket: redactAttachments,
    remaining: indexedRemaining('attachment_name'),
  },
  // Through its comment (redactComments handles both), or the ticket when the mail has none.
  { location: 'raw_mail', phase: 'raw', plan: planRawMail, actions: ['redact', 'delete_ticket'], applyTicket: redactComments },
  { location: 'sent_attachment', phase: 'sent_files', plan: (_ctx, trx, r, now) => planSentFiles(trx, r, now), actions: ['redact_attachment', 'delete_ticket'], applyTicket: redactAttachments },
  {
    location: 'cc_list',
    phase: 'cc_lists',
    plan: (_ctx, trx, r, now) => planCcLists(trx, r, now),
    actions: ['remove_cc'],
    anyState: true,
    applyTicket: async (ctx, trx, a) => void (await removeFromCcList(ctx, trx, a.r, a.t, a.matches, a.now)),
    refuseReject: (id) => `Decisions: match ${id} is a CC list this person is on; erasing them takes them off it in any case.`,
  },
  {
    location: 'tag',
    phase: 'tags',
    plan: planPlaces(readTags, (p) => onTicket(p, 'tag')),
    actions: ['remove_tag', 'delete_ticket'],
    applyTicket: removeTags,
    remaining: placesRemaining(readTags, 'tag'),
  },
  {
    location: 'custom_field',
    phase: 'custom_fields',
    plan: planPlaces(readCustomFields, (p) => onTicket(p, 'custom_field')),
    actions: ['clear_field', 'delete_ticket'],
    applyTicket: clearFields,
    remaining: placesRemaining(readCustomFields, 'custom_field'),
  },
  {
    location: 'organization',
    phase: 'organizations',
    plan: planPlaces(readOrganizations, (p) => (p.field === 'name' ? 'rename_org' : 'redact_org_text')),
    actions: ['rename_org', 'redact_org_text'],
    applyRecord: redactOrganizations,
    remaining: placesRemaining(readOrganizations, 'organization'),
  },
  {
    location: 'profile',
    phase: 'profiles',
    plan: planPlaces(readProfiles, () => 'redact_profile'),
    actions: ['redact_profile'],
    applyRecord: redactProfiles,
    remaining: placesRemaining(readProfiles, 'profile'),
  },
  {
    // Agents' unsent drafts: deleted whole, whatever the ticket's state (draft-search.ts).
    location: 'draft',
    phase: 'drafts',
    plan: planPlaces(readDrafts, () => 'delete_draft'),
    actions: ['delete_draft'],
    anyState: true,
    applyTicket: deleteDrafts,
    remaining: placesRemaining(readDrafts, 'draft'),
  },
  {
    // Calls' recordings and transcripts: deleted at once, whatever the ticket's state (docs/calls.md).
    location: 'call',
    phase: 'calls',
    plan: planPlaces(readCallPlaces, () => 'delete_recording'),
    actions: ['delete_recording'],
    anyState: true,
    applyTicket: deleteCallMatches,
    remaining: placesRemaining(readCallPlaces, 'call'),
  },
  {
    // Recordings on her own tickets (no term): deleted at once by the entry above, before the ticket's erasure.
    location: 'call',
    phase: 'call_recordings',
    plan: planRequestedRecordings,
    actions: ['delete_recording'],
    anyState: true,
    remaining: requestedRecordingsRemaining,
  },
  // Chats (chat-matches.ts): messages, visitors' fields, file names, visitors linked to the person.
  { location: 'chat', phase: 'chats', plan: planChats, actions: ['redact_chat', 'delete_chat_files', 'delete_chat'], applyRecord: applyChats, remaining: chatsRemaining },
  // Knowledge base articles (help-centre-matches.ts): every translation and every revision.
  { location: 'article', phase: 'articles', plan: planArticles, actions: ['redact_article', 'delete_article'], applyRecord: applyArticles, remaining: articlesRemaining },
  // The help centre's community (community-matches.ts): others' posts and comments naming the person.
  { location: 'community', phase: 'community', plan: planCommunity, actions: ['redact_community', 'delete_post', 'delete_comment'], applyRecord: applyCommunity, remaining: communityRemaining },
];

/** The kind of a location. */
export function matchKind(location: string): MatchKind | undefined {
  return MATCH_KINDS.find((k) => k.location === location);
}
