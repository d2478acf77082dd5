import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { removeCollaborator } from '../../db/queries/erasure-request-mail.ts';
import { markApplied, type ErasureRequestRow, type MatchRow } from '../../db/queries/erasure-requests.ts';
import { collaboratorsOfTickets, type TicketRow } from '../../db/queries/tickets.ts';
import { fieldEvent, writeTicketAudit } from '../tickets/ticket-audit.ts';

/**
 * Carries out a ticket's confirmed `cc_list` matches (the person comes off the CC list, with
 * a history entry) and returns the other matches, for the rest of applyTicketMatches. A
 * ticket already erased has no list left: the match is simply marked done.
 */
export async function removeFromCcList(ctx: Ctx, trx: Kysely<Database>, r: ErasureRequestRow, t: TicketRow | undefined, matches: MatchRow[], now: string): Promise<MatchRow[]> {
  const cc = matches.filter((m) => m.location === 'cc_list');
  if (!cc.length) return matches;
  if (t && t.state !== 'erased') {
    const before = (await collaboratorsOfTickets(trx, [t.id])).map((c) => c.user_id);
    if (await removeCollaborator(trx, t.id, r.user_id)) {
      await writeTicketAudit(ctx, trx, t.id, [fieldEvent('Change', 'collaborator_ids', before.filter((id) => id !== r.user_id), before)]);
    }
  }
  await markApplied(trx, cc.map((m) => m.id), t && t.state !== 'erased' ? 'remove_cc' : 'gone', now);
  return matches.filter((m) => m.location !== 'cc_list');
}
