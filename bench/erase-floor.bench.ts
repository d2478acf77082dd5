import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { migrate, openStore, type Store } from '../src/db/connect.ts';
import { silentLogger, SYSTEM_ACTOR, type Ctx } from '../src/context.ts';
import { deleteContact } from '../src/domain/contacts/delete-contact.ts';
import { eraseContact } from '../src/domain/contacts/erase-contact.ts';
import { backfillReportFacts } from '../src/domain/reports/backfill-report-facts.ts';
import { compactSearchIndexes } from '../src/domain/redaction/compact-search-indexes.ts';
import { enqueueBulkJob, runQueuedJobs } from '../src/jobs/runner.ts';
import { addContact, generate } from './generate.ts';
import { floorErase } from './floor.ts';

// `node bin/run-ts.js bench/erase-floor.bench.ts [--pg=postgres://…/test] [--write]` (and
// `npm run bench`): what Oubli's erasure costs against its floor, the same end state written
// by hand in one transaction (bench/floor.ts, held to it by test/bench-floor.test.ts), in the
// same run on the same database, as a ratio. Twin contacts are generated, soft-deleted, then
// erased alternately one way and the other. BENCH_QUICK=1 runs everything small;
// BENCH_ONLY=70,000 runs the workloads whose name has that text (and writes nothing: the
// section in BENCHMARKS.md is one whole run).

const QUICK = !!process.env.BENCH_QUICK;
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const pgUrl = arg('pg');

interface Workload {
  name: string;
  other: number;
  tickets: number;
  comments: number;
  runs: number;
  /** Bulk: this many contacts erased through the bulk Delete Forever job, timed as a whole. */
  bulk?: number;
  sqliteOnly?: boolean;
}

const WORKLOADS: Workload[] = QUICK
  ? [
      { name: 'a contact, 50 tickets × 10 comments', other: 1_000, tickets: 50, comments: 10, runs: 2, sqliteOnly: true },
      { name: 'a contact, 500 tickets × 3 comments', other: 1_000, tickets: 500, comments: 3, runs: 1 },
      { name: 'bulk: 50 contacts of 2 tickets × 3 comments', other: 1_000, tickets: 2, comments: 3, runs: 1, bulk: 50 },
    ]
  : [
      { name: 'a contact, 50 tickets × 10 comments', other: 10_000, tickets: 50, comments: 10, runs: 5, sqliteOnly: true },
      { name: 'a contact, 5,000 tickets × 3 comments', other: 10_000, tickets: 5_000, comments: 3, runs: 2 },
      { name: 'a contact, 70,000 tickets × 1 comment', other: 10_000, tickets: 70_000, comments: 1, runs: 1 },
      { name: 'bulk: 1,000 contacts of 2 tickets × 3 comments', other: 10_000, tickets: 2, comments: 3, runs: 1, bulk: 1_000 },
    ];

interface Measured {
  workload: Workload;
  db: 'sqlite' | 'postgres';
  oubli: number[];
  floor: number[];
  /** Peak growth of the process's RSS and heap during Oubli's erasures (MiB). */
  rss: number;
  heap: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

function ctxOf(store: Store): Ctx {
  return { db: store.db, caps: store.caps, now: () => new Date(), log: silentLogger, actor: SYSTEM_ACTOR, checkpoint: () => store.checkpoint() };
}

async function openBench(kind: 'sqlite' | 'postgres'): Promise<{ store: Store; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oubli-bench-floor-'));
  if (kind === 'sqlite') {
    const store = await openStore({ dataDir });
    return { store, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `bench_floor_${process.pid}_${Math.floor(performance.now())}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(q).finally(() => c.end());
  };
  await admin(`create database ${name}`);
  const u = new URL(pgUrl!);
  u.pathname = `/${name}`;
  const store = await openStore({ dataDir, databaseUrl: u.toString() });
  return {
    store,
    drop: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      await admin(`drop database if exists ${name} with (force)`);
    },
  };
}

/** Samples memory while `f` runs: the peak growth of RSS and heap, in MiB. */
async function sampled<T>(f: () => Promise<T>): Promise<{ value: T; rss: number; heap: number }> {
  const m0 = process.memoryUsage();
  let rss = 0;
  let heap = 0;
  const look = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss - m0.rss);
    heap = Math.max(heap, m.heapUsed - m0.heapUsed);
  };
  const timer = setInterval(look, 50);
  try {
    const value = await f();
    look();
    return { value, rss: rss / 2 ** 20, heap: heap / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

async function measure(w: Workload, kind: 'sqlite' | 'postgres'): Promise<Measured> {
  const { store, drop } = await openBench(kind);
  try {
    await migrate(store);
    const ctx = ctxOf(store);
    const { agentId } = await generate(store.db, { tickets: w.other, commentsPerTicket: 3 });
    const groups = w.bulk ?? 1;
    // Twins: per run, one group for Oubli and one for the floor.
    const contacts: { oubli: number[]; floor: number[] }[] = [];
    for (let r = 0; r < w.runs; r++) {
      const pair = { oubli: [] as number[], floor: [] as number[] };
      for (let i = 0; i < groups; i++) {
        pair.oubli.push(await addContact(store.db, agentId, { tickets: w.tickets, commentsPerTicket: w.comments }));
        pair.floor.push(await addContact(store.db, agentId, { tickets: w.tickets, commentsPerTicket: w.comments }));
      }
      contacts.push(pair);
    }
    await backfillReportFacts(ctx);
    for (const pair of contacts) for (const id of [...pair.oubli, ...pair.floor]) await deleteContact(ctx, { userId: id });
    if (store.caps.searchIndexUpkeep) {
      // The index as a helpdesk that runs its nightly sweep has it: merged.
      while ((await compactSearchIndexes(ctx)).steps > 0);
      await sql`analyze`.execute(store.db);
    } else {
      // As autovacuum leaves a table: freshly loaded rows sit in the GIN indexes' pending
      // lists, which make the planner scan every comment for a search until a vacuum.
      await sql`vacuum analyze`.execute(store.db);
    }
    await store.checkpoint();
    const oubli: number[] = [];
    const floor: number[] = [];
    let rss = 0;
    let heap = 0;
    for (const [r, pair] of contacts.entries()) {
      // Alternate which goes first, so that neither always meets the other's leftovers.
      const ways = [
        async () => {
          const t0 = performance.now();
          const m = await sampled(async () => {
            if (w.bulk) {
              await enqueueBulkJob(ctx, 'bulk_erase_users', pair.oubli);
              await runQueuedJobs(ctx);
            } else {
              for (const id of pair.oubli) await eraseContact(ctx, { userId: id, verify: false });
            }
          });
          oubli.push(performance.now() - t0);
          rss = Math.max(rss, m.rss);
          heap = Math.max(heap, m.heap);
        },
        async () => {
          const t0 = performance.now();
          for (const id of pair.floor) await floorErase(store.db, id, new Date().toISOString());
          await store.checkpoint();
          floor.push(performance.now() - t0);
        },
      ];
      for (const way of r % 2 ? ways.reverse() : ways) await way();
    }
    const erased = await store.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('id', 'in', contacts.flatMap((p) => p.oubli)).where('erased_at', 'is not', null).executeTakeFirstOrThrow();
    if (Number(erased.n) !== contacts.length * groups) throw new Error(`expected ${contacts.length * groups} contacts erased, found ${erased.n}`);
    return { workload: w, db: kind, oubli, floor, rss, heap };
  } finally {
    await store.close();
    await drop();
  }
}

const started = performance.now();
const load = loadavg()[0]!.toFixed(1);
const results: Measured[] = [];
const ONLY = process.env.BENCH_ONLY;
for (const w of WORKLOADS.filter((x) => !ONLY || x.name.includes(ONLY))) {
  for (const kind of ['sqlite', 'postgres'] as const) {
    if (kind === 'postgres' && (!pgUrl || w.sqliteOnly)) continue;
    const m = await measure(w, kind);
    results.push(m);
    console.log(`${w.name}, ${kind}: Oubli ${m.oubli.map((x) => x.toFixed(0)).join(', ')} ms; floor ${m.floor.map((x) => x.toFixed(0)).join(', ')} ms`);
  }
}

const fmt = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
const range = (xs: number[]) => (xs.length > 1 ? ` (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})` : '');
const rows = results.map((m) => {
  const o = median(m.oubli);
  const f = median(m.floor);
  const rate = m.workload.bulk ? ` — ${Math.round((m.workload.bulk * 60_000) / o).toLocaleString('en')} contacts a minute (floor ${Math.round((m.workload.bulk * 60_000) / f).toLocaleString('en')})` : '';
  return `| ${m.workload.name} | ${m.db} | ${m.oubli.length} | ${fmt(o)}${range(m.oubli)}${rate} | ${fmt(f)}${range(m.floor)} | **${(o / f).toFixed(2)}×** | ${m.rss.toFixed(0)} / ${m.heap.toFixed(0)} MiB |`;
});
const table = [
  '| workload | database | runs | Oubli: median (min–max) | floor: median (min–max) | ratio | memory growth: RSS / heap |',
  '| --- | --- | ---: | --- | --- | ---: | ---: |',
  ...rows,
].join('\n');
console.log(table);

if (process.argv.includes('--write') && !ONLY) {
  const file = resolve(import.meta.dirname, '../BENCHMARKS.md');
  const pgVersion = pgUrl ? await (async () => {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    const r = await c.query<{ server_version: string }>('show server_version').finally(() => c.end());
    return `PostgreSQL ${r.rows[0]!.server_version}`;
  })() : 'no PostgreSQL';
  const { default: SQLite } = await import('better-sqlite3');
  const sqliteVersion = (new SQLite(':memory:').prepare('select sqlite_version() as v').get() as { v: string }).v;
  const section = `<!-- erase-floor.bench:begin -->
## Erasure against its floor (issue 15)

\`node bin/run-ts.js bench/erase-floor.bench.ts --pg=postgres://postgres@127.0.0.1:5432/test --write\`
(bench/erase-floor.bench.ts; \`npm run bench\` runs it). The floor is the same end state
written by hand in one transaction of set-based statements (bench/floor.ts; the full-text
triggers in place, so it pays the same index cost; test/bench-floor.test.ts holds it to
\`eraseContact\`'s end state, table by table). Twin contacts (bench/generate.ts: tickets of
40-word comments from a Zipf-like vocabulary) beside ${WORKLOADS[0]!.other.toLocaleString('en')} other tickets of 3 comments, soft-deleted,
then erased alternately each way in the same database; SQLite's full-text indexes merged first
(the nightly sweep's step). Oubli: \`eraseContact\` without the check after it (the floor
checks nothing); bulk: the \`bulk_erase_users\` job (DELETE /deleted_users/destroy_many) run by
the job runner, with its checks, against the floor erasing the same contacts one transaction
each. Memory: the peak growth of this process during Oubli's erasures.

Measured ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, SQLite ${sqliteVersion}, ${pgVersion}; load average ${load} when it started; ${((performance.now() - started) / 60_000).toFixed(1)} minutes in all.

${table}
<!-- erase-floor.bench:end -->`;
  const text = readFileSync(file, 'utf8');
  const re = /<!-- erase-floor\.bench:begin -->[\s\S]*?<!-- erase-floor\.bench:end -->/;
  writeFileSync(file, re.test(text) ? text.replace(re, section) : `${text.trimEnd()}\n\n${section}\n`);
}
