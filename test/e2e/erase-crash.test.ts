import { afterEach, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { openStore, type Store } from '../../src/db/connect.ts';
import { describeEachDb } from '../db.ts';
import { marker } from '../factories/index.ts';
import { startServer, type RunningServer } from '../server.ts';

// A real `oubli serve` killed with SIGKILL in the middle of a set-based erasure (Delete
// Forever of a contact with many tickets, 100 a transaction): restarted and asked again, it
// finishes, and the contact ends exactly as a twin contact erased without a crash: the same
// tombstones, the same stub, nothing left under either in any table that names a ticket or
// a user.

const TICKETS = 1_200;
const COMMENTS = 2;

async function until(what: string, ok: () => Promise<boolean>, ms = 60_000, every = 5): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** A contact with tickets, comments, tags and a CC, written straight in a few statements. */
async function seedContact(db: Kysely<any>, agentId: number, m: string, at: string): Promise<number> {
  const { id } = await db.insertInto('users').values({ name: `Twin ${m}`, role: 'end-user', is_owner: 0, can_delete_tickets: 0, suspended: 0, verified: 1, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('identities').values({ user_id: id, type: 'email', value: `${m}@example.test`, value_key: `${m}@example.test`.toLowerCase(), verified: 1, is_primary: 1, released: 0, created_at: at, updated_at: at }).execute();
  const ticketIds: number[] = [];
  for (let from = 0; from < TICKETS; from += 200) {
    const rows = Array.from({ length: Math.min(200, TICKETS - from) }, (_, i) => ({
      subject: `Ticket ${from + i} of ${m}`, status: 'open', priority: 'normal', type: 'question', requester_id: id, submitter_id: id,
      brand_id: 1, channel: 'web', state: 'active', created_at: at, updated_at: at,
    }));
    ticketIds.push(...(await db.insertInto('tickets').values(rows).returning('id').execute()).map((r: { id: number }) => r.id));
  }
  for (let from = 0; from < ticketIds.length; from += 100) {
    const slice = ticketIds.slice(from, from + 100);
    const comments = slice.flatMap((t) =>
      Array.from({ length: COMMENTS }, (_, c) => {
        const body = `Comment ${c} by ${m} on ticket ${t}`;
        return { ticket_id: t, author_id: c % 2 ? agentId : id, body, html_body: `<p>${body}</p>`, plain_body: body, public: 1, channel: 'web', created_at: at };
      }),
    );
    await db.insertInto('comments').values(comments).execute();
    await db.insertInto('ticket_tags').values(slice.map((t) => ({ ticket_id: t, tag: 'twin' }))).execute();
    await db.insertInto('ticket_collaborators').values(slice.map((t) => ({ ticket_id: t, user_id: agentId }))).execute();
  }
  return id;
}

/** What is left of a contact: their tickets' tombstones and the stub (without ids and times), and the rows still under them. */
async function endState(db: Kysely<any>, userId: number) {
  // Ids and times differ between the twins; a reference to the contact themself reads `self`.
  const strip = (r: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(r).filter(([k]) => !/(^id$|_at$|_since$|^subject$)/.test(k)).map(([k, v]) => [k, /_id$/.test(k) && v === userId ? 'self' : v]));
  const tickets: any[] = await db.selectFrom('tickets').selectAll().where('requester_id', '=', userId).orderBy('id').execute();
  const ids = tickets.map((t: { id: number }) => t.id);
  const under: Record<string, number> = {};
  for (const [table, column, of] of [
    ['comments', 'ticket_id', ids], ['ticket_tags', 'ticket_id', ids], ['ticket_collaborators', 'ticket_id', ids], ['ticket_audits', 'ticket_id', ids],
    ['identities', 'user_id', [userId]], ['comments', 'author_id', [userId]],
  ] as const) {
    let n = 0;
    for (let i = 0; i < of.length; i += 500) {
      const r: any = await db.selectFrom(table).select((eb: any) => eb.fn.countAll().as('n')).where(column, 'in', of.slice(i, i + 500)).executeTakeFirst();
      n += Number(r.n);
    }
    under[`${table}.${column}`] = n;
  }
  const facts: any[] = await db.selectFrom('ticket_facts').select(['status', 'erased_at']).where('ticket_id', 'in', ids.slice(0, 500)).execute();
  const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  return {
    tickets: tickets.length,
    erased: tickets.filter((t: { erased_at: string | null }) => t.erased_at).length,
    tombstones: [...new Set(tickets.map((t: Record<string, unknown>) => JSON.stringify(strip(t))))],
    subjects: [...new Set(tickets.map((t: { subject: unknown }) => t.subject))],
    facts: [...new Set(facts.map((f: { status: string; erased_at: string | null }) => `${f.status}/${f.erased_at ? 'erased' : 'live'}`))],
    under,
    stub: strip(user),
  };
}

describeEachDb('a set-based erasure killed with SIGKILL', (kind) => {
  let server: RunningServer | undefined;
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    await server?.stop();
    server = store = undefined;
  });

  it('finishes when asked again after a restart, in the same state as an erasure never interrupted', async () => {
    server = await startServer(kind);
    const s = server;
    store = await openStore({ dataDir: s.dataDir, ...(s.databaseUrl ? { databaseUrl: s.databaseUrl } : {}) });
    const db = store.db as unknown as Kysely<any>;
    const auth = `Basic ${Buffer.from(`${s.ownerEmail}/token:${s.token}`).toString('base64')}`;
    const call = async (method: string, path: string) => {
      const r = await fetch(`${s.baseUrl}/api/v2${path}`, { method, headers: { authorization: auth } });
      return { status: r.status, text: await r.text() };
    };
    const owner = await db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow();
    const at = new Date().toISOString();
    const [a, b] = [await seedContact(db, owner.id, marker(), at), await seedContact(db, owner.id, marker(), at)];
    for (const id of [a, b]) expect((await call('DELETE', `/users/${id}`)).status).toBe(200);

    const erasedOf = async (id: number) =>
      Number(((await db.selectFrom('tickets').select((eb: any) => eb.fn.countAll().as('n')).where('requester_id', '=', id).where('erased_at', 'is not', null).executeTakeFirst()) as any).n);
    // Delete Forever of A, killed once its first batches have committed and before its last.
    const request = call('DELETE', `/deleted_users/${a}`).catch(() => null);
    await until('the first batch of tickets erased', async () => (await erasedOf(a)) > 0);
    await s.kill('SIGKILL');
    await request;
    const atKill = await erasedOf(a);
    expect(atKill).toBeGreaterThan(0);
    // The crash came in the middle: a whole number of batches, not all of them.
    expect(atKill).toBeLessThan(TICKETS);
    expect(atKill % 100).toBe(0);
    expect((await db.selectFrom('users').select(['erasing_since', 'erased_at']).where('id', '=', a).executeTakeFirstOrThrow())).toMatchObject({ erasing_since: expect.any(String), erased_at: null });

    await s.restart();
    expect((await call('DELETE', `/deleted_users/${a}`)).status).toBe(200);
    expect((await call('DELETE', `/deleted_users/${b}`)).status).toBe(200);

    const [ea, eb] = [await endState(db, a), await endState(db, b)];
    expect(ea.tickets).toBe(TICKETS);
    expect(ea.erased).toBe(TICKETS);
    expect(ea.tombstones).toHaveLength(1);
    expect(Object.values(ea.under).every((n) => n === 0), JSON.stringify(ea.under)).toBe(true);
    expect(ea.facts).toEqual(['open/erased']);
    expect(ea).toEqual(eb);
  }, 240_000);
});
