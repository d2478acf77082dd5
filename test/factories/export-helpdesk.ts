import type { Kysely } from 'kysely';

// A helpdesk for the incremental-export tests and benchmark, written straight through Kysely
// in multi-row inserts (20,000 tickets in a second or two): tickets spread over the past with
// several per second and one crowded second holding more than a page, a tombstone, a ticket in
// Deleted tickets and one in Spam every fifty, a CC every ten, and a first comment (with its
// history entry) on each of the first tickets.

/** SQLite allows 32766 bound values per statement; stay well under it. */
const MAX_VALUES = 30_000;

async function insertMany(db: Kysely<any>, table: string, rows: Record<string, unknown>[]): Promise<number[]> {
  const per = Math.max(1, Math.floor(MAX_VALUES / Object.keys(rows[0] ?? { x: 1 }).length));
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += per) {
    const r = await db.insertInto(table).values(rows.slice(i, i + per)).returning('id').execute();
    ids.push(...r.map((x: { id: number }) => x.id));
  }
  return ids;
}

export interface ExportHelpdesk {
  ticketIds: number[];
  tombstoneIds: number[];
  requesterIds: number[];
  ccIds: number[];
  /** The second (Unix) that holds more tickets than a page. */
  crowdedSecond: number;
  /** Unix seconds just before the first ticket. */
  startTime: number;
}

/**
 * Seeds `tickets` tickets whose last change runs from `from` onwards, four a second, with
 * `crowded` tickets all in one second in the middle; `withComments` first tickets get a
 * comment and a history entry (for the ticket event export).
 */
export async function seedExportHelpdesk(
  db: Kysely<any>,
  opts: { tickets: number; from: string; crowded?: number; withComments?: number },
): Promise<ExportHelpdesk> {
  // Whole seconds, so that each second holds exactly the rows the plan puts in it.
  const base = Math.floor(Date.parse(opts.from) / 1000) * 1000;
  const crowded = opts.crowded ?? 0;
  const people = Math.max(1, Math.floor(opts.tickets / 100));
  const at = (ms: number) => new Date(ms).toISOString();
  return db.transaction().execute(async (trx) => {
    const user = (name: string, role = 'end-user') => ({
      name, alias: null, role, is_owner: 0, can_delete_tickets: 0, suspended: 0, verified: 1, external_id: null, notes: null, details: null,
      user_fields: null, locale: null, time_zone: null, password_hash: null, created_at: at(base), updated_at: at(base), deleted_at: null,
      deleted_by_id: null, erasing_since: null, erased_at: null,
    });
    const [agentId] = await insertMany(trx, 'users', [user('Export Agent', 'agent')]);
    const requesterIds = await insertMany(trx, 'users', Array.from({ length: people }, (_, i) => user(`Requester ${i}`)));
    const ccIds = await insertMany(trx, 'users', Array.from({ length: people }, (_, i) => user(`Colleague ${i}`)));
    await insertMany(trx, 'identities', [...requesterIds, ...ccIds].map((id) => ({
      user_id: id, type: 'email', value: `p${id}@export.test`, value_key: `p${id}@export.test`, verified: 1, is_primary: 1, released: 0, created_at: at(base), updated_at: at(base),
    })));
    const middle = Math.floor(opts.tickets / 2);
    const crowdedMs = base + Math.floor(middle / 4) * 1000 + 1000;
    const rows = Array.from({ length: opts.tickets }, (_, i) => {
      // Four a second, each at its own millisecond; the crowded ones share one second.
      const inCrowd = i >= middle && i < middle + crowded;
      const ms = inCrowd ? crowdedMs + ((i - middle) % 1000) : base + Math.floor(i / 4) * 1000 + (i % 4) * 250 + (i >= middle + crowded ? 2000 : 0);
      const kind = i % 50;
      const erased = kind === 0;
      const requester = requesterIds[i % people]!;
      return {
        external_id: null, subject: erased ? null : `Ticket ${i}`, status: erased ? 'deleted' : (['new', 'open', 'pending', 'solved'] as const)[i % 4],
        priority: erased ? null : 'normal', type: erased ? null : 'question', requester_id: requester, submitter_id: requester, assignee_id: agentId,
        organization_id: null, group_id: null, brand_id: 1, channel: 'web', custom_fields: null, due_at: null,
        state: erased ? 'erased' : kind === 1 ? 'deleted' : kind === 2 ? 'spam' : 'active', spam_cause: kind === 2 ? 'manual' : null,
        state_changed_at: kind === 1 || kind === 2 ? at(ms) : null, state_actor_id: null, solved_at: null,
        erased_at: erased ? at(ms) : null, created_at: at(base), updated_at: at(ms),
      };
    });
    const ticketIds = await insertMany(trx, 'tickets', rows);
    const tombstoneIds = ticketIds.filter((_, i) => i % 50 === 0);
    const ccRows = ticketIds.flatMap((id, i) => (i % 10 === 5 ? [{ ticket_id: id, user_id: ccIds[i % people]! }] : []));
    if (ccRows.length) await trx.insertInto('ticket_collaborators').values(ccRows).execute();
    const commented = ticketIds.slice(0, opts.withComments ?? 0).filter((_, i) => i % 50 !== 0);
    if (commented.length) {
      const commentIds = await insertMany(trx, 'comments', commented.map((id, k) => ({
        ticket_id: id, author_id: requesterIds[k % people]!, body: `Comment on ${id}`, html_body: `<p>Comment on ${id}</p>`, plain_body: `Comment on ${id}`, public: 1, channel: 'web', created_at: at(base),
      })));
      await insertMany(trx, 'ticket_audits', commented.map((id, k) => ({
        ticket_id: id, author_id: requesterIds[k % people]!, created_at: at(base),
        events: JSON.stringify([{ type: 'Create', field_name: 'status', value: 'new' }, { type: 'Comment', id: commentIds[k], author_id: requesterIds[k % people]!, public: true, attachment_ids: [] }]),
      })));
    }
    return { ticketIds, tombstoneIds, requesterIds, ccIds, crowdedSecond: Math.floor(crowdedMs / 1000), startTime: Math.floor(base / 1000) - 1 };
  });
}
