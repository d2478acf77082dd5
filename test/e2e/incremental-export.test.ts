import { afterAll, beforeAll, expect, it } from 'vitest';
import zendesk from 'node-zendesk';
import { withServerDb } from '../api-client.ts';
import { describeEachDb } from '../db.ts';
import { seedExportHelpdesk, type ExportHelpdesk } from '../factories/export-helpdesk.ts';
import { startServer, type RunningServer } from '../server.ts';

// The incremental exports of a real `oubli serve` over a helpdesk of 20,000 tickets (seeded
// straight into its database), read by the unmodified node-zendesk client and by a follower of
// `end_of_stream` written by hand: every ticket exactly once, tombstones included, and the
// erasure ledger names the token that read them.

type Any = any;
const TICKETS = 20_000;

describeEachDb('incremental exports against the real server', (kind) => {
  let server: RunningServer;
  let client: ReturnType<typeof zendesk.createClient>;
  let seed: ExportHelpdesk;
  const auth = () => `Basic ${Buffer.from(`${server.ownerEmail}/token:${server.token}`).toString('base64')}`;
  const getJson = async (url: string): Promise<Any> => {
    const res = await fetch(url, { headers: { authorization: auth() } });
    expect(res.status, url).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    server = await startServer(kind);
    // A day ago: every row has settled past the export's one-minute horizon.
    const from = new Date(Date.now() - 86_400_000).toISOString();
    seed = await withServerDb(server, (db) => seedExportHelpdesk(db, { tickets: TICKETS, from, crowded: 1500, withComments: 20 }));
    client = zendesk.createClient({ username: server.ownerEmail, token: server.token, endpointUri: `${server.baseUrl}/api/v2`, throwOriginalException: true } as Any);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  /** Follows a time-based export from start_time to end_of_stream; the ids of each page. */
  const followTime = async (path: string, key: string): Promise<{ pages: number[][]; rows: Any[] }> => {
    const pages: number[][] = [];
    const rows: Any[] = [];
    let url = `${server.baseUrl}/api/v2/${path}.json?start_time=${seed.startTime}`;
    for (let n = 0; n < 100; n++) {
      const body = await getJson(url);
      pages.push(body[key].map((r: Any) => r.id));
      rows.push(...body[key]);
      expect(body.count).toBe(body[key].length);
      if (body.end_of_stream) return { pages, rows };
      // The next page starts where this one ended, at the base the client was given.
      expect(body.next_page.startsWith(`${server.baseUrl}/api/v2/${path}.json?`)).toBe(true);
      url = body.next_page;
    }
    throw new Error('the export never reached end_of_stream');
  };

  it('a hand-written follower of end_of_stream reads every ticket once, tombstones included', async () => {
    const { pages, rows } = await followTime('incremental/tickets', 'tickets');
    const ids = pages.flat();
    expect(ids.length).toBe(TICKETS);
    expect(new Set(ids).size).toBe(TICKETS);
    expect([...ids].sort((a, b) => a - b)).toEqual(seed.ticketIds);
    // Pages of at most 1000, except the one that holds the crowded second whole.
    const long = pages.filter((p) => p.length > 1000);
    expect(long.map((p) => p.length)).toEqual([1500]);
    const byId = new Map(rows.map((t) => [t.id, t]));
    for (const id of seed.tombstoneIds) expect(byId.get(id)).toMatchObject({ status: 'deleted', state: 'erased', subject: null, description: null });
    // The cursor export, followed the same way, agrees.
    const seen: number[] = [];
    let url = `${server.baseUrl}/api/v2/incremental/tickets/cursor.json?start_time=${seed.startTime}`;
    for (let n = 0; n < 100; n++) {
      const body = await getJson(url);
      seen.push(...body.tickets.map((t: Any) => t.id));
      expect(body.tickets.length).toBeLessThanOrEqual(1000);
      url = body.after_url;
      if (body.end_of_stream) break;
    }
    // Both walk (updated_at, id) order: the same sequence, page breaks aside.
    expect(seen).toEqual(ids);
    expect(new Set(seen).size).toBe(TICKETS);
  }, 90_000);

  it("node-zendesk's incremental, cursor and legacy export methods work", async () => {
    const first = await getJson(`${server.baseUrl}/api/v2/incremental/tickets.json?start_time=${seed.startTime}`);
    // Its *.incremental methods make one request (they stop unless a page says count ≥ 1000 on the response object).
    const inc = (await (client.tickets as Any).incremental(seed.startTime)) as Any[];
    expect(inc.map((t) => t.id)).toEqual(first.tickets.map((t: Any) => t.id));
    const legacy = (await (client.tickets as Any).export(seed.startTime)) as Any;
    expect(legacy.result.map((t: Any) => t.id)).toEqual(first.tickets.map((t: Any) => t.id));
    // The cursor export with its page[size]=100, followed with after_cursor to the end.
    const seen: number[] = [];
    let r = (await client.ticketexport.exportCursor(seed.startTime)) as Any;
    for (let n = 0; n < 300; n++) {
      expect(r.result.tickets.length).toBeLessThanOrEqual(100);
      seen.push(...r.result.tickets.map((t: Any) => t.id));
      if (r.result.end_of_stream) break;
      r = await (client.ticketexport as Any).exportCursor(undefined, r.result.after_cursor);
    }
    expect(seen.length).toBe(TICKETS);
    expect(new Set(seen).size).toBe(TICKETS);
    const users = (await (client.users as Any).incremental(seed.startTime)) as Any[];
    expect(users.map((u) => u.id)).toEqual(expect.arrayContaining(seed.requesterIds.slice(0, 10)));
    const orgs = (await (client.organizations as Any).incremental(seed.startTime)) as Any[];
    expect(Array.isArray(orgs)).toBe(true);
    const events = (await (client.ticketevents as Any).incrementalInclude(seed.startTime, 'comment_events')) as Any[];
    const comments = events.flatMap((e) => e.child_events).filter((c: Any) => c.event_type === 'Comment');
    expect(comments.length).toBeGreaterThan(0);
    expect(comments[0].body).toMatch(/^Comment on \d+$/);
  }, 90_000);

  it('the erasure ledger names the token that read them, with ids only', async () => {
    const rows: Any[] = await withServerDb(server, async (db) => {
      const token = await db.selectFrom('api_tokens').select('id').orderBy('id').executeTakeFirstOrThrow();
      return db.selectFrom('data_recipients').selectAll().where('recipient_key', '=', `token:${token.id}`).execute();
    });
    const people = new Set(rows.map((r) => r.user_id));
    for (const id of [...seed.requesterIds, ...seed.ccIds]) expect(people.has(id), `person ${id}`).toBe(true);
    for (const r of rows) expect(r.kind).toBe('incremental_export');
    expect(JSON.stringify(rows)).not.toMatch(/export\.test|Ticket \d|Comment on/);
  }, 30_000);
});
