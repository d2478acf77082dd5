import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { markApplied } from '../../db/queries/erasure-requests.ts';
import { deleteDraftById, draftsOfOthers } from '../../db/queries/workspace.ts';
import type { TicketApply } from './apply-places.ts';
import type { Place, PlaceReader } from './record-places.ts';

// Agents' drafts in an erasure request (docs/views.md "Drafts"): searched like comments, but
// by reading them, since drafts have no full-text index (they are few: one per agent and
// ticket, gone after 30 days untouched). A draft that names the person is deleted whole: it
// is an agent's unsent words, never part of the ticket, so a closed ticket is not erased for it.

/** Drafts read per batch. */
const ROWS = 500;

/** A draft's texts: its body and every string among its field values. */
export function draftTexts(d: { body: string; fields: string }): string[] {
  const out = [d.body];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(JSON.parse(d.fields));
  return out;
}

/** Drafts on tickets the person did not request, by others than the person (theirs go with them), after `cursor` (a draft id). */
export const readDrafts: PlaceReader = async (db, scope, cursor) => {
  const rows = await draftsOfOthers(db, scope.userId, cursor, ROWS);
  const places: Place[] = rows.map((d) => ({
    location: 'draft',
    source_id: d.id,
    field: '',
    texts: draftTexts(d),
    ticket: { id: d.ticket_id, state: d.state, status: d.status },
  }));
  return { places, next: rows.length === ROWS ? rows[rows.length - 1]!.id : null };
};

/** Deletes the drafts of confirmed `draft` matches (in any ticket state); a draft gone since is `gone`. */
export async function deleteDrafts(_ctx: Ctx, trx: Kysely<Database>, a: TicketApply): Promise<void> {
  for (const m of a.matches.filter((x) => x.location === 'draft')) {
    await markApplied(trx, [m.id], (await deleteDraftById(trx, m.source_id)) ? 'delete_draft' : 'gone', a.now);
  }
}
