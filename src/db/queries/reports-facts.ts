import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database, TicketsTable } from '../schema.ts';
import type { ReportDailyTable, TicketFactsTable } from '../schema-reports.ts';

// The reports' facts (docs/reports.md), kept in step by every write to `tickets`, `comments`
// and `satisfaction_ratings` — called from those query functions themselves, so no write
// path can forget, and always with the writer's executor, so the fact commits or rolls
// back with the change it counts. Rollups move by deltas: the old fact's contribution out,
// the new one's in; a repeated sync adds nothing.

export type TicketFact = TicketFactsTable;
type Counter = Exclude<keyof ReportDailyTable, 'day' | 'channel' | 'group_id'>;

const MINUTE_MS = 60_000;
const ZERO: Record<Counter, number> = {
  created: 0, solved: 0, spam: 0, removed: 0, first_reply_count: 0, first_reply_minutes: 0, resolution_minutes: 0, csat_good: 0, csat_bad: 0,
};
const AGENT_ROLES = ['agent', 'admin'] as const;

function minutesBetween(from: string, to: string): number {
  return Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / MINUTE_MS));
}

/** What one fact adds to the rollups: [day, counter, amount]; its channel and group are the fact's. */
export function contributions(f: TicketFact): [string, Counter, number][] {
  const out: [string, Counter, number][] = [];
  const day = (at: string) => at.slice(0, 10);
  if (f.is_spam) return [[day(f.created_at), 'spam', 1]];
  out.push([day(f.created_at), 'created', 1]);
  if (f.first_reply_minutes !== null) {
    out.push([day(f.created_at), 'first_reply_count', 1], [day(f.created_at), 'first_reply_minutes', f.first_reply_minutes]);
  }
  if (f.solved_at !== null) out.push([day(f.solved_at), 'solved', 1], [day(f.solved_at), 'resolution_minutes', f.resolution_minutes ?? 0]);
  // Leaving unsolved (Deleted, or erased without ever being deleted) ends its backlog days.
  const left = f.deleted_at ?? f.erased_at;
  if (left !== null && (f.solved_at === null || f.solved_at > left)) out.push([day(left), 'removed', 1]);
  if (f.csat_rated_at !== null && (f.csat_score === 'good' || f.csat_score === 'bad')) {
    out.push([day(f.csat_rated_at), f.csat_score === 'good' ? 'csat_good' : 'csat_bad', 1]);
  }
  return out;
}

type TicketBits = {
  id: number;
  created_at: string;
  channel: string;
  group_id: number | null;
  brand_id: number | null;
  status: string;
  state: string;
  spam_cause: string | null;
  state_changed_at: string | null;
  solved_at: string | null;
  erased_at: string | null;
  updated_at: string;
};

/** The fact a ticket row stands for now; an erased ticket keeps the fact it had (only `erased_at` is new). */
function factOf(t: TicketBits, old: TicketFact | undefined, reply: string | null, rating: { score: string; rated_at: string | null } | undefined): TicketFact {
  const now = t.updated_at;
  if (t.state === 'erased' && old) return { ...old, erased_at: old.erased_at ?? t.erased_at, updated_at: now };
  const firstReplyAt = old ? old.first_reply_at : reply;
  const rated = rating && (rating.score === 'good' || rating.score === 'bad') ? rating : undefined;
  return {
    ticket_id: t.id,
    created_at: t.created_at,
    channel: t.channel,
    group_id: t.group_id,
    brand_id: t.brand_id,
    status: t.status,
    // Spam an agent (or a mail loop) decided; a contact's deletion parks tickets in Spam but they were work.
    is_spam: t.state === 'spam' && t.spam_cause !== 'contact_deleted' ? 1 : 0,
    deleted_at: t.state === 'deleted' || (t.state === 'spam' && t.spam_cause === 'contact_deleted') ? t.state_changed_at : null,
    erased_at: t.erased_at,
    first_reply_at: firstReplyAt,
    first_reply_minutes: firstReplyAt === null ? null : minutesBetween(t.created_at, firstReplyAt),
    solved_at: t.solved_at,
    resolution_minutes: t.solved_at === null ? null : minutesBetween(t.created_at, t.solved_at),
    csat_score: rated?.score ?? null,
    csat_rated_at: rated?.rated_at ?? null,
    updated_at: now,
  };
}

const FACT_KEYS: (keyof TicketFact)[] = [
  'created_at', 'channel', 'group_id', 'brand_id', 'status', 'is_spam', 'deleted_at', 'erased_at',
  'first_reply_at', 'first_reply_minutes', 'solved_at', 'resolution_minutes', 'csat_score', 'csat_rated_at',
];
const sameFact = (a: TicketFact, b: TicketFact) => FACT_KEYS.every((k) => a[k] === b[k]);

/** The first public comment by an agent after each ticket's opening comment. */
async function firstReplies(db: Kysely<Database>, ids: number[]): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('comments')
    .innerJoin('users', 'users.id', 'comments.author_id')
    .select(['comments.ticket_id', (eb) => eb.fn.min('comments.created_at').as('at')])
    .where('comments.ticket_id', 'in', ids)
    .where('comments.public', '=', 1)
    .where('users.role', 'in', AGENT_ROLES)
    .where((eb) =>
      eb('comments.id', '>', eb.selectFrom('comments as c0').select((e) => e.fn.min('c0.id').as('m')).whereRef('c0.ticket_id', '=', 'comments.ticket_id')),
    )
    .groupBy('comments.ticket_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.ticket_id), String(r.at)]));
}

type Deltas = Map<string, Partial<Record<Counter, number>>>;

function addContributions(deltas: Deltas, f: TicketFact, sign: 1 | -1): void {
  for (const [day, counter, n] of contributions(f)) {
    const key = JSON.stringify([day, f.channel, f.group_id ?? 0]);
    const d = deltas.get(key) ?? {};
    d[counter] = (d[counter] ?? 0) + sign * n;
    deltas.set(key, d);
  }
}

/** Adds per-(day, channel, group) deltas to the rollups, one upsert per touched row. */
async function applyDeltas(db: Kysely<Database>, deltas: Deltas): Promise<void> {
  for (const [key, counters] of deltas) {
    const entries = Object.entries(counters).filter(([, n]) => n !== 0) as [Counter, number][];
    if (!entries.length) continue;
    const [day, channel, group] = JSON.parse(key) as [string, string, number];
    const set = Object.fromEntries(entries.map(([c, n]) => [c, sql`${sql.ref(`report_daily.${c}`)} + ${n}`]));
    await db
      .insertInto('report_daily')
      .values({ day, channel, group_id: group, ...ZERO, ...Object.fromEntries(entries) })
      .onConflict((oc) => oc.columns(['day', 'channel', 'group_id']).doUpdateSet(set))
      .execute();
  }
}

/** How many tickets one pass of syncTicketFacts reads with literal id lists. */
const FACTS_PER_STATEMENT = 1_000;

/**
 * Brings the facts and rollups of these tickets in line with their rows, in the caller's
 * transaction. Idempotent; a ticket without a fact yet (new, or from before migration 040)
 * gets one, its first reply read from its comments.
 */
export async function syncTicketFacts(db: Kysely<Database>, ticketIds: readonly number[]): Promise<void> {
  const ids = [...new Set(ticketIds)];
  if (!ids.length) return;
  // A contact's deletion moves all their tickets at once: in slices, under SQLite's limit on
  // bound values (32,766), which 70,000 tickets passed.
  if (ids.length > FACTS_PER_STATEMENT) {
    for (let i = 0; i < ids.length; i += FACTS_PER_STATEMENT) await syncTicketFacts(db, ids.slice(i, i + FACTS_PER_STATEMENT));
    return;
  }
  const tickets = await db
    .selectFrom('tickets')
    .select(['id', 'created_at', 'channel', 'group_id', 'brand_id', 'status', 'state', 'spam_cause', 'state_changed_at', 'solved_at', 'erased_at', 'updated_at'])
    .where('id', 'in', ids)
    .execute();
  const olds = new Map((await db.selectFrom('ticket_facts').selectAll().where('ticket_id', 'in', ids).execute()).map((f) => [f.ticket_id, f]));
  const ratings = new Map(
    (await db.selectFrom('satisfaction_ratings').select(['ticket_id', 'score', 'rated_at']).where('ticket_id', 'in', ids).execute()).map((r) => [r.ticket_id, r]),
  );
  const missing = tickets.filter((t) => !olds.has(t.id)).map((t) => t.id);
  const replies = missing.length ? await firstReplies(db, missing) : new Map<number, string>();
  const deltas: Deltas = new Map();
  const add = (f: TicketFact, sign: 1 | -1) => addContributions(deltas, f, sign);
  const fresh: TicketFact[] = [];
  // Facts that change the same way (a batch of tickets erased or parked at once: the same
  // erased_at or deleted_at) share one update: per ticket, 70,000 tickets were 70,000 statements.
  const patches = new Map<string, { patch: Partial<TicketFact>; ids: number[] }>();
  for (const t of tickets) {
    const old = olds.get(t.id);
    const fact = factOf(t, old, replies.get(t.id) ?? null, ratings.get(t.id));
    if (old && sameFact(old, fact)) continue;
    if (old) {
      add(old, -1);
      const patch = changedFields(old, fact);
      const key = JSON.stringify(patch);
      const same = patches.get(key) ?? { patch, ids: [] };
      same.ids.push(t.id);
      patches.set(key, same);
    } else {
      fresh.push(fact);
    }
    add(fact, 1);
  }
  for (const { patch, ids: same } of patches.values()) await db.updateTable('ticket_facts').set(patch).where('ticket_id', 'in', same).execute();
  // Rows of 16 values: 500 a statement (8,000) stay well under SQLite's limit on bound values.
  for (let i = 0; i < fresh.length; i += 500) await db.insertInto('ticket_facts').values(fresh.slice(i, i + 500)).execute();
  await applyDeltas(db, deltas);
}

/** The columns in which a ticket's new fact differs from its old one, and its update time. */
function changedFields(old: TicketFact, fact: TicketFact): Partial<TicketFact> {
  const patch: Record<string, unknown> = {};
  for (const k of FACT_KEYS) if (old[k] !== fact[k]) patch[k] = fact[k];
  patch.updated_at = fact.updated_at;
  return patch as Partial<TicketFact>;
}

/**
 * The fact of a ticket row just inserted (insertTicket): everything is in the row, and a
 * ticket that did not exist a moment ago has no comment, rating or fact yet — two writes, no reads.
 */
export async function insertNewTicketFact(db: Kysely<Database>, id: number, row: Insertable<TicketsTable>): Promise<void> {
  const t: TicketBits = {
    id,
    created_at: row.created_at,
    channel: row.channel,
    group_id: row.group_id ?? null,
    brand_id: row.brand_id ?? null,
    status: row.status,
    state: row.state,
    spam_cause: row.spam_cause ?? null,
    state_changed_at: row.state_changed_at ?? null,
    solved_at: row.solved_at ?? null,
    erased_at: row.erased_at ?? null,
    updated_at: row.updated_at,
  };
  const fact = factOf(t, undefined, null, undefined);
  await db.insertInto('ticket_facts').values(fact).execute();
  const deltas: Deltas = new Map();
  addContributions(deltas, fact, 1);
  await applyDeltas(db, deltas);
}

/** A new comment may be a ticket's first reply: only a public agent comment on a fact that has none yet. */
export async function noteCommentForFacts(
  db: Kysely<Database>,
  c: { id: number; ticket_id: number; author_id: number; public: number; created_at: string },
): Promise<void> {
  if (!c.public) return;
  const fact = await db.selectFrom('ticket_facts').selectAll().where('ticket_id', '=', c.ticket_id).where('first_reply_at', 'is', null).where('erased_at', 'is', null).executeTakeFirst();
  if (!fact) return;
  // The ticket's opening comment is no reply (checked first: every new ticket has one).
  const earlier = await db.selectFrom('comments').select('id').where('ticket_id', '=', c.ticket_id).where('id', '<', c.id).limit(1).executeTakeFirst();
  if (!earlier) return;
  const author = await db.selectFrom('users').select('role').where('id', '=', c.author_id).executeTakeFirst();
  if (!author || !(AGENT_ROLES as readonly string[]).includes(author.role)) return;
  const next: TicketFact = { ...fact, first_reply_at: c.created_at, first_reply_minutes: minutesBetween(fact.created_at, c.created_at), updated_at: c.created_at };
  await db.updateTable('ticket_facts').set({ first_reply_at: next.first_reply_at, first_reply_minutes: next.first_reply_minutes, updated_at: next.updated_at }).where('ticket_id', '=', c.ticket_id).execute();
  const deltas = new Map<string, Partial<Record<Counter, number>>>();
  if (!fact.is_spam) deltas.set(JSON.stringify([fact.created_at.slice(0, 10), fact.channel, fact.group_id ?? 0]), { first_reply_count: 1, first_reply_minutes: next.first_reply_minutes! });
  await applyDeltas(db, deltas);
}

/** Up to `limit` ticket ids after `afterId`, for the backfill. */
export async function ticketIdsAfter(db: Kysely<Database>, afterId: number, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('tickets').select('id').where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** Ticket ids of one requester (a contact's deletion or restore moves them all at once). */
export async function ticketIdsOfRequester(db: Kysely<Database>, userId: number): Promise<number[]> {
  return (await db.selectFrom('tickets').select('id').where('requester_id', '=', userId).execute()).map((r) => r.id);
}

/** How many tickets have no report fact: those written before migration 040, until `oubli reports-backfill` runs. */
export async function ticketsWithoutFacts(db: Kysely<Database>): Promise<number> {
  const count = async (table: 'tickets' | 'ticket_facts') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return Math.max(0, (await count('tickets')) - (await count('ticket_facts')));
}
