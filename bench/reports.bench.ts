import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import { migrate, openStore, type Store } from '../src/db/connect.ts';
import type { Database } from '../src/db/schema.ts';
import type { ReportDailyTable, TicketFactsTable } from '../src/db/schema-reports.ts';
import { contributions, insertNewTicketFact, noteCommentForFacts } from '../src/db/queries/reports-facts.ts';
import { silentLogger, SYSTEM_ACTOR, type Ctx } from '../src/context.ts';
import { setupOwner } from '../src/domain/auth/setup-owner.ts';
import { readReport } from '../src/domain/reports/read-report.ts';
import { createTicket } from '../src/domain/tickets/create-ticket.ts';
import { REPORT_NAMES } from '../src/shared/reports.ts';

// Reports at a million tickets (docs/reports.md; not part of `npm run bench`):
//   (a) seeds FACTS ticket facts over three years and their exact daily rollups with direct
//       inserts (the same contributions() the live writes use);
//   (b) the median of RUNS runs of each report (the domain action, so the JSON assembly is
//       counted) over the last 90 days and the last 365 days, all groups and one group;
//   (c) what a ticket's fact costs its action: the median createTicket, and the median of the
//       fact work alone (insertNewTicketFact on a fresh ticket row + the comment's first-reply check).
//
//   node bin/run-ts.js bench/reports.bench.ts [--facts=1000000] [--postgres=postgres://…] [--postgres-only]

const arg = (name: string, dflt: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
const FACTS = Number(arg('facts', '1000000'));
const PG = arg('postgres', '');
/** --postgres-only: skip the SQLite half (to time PostgreSQL alone). */
const SQLITE = !process.argv.includes('--postgres-only');
const RUNS = 9;
const CREATES = 200;
const DAYS = 3 * 365;
const END = Date.parse('2026-11-30T00:00:00Z');
const CHANNELS = ['email', 'web', 'api', 'chat', 'voice'];
const GROUPS = 10;
/** Seeded ticket ids start here, clear of the ids the create-ticket part hands out. */
const FIRST_ID = 100_000_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A small deterministic generator, so every run seeds the same data. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function fact(i: number, rand: () => number): TicketFactsTable {
  const created = END - Math.floor(rand() * DAYS * 86_400_000);
  const iso = (t: number) => new Date(t).toISOString();
  const spam = rand() < 0.04;
  const reply = !spam && rand() < 0.9 ? Math.floor(-Math.log(1 - rand()) * 240) : null;
  const solved = !spam && rand() < 0.85 ? Math.floor(-Math.log(1 - rand()) * 2880) : null;
  const rated = solved !== null && rand() < 0.2;
  const channel = CHANNELS[Math.floor(rand() * CHANNELS.length)]!;
  const g = Math.floor(rand() * (GROUPS + 1));
  return {
    ticket_id: FIRST_ID + i,
    created_at: iso(created),
    channel,
    group_id: g === 0 ? null : g,
    brand_id: null,
    status: solved !== null ? 'solved' : 'open',
    is_spam: spam ? 1 : 0,
    deleted_at: null,
    erased_at: null,
    first_reply_at: reply === null ? null : iso(created + reply * 60_000),
    first_reply_minutes: reply,
    solved_at: solved === null ? null : iso(created + solved * 60_000),
    resolution_minutes: solved,
    csat_score: rated ? (rand() < 0.85 ? 'good' : 'bad') : null,
    csat_rated_at: rated ? iso(created + (solved ?? 0) * 60_000 + 3_600_000) : null,
    updated_at: iso(created),
  };
}

async function seed(db: Kysely<Database>, store: Store): Promise<number> {
  const t0 = performance.now();
  const rand = rng(42);
  const rollups = new Map<string, ReportDailyTable>();
  const lite = store.sqlitePath !== null;
  if (lite) await sql`pragma foreign_keys = off`.execute(db);
  await db.transaction().execute(async (trx) => {
    // The seeded facts point at no ticket row: the benchmark reads only the report tables.
    if (!lite) await sql`set local session_replication_role = replica`.execute(trx);
    for (let i = 0; i < FACTS; i += 1000) {
      const rows: TicketFactsTable[] = [];
      for (let j = i; j < Math.min(FACTS, i + 1000); j++) {
        const f = fact(j, rand);
        rows.push(f);
        for (const [day, counter, n] of contributions(f)) {
          const key = `${day}|${f.channel}|${f.group_id ?? 0}`;
          const r = rollups.get(key) ?? { day, channel: f.channel, group_id: f.group_id ?? 0, created: 0, solved: 0, spam: 0, removed: 0, first_reply_count: 0, first_reply_minutes: 0, resolution_minutes: 0, csat_good: 0, csat_bad: 0 };
          r[counter] += n;
          rollups.set(key, r);
        }
      }
      await trx.insertInto('ticket_facts').values(rows).execute();
    }
    const all = [...rollups.values()];
    for (let i = 0; i < all.length; i += 1000) await trx.insertInto('report_daily').values(all.slice(i, i + 1000)).execute();
  });
  if (lite) await sql`pragma foreign_keys = on`.execute(db);
  if (lite) await sql`analyze`.execute(db);
  else await sql`analyze ticket_facts`.execute(db).then(() => sql`analyze report_daily`.execute(db));
  console.log(`  seeded ${FACTS} facts and ${rollups.size} rollup rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return rollups.size;
}

async function time(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

async function run(label: string, store: Store): Promise<void> {
  console.log(`\n${label}`);
  await migrate(store);
  const ctx: Ctx = { db: store.db, caps: store.caps, now: () => new Date(END), log: silentLogger, actor: SYSTEM_ACTOR };
  const owner = await setupOwner(ctx, { email: 'owner@bench.test', name: 'Owner' });
  await seed(store.db, store);

  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const end = day(END - 86_400_000);
  console.log('  report                 90 days   1 year   1 year, one group   (median of 9, ms)');
  for (const report of REPORT_NAMES) {
    const cells: string[] = [];
    for (const [days, group] of [[90, undefined], [365, undefined], [365, 3]] as const) {
      const query = { start: day(END - days * 86_400_000), end, ...(group ? { group_id: group } : {}) };
      await readReport(ctx, { report, query });
      const ts: number[] = [];
      for (let i = 0; i < RUNS; i++) ts.push(await time(() => readReport(ctx, { report, query })));
      cells.push(median(ts).toFixed(1).padStart(8));
    }
    console.log(`  ${report.padEnd(20)} ${cells.join('  ')}`);
  }

  // (c) createTicket as a whole, then the fact work alone on a ticket row written without it.
  const creates: number[] = [];
  for (let i = 0; i < CREATES; i++) {
    creates.push(await time(() => createTicket(ctx, { subject: `Bench ${i}`, requester_id: owner.userId, comment: { body: 'Hello' } })));
  }
  const factWork: number[] = [];
  const now = new Date(END).toISOString();
  for (let i = 0; i < CREATES; i++) {
    await store.db.transaction().execute(async (trx) => {
      const row = { subject: 'bench', status: 'new', requester_id: owner.userId, submitter_id: owner.userId, channel: 'api', state: 'active', created_at: now, updated_at: now } as const;
      const r = await sql<{ id: number }>`insert into tickets (subject, status, requester_id, submitter_id, channel, state, created_at, updated_at) values (${row.subject}, ${row.status}, ${row.requester_id}, ${row.submitter_id}, ${row.channel}, ${row.state}, ${now}, ${now}) returning id`.execute(trx);
      const id = Number(r.rows[0]!.id);
      const c = await sql<{ id: number }>`insert into comments (ticket_id, author_id, body, html_body, plain_body, public, channel, created_at) values (${id}, ${owner.userId}, ${'x'}, ${'x'}, ${'x'}, ${1}, ${'api'}, ${now}) returning id`.execute(trx);
      factWork.push(
        await time(async () => {
          await insertNewTicketFact(trx, id, { ...row, external_id: null, priority: null, type: null, assignee_id: null, organization_id: null, group_id: null, brand_id: null, custom_fields: null, due_at: null, spam_cause: null, state_changed_at: null, state_actor_id: null, solved_at: null, erased_at: null });
          await noteCommentForFacts(trx, { id: Number(c.rows[0]!.id), ticket_id: id, author_id: owner.userId, public: 1, created_at: now });
        }),
      );
    });
  }
  const c = median(creates);
  const f = median(factWork);
  console.log(`  createTicket (with its fact): median ${c.toFixed(2)} ms; the fact work alone: median ${f.toFixed(2)} ms (${((100 * f) / c).toFixed(0)} % of the action)`);
}

const dir = mkdtempSync(join(tmpdir(), 'oubli-reports-bench-'));
try {
  if (SQLITE) {
    const lite = await openStore({ dataDir: dir });
    try {
      await run(`SQLite (${FACTS} facts)`, lite);
    } finally {
      await lite.close();
    }
  }
  if (PG) {
    const schema = `bench_reports_${process.pid}`;
    const store = await openStore({ databaseUrl: PG, dataDir: dir, pgSchema: schema });
    try {
      await run(`PostgreSQL (${FACTS} facts)`, store);
    } finally {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(store.db).catch(() => undefined);
      await store.close();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
