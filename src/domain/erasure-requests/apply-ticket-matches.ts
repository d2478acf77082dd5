import type { Ctx } from '../../context.ts';
import { getTicketForUpdate } from '../../db/queries/tickets.ts';
import { confirmedMatchesOf, markApplied, type ErasureRequestRow } from '../../db/queries/erasure-requests.ts';
import { authorize, canDeleteTickets } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { eraseTicketInTransaction } from '../tickets/erase-ticket.ts';
import type { TermPatterns } from './apply-places.ts';
import { MATCH_KINDS, type MatchKind } from './match-kinds.ts';
import { bumpCounts, requestForChange } from './state.ts';

export type { TermPatterns } from './apply-places.ts';

/** The ticket appliers, each once (kinds may share one), in the registry's order. */
function appliers(anyState: boolean): NonNullable<MatchKind['applyTicket']>[] {
  return [...new Set(MATCH_KINDS.filter((k) => !!k.anyState === anyState).flatMap((k) => (k.applyTicket ? [k.applyTicket] : [])))];
}
const ANY_STATE = new Set(MATCH_KINDS.filter((k) => k.anyState).map((k) => k.location as string));

export interface ApplyTicketMatchesInput {
  /** The executing request, as its step read it: a request that moved on since changes nothing. */
  request: ErasureRequestRow;
  ticketId: number;
  patterns: TermPatterns;
}

/**
 * Carries out one ticket's confirmed matches in one transaction, with the progress that
 * records them: a ticket that is closed or deleted now, or has a match whose action is to
 * delete it, is erased to its tombstone (its matches go with it); otherwise each string is
 * redacted where it was found (longest first, so a full name goes before a part of it),
 * attachments become empty `redacted.txt`, the subject is redacted in place, tags come off
 * and custom fields are cleared (match-kinds.ts). Run again
 * after a crash it finds nothing left to do. False when there was nothing to do.
 */
export async function applyTicketMatches(ctx: Ctx, { request: r, ticketId, patterns }: ApplyTicketMatchesInput): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const cur = await requestForChange(ctx, trx, r.id);
    if (cur.status !== 'executing' || cur.job_id !== r.job_id) return false;
    const all = await confirmedMatchesOf(trx, r.id, ticketId);
    if (!all.length) return false;
    const now = ctx.now().toISOString();
    const t = await getTicketForUpdate(trx, ticketId, ctx.caps.rowLocks);
    // Taking them off a CC list changes nothing else, in any state: never a reason to erase the ticket.
    const first = all.filter((m) => ANY_STATE.has(m.location));
    if (first.length) for (const apply of appliers(true)) await apply(ctx, trx, { r, t: t!, matches: first, patterns, now });
    const matches = all.filter((m) => !ANY_STATE.has(m.location));
    if (!matches.length) {
      await bumpCounts(trx, cur, { matches_applied: all.length }, now);
      return true;
    }
    if (!t || t.state === 'erased') {
      await markApplied(trx, matches.map((m) => m.id), 'gone', now);
    } else if (t.state === 'deleted' || t.status === 'closed' || matches.some((m) => m.proposed_action === 'delete_ticket')) {
      // docs/erasure-requests.md: anything in a closed ticket → delete the ticket. Confirmed means it must go, so it is erased at once.
      authorize(canDeleteTickets(ctx.actor!));
      const counts = await eraseTicketInTransaction(ctx, trx, ticketId);
      const { tickets: _self, ...rest } = counts;
      await recordEvent(ctx, trx, { action: 'ticket.erased', subjectType: 'ticket', subjectId: ticketId, details: { from: t.state, erasure_request_id: r.id, ...rest } });
      await bumpCounts(trx, cur, { matches_applied: all.length, erased_tickets: 1 }, now);
      return true;
    } else {
      // Comments, files, the subject, tags, custom fields: each kind carries out its own.
      for (const apply of appliers(false)) await apply(ctx, trx, { r, t, matches, patterns, now });
    }
    await bumpCounts(trx, cur, { matches_applied: all.length }, now);
    return true;
  });
}

