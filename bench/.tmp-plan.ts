import { sql } from 'kysely';
import { openStore } from '../src/db/connect.ts';
import { parseSearchQuery } from '../src/search/syntax.ts';
import { typeCondition } from '../src/db/queries/search.ts';
import { PERSON_QUERY } from './search.bench.ts';
const store = await openStore({ dataDir: '/tmp/oubli-bench-1m' });
const q = parseSearchQuery(PERSON_QUERY);
for (const [type, table] of [['ticket', 'tickets t'], ['user', 'users u']] as const) {
  const where = typeCondition(store.caps, type, q, {})!;
  const query = sql`select count(*) as n from ${sql.raw(table)} where ${where}`;
  const c = query.compile(store.db);
  console.log(c.sql, c.parameters);
  const plan = await sql`explain query plan ${query}`.execute(store.db);
  for (const r of plan.rows as any[]) console.log(r.id, r.parent, r.detail);
  for (let i = 0; i < 3; i++) { const t0 = performance.now(); const r = await query.execute(store.db); console.log(type, (r.rows[0] as any).n, (performance.now() - t0).toFixed(1), 'ms'); }
}
for (const src of ['search_comments', 'search_tickets', 'search_attachments', 'search_identities', 'search_users']) {
  for (const term of ['"anna karenina"', '"anna k example com"', '"44 20 7946 0958"', '"annak"', '"anna karenina work example"']) {
    const t0 = performance.now(); const r = await sql`select count(*) as n from ${sql.table(src)} where ${sql.table(src)} match ${term}`.execute(store.db);
    console.log(src, term, (r.rows[0] as any).n, (performance.now() - t0).toFixed(1), 'ms');
  }
}
await store.close();
