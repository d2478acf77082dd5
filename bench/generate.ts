import type { Insertable, Kysely } from 'kysely';
import type { CommentsTable, Database, IdentitiesTable, TicketsTable, UsersTable } from '../src/db/schema.ts';

// Benchmark data, written straight through Kysely in large transactions with multi-row
// inserts: other people's tickets with a few comments each, and on demand one contact
// with their own tickets and comments.

// A vocabulary of 20,000 made-up words drawn with a Zipf-like law (a few words in every
// text, most words rare), so that full-text doclists are shaped like a real helpdesk's.
const SYLLABLES = 'ka lo mi ne ru sa te vo bi da fe gu hi jo ku la ma no pe qu ri so tu va we xi yo zu'.split(' ');
const VOCABULARY = 20_000;
const WORDS = Array.from({ length: VOCABULARY }, (_, i) => {
  let w = '';
  for (let n = i + 1; n > 0; n = Math.floor(n / SYLLABLES.length)) w += SYLLABLES[n % SYLLABLES.length];
  return w;
});
const AT = '2026-11-01T09:00:00.000Z';
/** SQLite allows 32766 bound values per statement; stay well under it. */
const MAX_VALUES = 30_000;

/** A deterministic pseudo-random number in [0, 1) for (seed, i). */
function rand(seed: number, i: number): number {
  let x = (Math.imul(seed, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
}

function text(seed: number, words: number): string {
  let out = '';
  for (let i = 0; i < words; i++) {
    const rank = Math.min(VOCABULARY - 1, Math.floor(Math.exp(rand(seed, i) * Math.log(VOCABULARY))) - 1);
    out += (i ? ' ' : '') + WORDS[rank];
  }
  return out;
}

/** Inserts rows in statements as large as the parameter limit allows; returns the ids in order. */
async function insertMany<T extends 'users' | 'tickets' | 'comments' | 'identities'>(
  db: Kysely<Database>,
  table: T,
  rows: Insertable<Database[T]>[],
): Promise<number[]> {
  if (!rows.length) return [];
  const per = Math.max(1, Math.floor(MAX_VALUES / Object.keys(rows[0]!).length));
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += per) {
    const r = await (db as Kysely<any>).insertInto(table).values(rows.slice(i, i + per)).returning('id').execute();
    ids.push(...r.map((x: { id: number }) => x.id));
  }
  return ids;
}

function user(name: string, role: UsersTable['role'] = 'end-user'): Insertable<UsersTable> {
  return {
    name, alias: null, role, is_owner: 0, can_delete_tickets: 0, suspended: 0, verified: 1, external_id: null,
    notes: null, details: null, user_fields: null, locale: null, time_zone: null, password_hash: null,
    created_at: AT, updated_at: AT, deleted_at: null, deleted_by_id: null, erasing_since: null, erased_at: null,
  };
}

function email(userId: number, value: string): Insertable<IdentitiesTable> {
  return { user_id: userId, type: 'email', value, value_key: value, verified: 1, is_primary: 1, released: 0, created_at: AT, updated_at: AT };
}

function ticket(i: number, requesterId: number, agentId: number): Insertable<TicketsTable> {
  return {
    external_id: null, subject: text(i, 6), status: (['new', 'open', 'pending', 'solved', 'closed'] as const)[i % 5]!,
    priority: 'normal', type: 'question', requester_id: requesterId, submitter_id: requesterId, assignee_id: agentId,
    organization_id: null, group_id: null, brand_id: 1, channel: i % 2 ? 'email' : 'web', custom_fields: null,
    due_at: null, state: 'active', spam_cause: null, state_changed_at: null, state_actor_id: null,
    solved_at: i % 5 === 3 ? AT : null, erased_at: null, created_at: AT, updated_at: AT,
  };
}

function comment(i: number, ticketId: number, authorId: number): Insertable<CommentsTable> {
  const body = text(i, 40);
  return { ticket_id: ticketId, author_id: authorId, body, html_body: `<p>${body}</p>`, plain_body: body, public: 1, channel: 'web', created_at: AT };
}

/**
 * Fills an empty, migrated database: `tickets` tickets from `tickets / 10` requesters,
 * each with `commentsPerTicket` comments alternating requester and agent.
 */
export async function generate(db: Kysely<Database>, opts: { tickets: number; commentsPerTicket: number }): Promise<{ agentId: number }> {
  const requesters = Math.max(1, Math.floor(opts.tickets / 10));
  const CHUNK = 10_000;
  return db.transaction().execute(async (trx) => {
    const [agentId] = await insertMany(trx, 'users', [user('Bench Agent', 'agent')]);
    const ids = await insertMany(trx, 'users', Array.from({ length: requesters }, (_, i) => user(`Requester ${i}`)));
    await insertMany(trx, 'identities', ids.map((id, i) => email(id, `requester${i}@bench.test`)));
    // In chunks, so that the rows of one chunk are all that is held in memory.
    for (let start = 0; start < opts.tickets; start += CHUNK) {
      const n = Math.min(CHUNK, opts.tickets - start);
      const tids = await insertMany(trx, 'tickets', Array.from({ length: n }, (_, k) => ticket(start + k, ids[(start + k) % ids.length]!, agentId!)));
      const comments: Insertable<CommentsTable>[] = [];
      tids.forEach((tid, k) => {
        const requester = ids[(start + k) % ids.length]!;
        for (let c = 0; c < opts.commentsPerTicket; c++) comments.push(comment(start + k + c, tid, c % 2 ? agentId! : requester));
      });
      await insertMany(trx, 'comments', comments);
    }
    return { agentId: agentId! };
  });
}

let contactSeq = 0;

/** One contact with `tickets` requested tickets of `commentsPerTicket` comments each; returns their id. */
export async function addContact(db: Kysely<Database>, agentId: number, opts: { tickets: number; commentsPerTicket: number }): Promise<number> {
  const n = ++contactSeq;
  return db.transaction().execute(async (trx) => {
    const [id] = await insertMany(trx, 'users', [user(`Bench Contact ${n}`)]);
    await insertMany(trx, 'identities', [email(id!, `contact${n}-${process.pid}@bench.test`)]);
    const tids = await insertMany(trx, 'tickets', Array.from({ length: opts.tickets }, (_, i) => ticket(i, id!, agentId)));
    const comments: Insertable<CommentsTable>[] = [];
    for (const tid of tids) for (let c = 0; c < opts.commentsPerTicket; c++) comments.push(comment(tid + c, tid, c % 2 ? agentId : id!));
    await insertMany(trx, 'comments', comments);
    return id!;
  });
}
