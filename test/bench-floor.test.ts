import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestStore, describeEachDb, type TestStore } from './db.ts';
import { silentLogger, SYSTEM_ACTOR, type Ctx } from '../src/context.ts';
import { liveTables } from '../src/db/queries/erasure.ts';
import { deleteContact } from '../src/domain/contacts/delete-contact.ts';
import { eraseContact } from '../src/domain/contacts/erase-contact.ts';
import { backfillReportFacts } from '../src/domain/reports/backfill-report-facts.ts';
import { addContact, generate } from '../bench/generate.ts';
import { floorErase } from '../bench/floor.ts';

// The benchmarks' floor (bench/floor.ts) is honest only if it writes what eraseContact
// writes: twin contacts are erased one each way, and every table must change by the same
// number of rows, the tombstones, report facts and stubs must be the same, and neither
// twin's words may be found by the full-text search.

describeEachDb('the erasure floor of the benchmarks', (kind) => {
  let store: TestStore;
  let db: Kysely<any>;
  beforeEach(async () => {
    store = await createTestStore(kind);
    db = store.db as unknown as Kysely<any>;
  });
  afterEach(async () => {
    await store.destroy();
  });

  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of await liveTables(store.db)) {
      // The full-text shadow tables hold segments, not rows of ours: compared by search below.
      if (/^(search_|sqlite_|kysely_)/.test(t.name)) continue;
      const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(t.name)}`.execute(store.db);
      out[t.name] = Number(r.rows[0]!.n);
    }
    return out;
  }
  const delta = (a: Record<string, number>, b: Record<string, number>) => Object.fromEntries(Object.keys(b).flatMap((k) => (b[k] !== a[k] ? [[k, b[k]! - (a[k] ?? 0)]] : [])));

  async function shape(userId: number) {
    const strip = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => !/(^id$|_at$|_since$|^ticket_id$|^requester_id$|^submitter_id$)/.test(k)));
    const tickets: any[] = await db.selectFrom('tickets').selectAll().where('requester_id', '=', userId).orderBy('id').execute();
    const ids = tickets.map((t: { id: number }) => t.id);
    const facts: any[] = await db.selectFrom('ticket_facts').selectAll().where('ticket_id', 'in', ids).orderBy('ticket_id').execute();
    const stub = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    return {
      tickets: tickets.map(strip),
      erased: tickets.every((t: { erased_at: string | null }) => t.erased_at !== null),
      facts: facts.map((f: Record<string, unknown>) => ({ ...strip(f), erased: f.erased_at !== null })),
      comments: Number(((await db.selectFrom('comments').select((eb: any) => eb.fn.countAll().as('n')).where('ticket_id', 'in', ids).executeTakeFirstOrThrow()) as any).n),
      stub: strip(stub),
    };
  }

  it('writes the end state eraseContact writes, table by table', async () => {
    const { agentId } = await generate(store.db, { tickets: 20, commentsPerTicket: 2 });
    const [a, b] = [await addContact(store.db, agentId, { tickets: 6, commentsPerTicket: 3 }), await addContact(store.db, agentId, { tickets: 6, commentsPerTicket: 3 })];
    const ctx: Ctx = { db: store.db, caps: store.caps, now: () => new Date('2026-12-01T10:00:00.000Z'), log: silentLogger, actor: SYSTEM_ACTOR, checkpoint: () => store.checkpoint() };
    await backfillReportFacts(ctx);
    const words = async (id: number) => (await db.selectFrom('comments').innerJoin('tickets', 'tickets.id', 'comments.ticket_id').select('comments.plain_body').where('tickets.requester_id', '=', id).execute()).map((r: { plain_body: string }) => r.plain_body);
    const [wordsA, wordsB] = [await words(a), await words(b)];
    for (const id of [a, b]) await deleteContact(ctx, { userId: id });

    const c0 = await counts();
    await eraseContact(ctx, { userId: a, verify: false });
    const c1 = await counts();
    await floorErase(store.db, b, ctx.now().toISOString());
    const c2 = await counts();
    const [byWalker, byFloor] = [delta(c0, c1), delta(c1, c2)];
    expect(byWalker.comments).toBe(-18);
    expect(byFloor).toEqual(byWalker);

    const [sa, sb] = [await shape(a), await shape(b)];
    expect(sa.erased).toBe(true);
    expect(sa.comments).toBe(0);
    expect(sb).toEqual(sa);
    // The text is gone from the index for both (a whole comment as a phrase would match).
    for (const text of [wordsA[0]!, wordsB[0]!]) {
      const r = await sql<{ id: number }>`select id from comments where id in (${store.caps.search.rowsMatching('comments', [{ tokens: text.split(' ').slice(0, 6), prefix: false }])})`.execute(store.db);
      expect(r.rows).toEqual([]);
    }
  });
});
