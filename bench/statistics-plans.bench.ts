import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import { migrate, openStore, statisticsPolicy, type Store } from '../src/db/connect.ts';
import { sqliteCaps } from '../src/db/dialects/sqlite.ts';
import { sqliteChangeFeed } from '../src/db/dialects/changes-sqlite.ts';
import { openSqlite, sqliteFile } from '../src/db/dialects/sqlite.ts';
import { analyzeWithoutSamples, dropStatisticsSamples } from '../src/db/dialects/sqlite-statistics.ts';
import { keepValuesOutOfPostgresStatistics, personalTargets } from '../src/db/dialects/postgres-statistics.ts';
import { statisticsTargets, turnStatisticsOn } from '../src/db/queries/statistics.ts';
import { silentLogger, SYSTEM_ACTOR, withActor, type Ctx } from '../src/context.ts';
import { setupOwner } from '../src/domain/auth/setup-owner.ts';
import { actorOf } from '../src/domain/auth/actor.ts';
import { getUser } from '../src/db/queries/users.ts';
import { buildApp } from '../src/http/app.ts';
import { runQueuedJobs } from '../src/jobs/runner.ts';
import { runSweeps } from '../src/jobs/sweeps.ts';
import { addContact, generate } from './generate.ts';

// Do the planner's plans survive without sampled values (issue 9, item 3)? Every distinct
// statement the product runs in a busy workload — API reads and writes, search, an erasure
// request planned and executed, Delete Forever, the sweeps — is captured with its bound
// values, then EXPLAIN QUERY PLAN is asked of it on three copies of the same database:
// full ANALYZE (sqlite_stat1 + sqlite_stat4 samples, how Oubli shipped before), Oubli's
// analyze now (sqlite_stat1 only), and no statistics at all (for reference). Also measures
// what the new steps cost.
//
//   node bin/run-ts.js bench/statistics-plans.bench.ts [--tickets=20000] [--postgres=postgres://…]
//
// The PostgreSQL half runs with --postgres (or TEST_DATABASE_URL), in a schema of its own.

const arg = (name: string, dflt: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
const TICKETS = Number(arg('tickets', '20000'));
const { plain } = statisticsPolicy('sqlite');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

type Captured = Map<string, unknown[]>;

/** A store on an embedded file whose every prepared statement is recorded with its first bound values. */
function capturingStore(dataDir: string, seen: Captured): Store {
  const { db, raw } = openSqlite(sqliteFile(dataDir));
  analyzeWithoutSamples(raw, plain);
  const prepare = raw.prepare.bind(raw);
  raw.prepare = ((source: string) => {
    const stmt = prepare(source);
    for (const m of ['all', 'get', 'run', 'iterate'] as const) {
      const f = (stmt[m] as (...a: unknown[]) => unknown).bind(stmt);
      (stmt as unknown as Record<string, unknown>)[m] = (...args: unknown[]) => {
        if (!seen.has(source)) seen.set(source, args);
        return f(...args);
      };
    }
    return stmt;
  }) as typeof raw.prepare;
  return {
    db,
    caps: sqliteCaps,
    sqlitePath: sqliteFile(dataDir),
    async checkpoint() {
      dropStatisticsSamples(raw, plain);
      const row = raw.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      return { busy: (row[0]?.busy ?? 0) !== 0 };
    },
    keepValuesOutOfStatistics: async () => ({ targetsSet: 0, cleared: dropStatisticsSamples(raw, plain), left: [] }),
    changes: sqliteChangeFeed(db),
    durability: async () => ({ durable: true, setting: 'synchronous = FULL' }),
    close: () => db.destroy(),
  };
}

/** The workload: what a day of a helpdesk asks of the database. */
async function workload(store: Store, agentId: number, contacts: number[]): Promise<void> {
  const now = () => new Date('2026-11-22T10:00:00.000Z');
  const ctx: Ctx = { db: store.db, caps: store.caps, now, log: silentLogger, actor: SYSTEM_ACTOR, checkpoint: () => store.checkpoint() };
  const owner = await setupOwner(ctx, { email: 'owner@bench.test', name: 'Bench Owner' });
  const app = await buildApp({ store, now, logger: false });
  const auth = `Basic ${Buffer.from(`owner@bench.test/token:${owner.token}`).toString('base64')}`;
  const call = async (method: string, url: string, body?: unknown) => {
    const r = await app.inject({ method: method as 'GET', url, headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { payload: JSON.stringify(body) } : {}) });
    if (r.statusCode >= 500) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
    return JSON.parse(r.body || '{}');
  };
  const u = (await call('POST', '/api/v2/users', { user: { name: 'Plan Person', email: 'plan.person@example.test', phone: '+44 20 7946 0001', tags: ['vip', 'plan'] } })).user;
  await call('POST', `/api/v2/users/${u.id}/identities`, { identity: { type: 'twitter', value: 'planperson' } });
  const tk = (await call('POST', '/api/v2/tickets', { ticket: { subject: 'Plan subject kalo', requester_id: u.id, tags: ['billing'], comment: { body: 'Plan Person here, kalo mine' } } })).ticket;
  await call('PUT', `/api/v2/tickets/${tk.id}`, { ticket: { status: 'pending', comment: { body: 'An agent answers', author_id: agentId } } });
  for (const url of [
    '/api/v2/tickets', `/api/v2/tickets/${tk.id}`, `/api/v2/tickets/${tk.id}/comments`, '/api/v2/tickets?page[size]=50',
    '/api/v2/users', `/api/v2/users/${u.id}`, `/api/v2/users/${u.id}/identities`, '/api/v2/users/me',
    '/api/v2/search?query=kalo', '/api/v2/search?query=tags:billing', '/api/v2/search?query=%22Plan%20Person%22',
    '/api/v2/search?query=status<solved%20type:ticket', `/api/v2/search?query=requester:${u.id}`, '/api/v2/search/count?query=kalo',
    '/api/v2/users/search?query=plan.person@example.test', '/api/v2/users/search?query=Requester%2012',
    '/api/v2/deleted_users', '/api/v2/spam_tickets', '/api/v2/deleted_tickets', '/api/v2/suspended_users',
    '/api/v2/incremental/tickets?start_time=0', '/api/v2/incremental/users?start_time=0', `/api/v2/users/${u.id}/export`,
    '/api/v2/audit_logs', '/api/v2/organizations', '/api/v2/groups',
  ]) await call('GET', url);
  // An erasure request for a generated contact, planned and executed to the end.
  const req = (await call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: contacts[0], extra_terms: ['kalo mine'] } })).erasure_request;
  await runQueuedJobs(ctx);
  await call('PUT', `/api/v2/erasure_requests/${req.id}`, { erasure_request: { confirm_all: true } });
  await call('POST', `/api/v2/erasure_requests/${req.id}/execute`);
  await runQueuedJobs(ctx);
  await call('GET', `/api/v2/erasure_requests/${req.id}/certificate`);
  // Delete Forever of another, a ticket's permanent delete, spam, the sweeps.
  await call('DELETE', `/api/v2/users/${contacts[1]}`);
  await call('DELETE', `/api/v2/deleted_users/${contacts[1]}`);
  await call('PUT', `/api/v2/tickets/${tk.id}/mark_as_spam`);
  await call('DELETE', `/api/v2/spam_tickets/${tk.id}`);
  await runQueuedJobs(ctx);
  await runSweeps(withActor(ctx, actorOf((await getUser(store.db, owner.userId))!)!), { dryRun: false });
  await app.close();
}

/** The plan of each statement on one copy of the database, as SQLite words it. */
function plans(file: string, statements: Captured): Map<string, string> {
  const raw = new SQLite(file);
  const out = new Map<string, string>();
  for (const [source, args] of statements) {
    if (!/^\s*(select|insert|update|delete|with)\b/i.test(source)) continue;
    try {
      const rows = raw.prepare(`explain query plan ${source}`).all(...(args as unknown[])) as { id: number; parent: number; detail: string }[];
      out.set(source, rows.map((r) => `${r.parent}:${r.detail}`).join(' | '));
    } catch {
      // A statement on a table this copy no longer has (none expected): left out.
    }
  }
  raw.close();
  return out;
}

function timeIt(n: number, f: () => void): number {
  const runs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    f();
    runs.push(performance.now() - t0);
  }
  return median(runs);
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'oubli-plans-'));
  try {
    const base = join(root, 'base');
    const seed = await openStore({ dataDir: base });
    await migrate(seed);
    const g0 = performance.now();
    const { agentId } = await generate(seed.db, { tickets: TICKETS, commentsPerTicket: 3 });
    const contacts = [await addContact(seed.db, agentId, { tickets: 50, commentsPerTicket: 5 }), await addContact(seed.db, agentId, { tickets: 50, commentsPerTicket: 5 })];
    await sql`insert into user_tags (user_id, tag) select id, 'tag' || (id % 50) from users`.execute(seed.db);
    await sql`insert into ticket_tags (ticket_id, tag) select id, 'topic' || (id % 200) from tickets`.execute(seed.db);
    await seed.checkpoint();
    await seed.close();
    console.log(`generated ${TICKETS} tickets in ${((performance.now() - g0) / 1000).toFixed(1)} s`);

    // The statements of the workload, captured on a copy.
    const seen: Captured = new Map();
    const work = join(root, 'work');
    freshDir(work);
    copyFileSync(sqliteFile(base), sqliteFile(work));
    const store = capturingStore(work, seen);
    await workload(store, agentId, contacts);
    await store.close();

    // Three copies of the same database, differing only in their statistics.
    const copy = (name: string) => {
      const dir = join(root, name);
      freshDir(dir);
      copyFileSync(sqliteFile(base), sqliteFile(dir));
      return sqliteFile(dir);
    };
    const withSamples = copy('stat4');
    const oubli = copy('oubli');
    const countsOnly = copy('stat1');
    const none = copy('none');
    const count = (d: SQLite.Database, q: string) => (d.prepare(q).get() as { n: number }).n;
    {
      const a = new SQLite(withSamples);
      a.exec('analyze');
      const b = new SQLite(oubli);
      b.pragma('secure_delete = ON');
      analyzeWithoutSamples(b, plain);
      const c = new SQLite(countsOnly);
      c.exec('analyze; delete from sqlite_stat4;');
      console.log(
        `statistics: full ANALYZE keeps ${count(a, 'select count(*) as n from sqlite_stat4')} samples of ${count(a, 'select count(distinct idx) as n from sqlite_stat4')} indexes; ` +
          `Oubli's keeps ${count(b, 'select count(*) as n from sqlite_stat4')} samples of ${count(b, 'select count(distinct idx) as n from sqlite_stat4')} indexes made only of plain columns ` +
          `(${count(b, 'select count(*) as n from sqlite_stat1')} sqlite_stat1 rows)`,
      );
      console.log(`  indexes still sampled: ${(b.prepare('select distinct idx from sqlite_stat4 order by 1').all() as { idx: string }[]).map((r) => r.idx).join(', ')}`);
      for (const d of [a, b, c]) d.close();
    }
    const full = plans(withSamples, seen);
    const ours = plans(oubli, seen);
    const counts = plans(countsOnly, seen);
    const bare = plans(none, seen);
    const differ = (other: Map<string, string>) => [...full.keys()].filter((k) => full.get(k) !== other.get(k));
    console.log(`\nstatements captured: ${seen.size}; explained: ${full.size}`);
    console.log(`plans different from full ANALYZE: Oubli's statistics ${differ(ours).length}, all samples dropped ${differ(counts).length}, no statistics ${differ(bare).length} (of ${full.size})`);
    for (const k of differ(ours)) console.log(`\n-- differs with Oubli's statistics:\n${k}\n   full ANALYZE: ${full.get(k)}\n   Oubli:        ${ours.get(k)}`);
    for (const k of differ(counts)) console.log(`\n-- differs with all samples dropped:\n${k}\n   full ANALYZE: ${full.get(k)}\n   stat1 only:   ${counts.get(k)}`);

    // What the new steps cost.
    const w = new SQLite(oubli);
    w.pragma('journal_mode = WAL');
    w.pragma('secure_delete = ON');
    const idle = timeIt(2000, () => dropStatisticsSamples(w, plain));
    w.close();
    const afterAnalyze: number[] = [];
    for (let i = 0; i < 5; i++) {
      const x = new SQLite(withSamples);
      x.pragma('secure_delete = ON');
      x.exec('analyze');
      const t0 = performance.now();
      dropStatisticsSamples(x, plain);
      afterAnalyze.push(performance.now() - t0);
      x.close();
    }
    const openRuns = (fresh: boolean, protect: boolean) => {
      const runs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const file = copy(`open-${protect}-${i}`);
        if (!fresh) {
          const y = new SQLite(file);
          y.exec('analyze');
          y.close();
        }
        const z = new SQLite(file);
        z.pragma('secure_delete = ON');
        const t0 = performance.now();
        if (protect) analyzeWithoutSamples(z, plain);
        else z.pragma('optimize = 0x10002');
        runs.push(performance.now() - t0);
        z.close();
      }
      return median(runs);
    };
    console.log(`\ncost of the sample step after a removal: ${(idle * 1000).toFixed(1)} µs when there are none (every erasure), ${median(afterAnalyze).toFixed(1)} ms right after an operator's full ANALYZE`);
    console.log(`PRAGMA optimize on open of a never-analyzed database: ${openRuns(true, false).toFixed(0)} ms as shipped, ${openRuns(true, true).toFixed(0)} ms without samples`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** An empty directory. */
function freshDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
}

/**
 * PostgreSQL: the same workload's statements, explained after ANALYZE with the default
 * statistics targets (how Oubli shipped before) and after ANALYZE with the personal
 * columns' targets at 0 and their old statistics removed (Oubli now), on the same rows.
 */
async function mainPostgres(url: string): Promise<void> {
  const schema = `plans_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const seen: Captured = new Map();
  const query = pg.Client.prototype.query;
  try {
    const store = await openStore({ databaseUrl: url, dataDir: tmpdir(), pgSchema: schema });
    await migrate(store);
    const { agentId } = await generate(store.db, { tickets: TICKETS, commentsPerTicket: 3 });
    const contacts = [await addContact(store.db, agentId, { tickets: 50, commentsPerTicket: 5 }), await addContact(store.db, agentId, { tickets: 50, commentsPerTicket: 5 })];
    await sql`insert into user_tags (user_id, tag) select id, 'tag' || (id % 50) from users`.execute(store.db);
    await sql`insert into ticket_tags (ticket_id, tag) select id, 'topic' || (id % 200) from tickets`.execute(store.db);
    // Record each statement with its first parameters (bench only: the product never does this).
    (pg.Client.prototype as unknown as { query: unknown }).query = function (this: pg.Client, text: unknown, values: unknown, ...rest: unknown[]) {
      if (typeof text === 'string' && Array.isArray(values) && !seen.has(text)) seen.set(text, values);
      return (query as (...a: unknown[]) => unknown).call(this, text, values, ...rest);
    };
    await workload(store, agentId, contacts);
    (pg.Client.prototype as unknown as { query: unknown }).query = query;
    const explain = async () => {
      const out = new Map<string, string>();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`set search_path = ${schema}`);
      for (const [text, values] of seen) {
        if (!/^\s*(select|insert|update|delete|with)\b/i.test(text)) continue;
        try {
          const r = await c.query(`explain (costs off) ${text}`, values as unknown[]);
          out.set(text, r.rows.map((x: Record<string, string>) => x['QUERY PLAN']).join(' | '));
        } catch {
          // A statement whose rows the workload removed: left out.
        }
      }
      await c.end();
      return out;
    };
    const targets = personalTargets(await statisticsTargets(store.db), statisticsPolicy('postgres').personal);
    for (const t of targets) await turnStatisticsOn(store.db, t);
    await sql`analyze`.execute(store.db);
    const before = await explain();
    const report = await keepValuesOutOfPostgresStatistics(store.db, statisticsPolicy('postgres').personal);
    await sql`analyze`.execute(store.db);
    const after = await explain();
    const differ = [...before.keys()].filter((k) => before.get(k) !== after.get(k));
    console.log(`\nPostgreSQL: ${targets.length} targets at 0 (${report.cleared} old statistics rows removed); statements explained: ${before.size}`);
    console.log(`plans different from default statistics targets: ${differ.length} of ${before.size}`);
    // Plan nodes only (conditions repeat the long full-text expressions).
    const nodes = (plan: string | undefined) => (plan ?? '').split(' | ').filter((l) => !/(Cond|Filter|Key):/.test(l)).map((l) => l.trim().replace(/^-> +/, '')).join(' > ');
    const short = (q: string) => q.replace(/\s+/g, ' ').replace(/to_tsvector\(.*?\)\) @@ to_tsquery\('simple'::regconfig, \$\d+\)/g, 'TSV @@ $q').slice(0, 240);
    for (const k of differ) console.log(`\n-- differs: ${short(k)}\n   default targets: ${nodes(before.get(k))}\n   Oubli:           ${nodes(after.get(k))}`);
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await migrate(store);
      runs.push(performance.now() - t0);
    }
    const step: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await keepValuesOutOfPostgresStatistics(store.db, statisticsPolicy('postgres').personal);
      step.push(performance.now() - t0);
    }
    console.log(`migrate() on an up-to-date schema: ${median(runs).toFixed(0)} ms, of which the statistics step ${median(step).toFixed(0)} ms (once per start; nothing per erasure)`);
    await store.close();
  } finally {
    (pg.Client.prototype as unknown as { query: unknown }).query = query;
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

await main();
const pgUrl = arg('postgres', process.env.TEST_DATABASE_URL ?? '');
if (pgUrl) await mainPostgres(pgUrl);
