import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely } from 'kysely';
import { migrate, openStore } from '../src/db/connect.ts';
import type { Database } from '../src/db/schema.ts';
import { openSqlite, sqliteFile } from '../src/db/dialects/sqlite.ts';
import { ImmediateSqliteDialect } from '../src/db/dialects/sqlite-immediate.ts';
import { buildApp } from '../src/http/app.ts';
import { setupOwner } from '../src/domain/auth/setup-owner.ts';
import { silentLogger, SYSTEM_ACTOR, type Ctx } from '../src/context.ts';

// `node bin/run-ts.js scripts/statement-profile.ts [N]`: the SQL statements one
// `POST /api/v2/tickets` (a new ticket from a new requester, bench/create-ticket.bench.ts's
// request) runs on SQLite, each with how often it runs a request and the time SQLite spent
// in it, largest first (BENCHMARKS.md, "Profiling"). The app is the real one, in-process
// (Fastify's inject), on a Kysely that times every statement; commits are durable as served.

const N = Number(process.argv[2] ?? 300);
const WARM = 50;
const dataDir = mkdtempSync(join(tmpdir(), 'oubli-statements-'));
try {
  const store = await openStore({ dataDir });
  await migrate(store);
  const ctx: Ctx = { db: store.db, caps: store.caps, now: () => new Date(), log: silentLogger, actor: SYSTEM_ACTOR, checkpoint: store.checkpoint };
  const email = 'owner@statements.test';
  const { token } = await setupOwner(ctx, { email, name: 'Statement Owner' });
  const { raw } = openSqlite(sqliteFile(dataDir));
  const byText = new Map<string, { n: number; ms: number }>();
  let counting = false;
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect(raw, 30_000),
    log: (e) => {
      if (!counting) return;
      const key = e.query.sql.replace(/\s+/g, ' ');
      const s = byText.get(key) ?? { n: 0, ms: 0 };
      s.n += 1;
      s.ms += e.queryDurationMillis;
      byText.set(key, s);
    },
  });
  const app = await buildApp({ store: { ...store, db }, now: () => new Date(), logger: false });
  const auth = `Basic ${Buffer.from(`${email}/token:${token}`).toString('base64')}`;
  const create = async (i: number) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v2/tickets',
      headers: { authorization: auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ ticket: { subject: `Order ${i}`, comment: { body: `Where is order ${i}?` }, requester: { name: `Person ${i}`, email: `person${i}@statements.test` } } }),
    });
    if (res.statusCode !== 201) throw new Error(`POST /tickets answered ${res.statusCode}: ${res.body}`);
  };
  for (let i = 0; i < WARM; i++) await create(i);
  counting = true;
  const t0 = performance.now();
  for (let i = WARM; i < WARM + N; i++) await create(i);
  const wall = (performance.now() - t0) / N;
  counting = false;
  const rows = [...byText].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, v]) => s + v.ms, 0) / N;
  const count = rows.reduce((s, [, v]) => s + v.n, 0) / N;
  console.log(`${N} requests: ${wall.toFixed(2)} ms a request in-process, ${count.toFixed(1)} statements taking ${total.toFixed(2)} ms`);
  console.log('a request | ms a request | statement');
  for (const [q, v] of rows) console.log(`${(v.n / N).toFixed(2).padStart(9)} | ${(v.ms / N).toFixed(3).padStart(12)} | ${q.slice(0, 150)}`);
  await app.close();
  await db.destroy();
  await store.close();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
