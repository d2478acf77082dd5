// Incremental exports over a helpdesk of 20,000 tickets (docs/exports.md): pages per second for
// a follower of the time-based ticket export (1000 a page), of the cursor export at 1000 and
// at node-zendesk's 100 a page, and of the user export, each over HTTP (app.inject: routing,
// authentication, the query, presenting, the erasure-ledger write, JSON), on SQLite or, with
// --database-url, PostgreSQL. Also shows that the page query walks the (updated_at, id) index.
//
//   node bin/run-ts.js bench/incremental-export.bench.ts [--tickets=20000] [--rounds=3] [--database-url=postgres://…]
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { migrate, openStore } from '../src/db/connect.ts';
import { buildApp } from '../src/http/app.ts';
import { setupOwner } from '../src/domain/auth/setup-owner.ts';
import { silentLogger, SYSTEM_ACTOR } from '../src/context.ts';
import { seedExportHelpdesk } from '../test/factories/export-helpdesk.ts';

async function main(): Promise<void> {
  const arg = (name: string, dflt: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
  const nTickets = Number(arg('tickets', '20000'));
  const rounds = Number(arg('rounds', '3'));
  // On PostgreSQL a database of its own, made on the given server and dropped at the end.
  const server = arg('database-url', '') || undefined;
  const benchDb = `oubli_export_bench_${process.pid}`;
  const admin = server ? new pg.Client({ connectionString: server }) : null;
  if (admin) {
    await admin.connect();
    await admin.query(`create database ${benchDb}`);
  }
  const databaseUrl = server ? Object.assign(new URL(server), { pathname: `/${benchDb}` }).toString() : undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'oubli-export-bench-'));
  const store = await openStore({ dataDir, databaseUrl });
  try {
    await migrate(store);
    const db = store.db as unknown as Kysely<any>;
    const t0 = performance.now();
    const seed = await seedExportHelpdesk(db, { tickets: nTickets, from: new Date(Date.now() - 2 * 86_400_000).toISOString(), crowded: 1500, withComments: 1000 });
    console.log(`${databaseUrl ? 'PostgreSQL' : 'SQLite'}: seeded ${nTickets} tickets (${seed.tombstoneIds.length} tombstones, a crowded second of 1500) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const now = () => new Date();
    const ctx = { db: store.db, caps: store.caps, now, log: silentLogger, actor: SYSTEM_ACTOR };
    const owner = await setupOwner(ctx, { email: 'bench-owner@oubli.test', name: 'Bench Owner' });
    const app = await buildApp({ store, now, logger: false });
    const auth = `Bearer ${owner.token}`;

    /** Follows one export to end_of_stream; its pages, rows and seconds. */
    const follow = async (first: string, key: string, next: (b: any) => string) => {
      let url = first;
      let pages = 0;
      let rows = 0;
      const start = performance.now();
      for (;;) {
        const res = await app.inject({ method: 'GET', url, headers: { authorization: auth, host: 'bench.test' } });
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        const body = res.json();
        pages++;
        rows += body[key].length;
        if (body.end_of_stream) break;
        url = new URL(next(body)).pathname + new URL(next(body)).search;
      }
      return { pages, rows, seconds: (performance.now() - start) / 1000 };
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const s = seed.startTime;
    const cases: [string, string, string, (b: any) => string][] = [
      ['tickets, time-based, 1000 a page', `/api/v2/incremental/tickets.json?start_time=${s}`, 'tickets', (b) => b.next_page],
      ['tickets, cursor, 1000 a page', `/api/v2/incremental/tickets/cursor.json?start_time=${s}`, 'tickets', (b) => b.after_url],
      ['tickets, cursor, 100 a page (node-zendesk)', `/api/v2/incremental/tickets/cursor.json?start_time=${s}&page[size]=100`, 'tickets', (b) => b.after_url],
      ['users, time-based, 1000 a page', `/api/v2/incremental/users.json?start_time=${s}`, 'users', (b) => b.next_page],
      ['ticket events with comments, 1000 a page', `/api/v2/incremental/ticket_events.json?start_time=${s}&include=comment_events`, 'ticket_events', (b) => b.next_page],
    ];
    for (const [name, url, key, next] of cases) {
      const runs: { pages: number; rows: number; seconds: number }[] = [];
      for (let r = 0; r < rounds; r++) runs.push(await follow(url, key, next));
      const sec = median(runs.map((x) => x.seconds));
      const { pages, rows } = runs[0]!;
      console.log(`${name}: ${pages} pages, ${rows} rows in ${sec.toFixed(2)} s (median of ${rounds}) → ${(pages / sec).toFixed(1)} pages/s, ${Math.round(rows / sec)} rows/s`);
    }
    // The page query walks the index on (updated_at, id). PostgreSQL plans it once autovacuum
    // has analyzed the table (done here at once); SQLite needs no statistics for it.
    if (databaseUrl) await sql`analyze tickets`.execute(db);
    const at = new Date((s + 3600) * 1000).toISOString();
    const q = sql`select * from tickets where updated_at < ${new Date().toISOString()} and (updated_at, id) > (${at}, ${0}) order by updated_at, id limit 1001`;
    const plan = databaseUrl ? await sql`explain ${q}`.execute(db) : await sql`explain query plan ${q}`.execute(db);
    console.log(`plan of a ticket page: ${plan.rows.map((r: any) => r.detail ?? r['QUERY PLAN']).join(' | ')}`);
    console.log(`machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
    await app.close();
  } finally {
    await store.close();
    if (admin) {
      await admin.query(`drop database if exists ${benchDb}`);
      await admin.end();
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) await main();
