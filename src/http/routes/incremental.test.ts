import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeEachDb } from '../../../test/db.ts';
import { insertTicket, marker } from '../../../test/factories/index.ts';
import { setPassword } from '../../domain/auth/set-password.ts';
import { STUB_NAME } from '../../domain/erasure/map/core.ts';

// The incremental exports through the API (docs/exports.md), on both databases: their shapes,
// the whole-second rule, cursors, tombstones and stubs, the erasure feed, who may read them,
// and what the erasure ledger records about each page.

const sec = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describeEachDb('incremental exports', (kind) => {
  let t: TestApp;
  let db: Kysely<any>;
  beforeEach(async () => {
    t = await createTestApp(kind);
    db = t.store.db as unknown as Kysely<any>;
  });
  afterEach(async () => {
    await t.close();
  });

  /** Lets every row written so far settle past the export's one-minute horizon. */
  const settle = () => t.clock.advance(61_000);
  const get = (url: string, who = t.owner as Parameters<TestApp['call']>[3]) => t.call('GET', url, undefined, who);
  const ledger = () => db.selectFrom('data_recipients').selectAll().orderBy('id').execute();
  /** A ticket through the API, with a first comment; returns its id. */
  const apiTicket = async (requesterId: number, body: string, extra: Record<string, unknown> = {}) => {
    const r = await t.call('POST', '/api/v2/tickets', { ticket: { subject: `About ${body}`, requester_id: requesterId, comment: { body }, ...extra } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.ticket.id as number;
  };
  /** Signs in as the web app does; the cookie header of the session. */
  const signIn = async (email: string, password: string): Promise<string> => {
    const cookies = new Map<string, string>();
    const keep = (set: string | string[] | undefined) => {
      for (const c of [set ?? []].flat()) {
        const [k, ...v] = c.split(';')[0]!.split('=');
        cookies.set(k!, v.join('='));
      }
    };
    const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const first = await t.app.inject({ method: 'GET', url: '/api/v2/session' });
    keep(first.headers['set-cookie']);
    const csrf = first.json().csrf_token as string;
    const res = await t.app.inject({
      method: 'POST', url: '/api/v2/session', payload: { session: { email, password } },
      headers: { cookie: header(), 'x-csrf-token': csrf, 'content-type': 'application/json' },
    });
    expect(res.statusCode, res.body).toBe(200);
    keep(res.headers['set-cookie']);
    return header();
  };
  const eraseTicket = async (id: number) => {
    expect((await t.call('DELETE', `/api/v2/tickets/${id}`)).status).toBe(204);
    expect((await t.call('DELETE', `/api/v2/deleted_tickets/${id}`)).status).toBe(200);
    await t.drainJobs();
  };
  const eraseUser = async (id: number) => {
    expect((await t.call('DELETE', `/api/v2/users/${id}`)).status).toBe(200);
    const r = await t.call('DELETE', `/api/v2/deleted_users/${id}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };

  it('answers a time-based ticket page in Zendesk shape and refuses a start time inside the last minute', async () => {
    const c = await t.contact({ name: 'Ada', email: 'ada@example.test' });
    const id = await apiTicket(c, 'Printer jammed');
    const start = sec(t.clock.now().toISOString());
    // Just written: not exported until it settles, and the start time is too recent.
    const early = await get(`/api/v2/incremental/tickets.json?start_time=${start}`);
    expect(early.status).toBe(422);
    expect(early.body).toEqual({ error: 'InvalidValue', description: expect.stringMatching(/^Too recent start_time/) });
    expect((await get(`/api/v2/incremental/tickets?start_time=${start + 86_400}`)).status).toBe(422);
    settle();
    const r = await get(`/api/v2/incremental/tickets.json?start_time=${start}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['count', 'end_of_stream', 'end_time', 'next_page', 'tickets']);
    expect(r.body.tickets.map((x: any) => x.id)).toEqual([id]);
    expect(r.body.tickets[0]).toMatchObject({ subject: 'About Printer jammed', description: 'Printer jammed', status: 'new', requester_id: c, url: expect.stringContaining(`/tickets/${id}.json`) });
    expect(r.body.count).toBe(1);
    expect(r.body.end_of_stream).toBe(true);
    expect(r.body.end_time).toBe(sec(t.clock.now().toISOString()) - 60);
    expect(r.body.next_page).toBe(`http://localhost:80/api/v2/incremental/tickets.json?start_time=${r.body.end_time}`);
    // Following next_page later repeats nothing.
    settle();
    const again = await get(new URL(r.body.next_page).pathname + new URL(r.body.next_page).search);
    expect(again.body.tickets).toEqual([]);
    expect(again.body.end_of_stream).toBe(true);
  });

  it('never splits a second between pages: a follower reads every row once', async () => {
    const c = await t.contact();
    const base = Date.parse('2026-11-22T09:00:00.000Z');
    const at = (s: number, ms: number) => new Date(base + s * 1000 + ms).toISOString();
    // Second 0: two rows; second 1: three rows; second 2: five rows (more than a page); second 3: one.
    const plan = [at(0, 10), at(0, 900), at(1, 0), at(1, 500), at(1, 999), ...[1, 2, 3, 4, 5].map((m) => at(2, m * 100)), at(3, 0)];
    const ids: number[] = [];
    for (const u of plan) ids.push(await insertTicket(t, c, { created_at: u, updated_at: u }));
    const pages: { ids: number[]; end: number; eos: boolean }[] = [];
    let url = `/api/v2/incremental/tickets?start_time=${sec(at(0, 0))}&per_page=4`;
    for (let i = 0; i < 10; i++) {
      const r = await get(url);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      pages.push({ ids: r.body.tickets.map((x: any) => x.id), end: r.body.end_time, eos: r.body.end_of_stream });
      if (r.body.end_of_stream) break;
      expect(r.body.next_page).toContain('per_page=4');
      url = new URL(r.body.next_page).pathname + new URL(r.body.next_page).search;
    }
    const s0 = sec(at(0, 0));
    // Page 1 stops before second 1 (it would have split it); second 2 comes whole, past per_page.
    expect(pages.map((p) => p.ids.length)).toEqual([2, 3, 5, 1]);
    expect(pages.slice(0, 3).map((p) => p.end)).toEqual([s0 + 1, s0 + 2, s0 + 3]);
    expect(pages.flatMap((p) => p.ids)).toEqual(ids);
    expect(pages.at(-1)!.eos).toBe(true);
  });

  it('caps per_page at 1000, reads page[size] as per_page, and refuses bad input with a 400 that changes nothing', async () => {
    const c = await t.contact();
    for (let i = 0; i < 3; i++) await insertTicket(t, c, { updated_at: new Date(Date.parse('2026-11-22T09:00:00Z') + i * 1000).toISOString() });
    const s = sec('2026-11-22T09:00:00Z');
    const sized = await get(`/api/v2/incremental/tickets?start_time=${s}&page[size]=2`);
    expect(sized.body.count).toBe(2);
    expect((await get(`/api/v2/incremental/tickets?start_time=${s}&per_page=5000`)).body.count).toBe(3);
    const before = await ledger();
    for (const [q, words] of [
      ['', /start_time/],
      ['start_time=yesterday', /start_time/],
      ['start_time=-5', /start_time/],
      ['start_time=1.5', /start_time/],
      [`start_time=${s}&per_page=0`, /per_page/],
      [`start_time=${s}&exclude_deleted=maybe`, /exclude_deleted/],
      [`start_time=${s}&start_time=${s}`, /start_time/],
    ] as const) {
      const r = await get(`/api/v2/incremental/tickets?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error).toBe('InvalidRequest');
      expect(r.body.description).toMatch(words);
    }
    for (const q of ['cursor=bm9wZQ', 'cursor=!!', `cursor=${Buffer.from('a|yesterday|1').toString('base64url')}`, 'start_time=soon', '']) {
      const r = await get(`/api/v2/incremental/tickets/cursor?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error).toBe('InvalidRequest');
    }
    expect(await ledger()).toEqual(before);
  });

  it('follows a cursor export to its end, through a crowded second, and back with before_url', async () => {
    const c = await t.contact();
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) ids.push(await insertTicket(t, c, { updated_at: '2026-11-22T09:00:00.500Z' }));
    ids.push(await insertTicket(t, c, { updated_at: '2026-11-22T09:00:01.000Z' }));
    let url = `/api/v2/incremental/tickets/cursor.json?start_time=${sec('2026-11-22T09:00:00Z')}&per_page=3`;
    const seen: number[] = [];
    const pages: any[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await get(url);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(Object.keys(r.body).sort()).toEqual(['after_cursor', 'after_url', 'before_cursor', 'before_url', 'end_of_stream', 'tickets']);
      pages.push(r.body);
      seen.push(...r.body.tickets.map((x: any) => x.id));
      expect(r.body.tickets.length).toBeLessThanOrEqual(3);
      expect(r.body.after_url).toContain('cursor.json?');
      url = new URL(r.body.after_url).pathname + new URL(r.body.after_url).search;
      if (r.body.end_of_stream) break;
    }
    expect(seen).toEqual(ids);
    expect(pages.at(-1).end_of_stream).toBe(true);
    // The last after_url resumes later with nothing repeated, and sees what changed since.
    const changed = await insertTicket(t, c, { updated_at: t.clock.now().toISOString() });
    settle();
    const later = await get(url);
    expect(later.body.tickets.map((x: any) => x.id)).toEqual([changed]);
    // before_url of the second page gives the first page again.
    const back = await get(new URL(pages[1].before_url).pathname + new URL(pages[1].before_url).search);
    expect(back.body.tickets.map((x: any) => x.id)).toEqual(ids.slice(0, 3));
    // node-zendesk writes a missing argument as "undefined": tolerated on either side.
    expect((await get(`/api/v2/incremental/tickets/cursor?start_time=${sec('2026-11-22T09:00:00Z')}&cursor=undefined&page[size]=100`)).body.tickets).toHaveLength(9);
    expect((await get(`/api/v2/incremental/tickets/cursor?start_time=undefined&cursor=${pages[0].after_cursor}`)).body.tickets[0].id).toBe(ids[3]);
  });

  it('shows soft-deleted and Spam tickets as deleted unless exclude_deleted, and tombstones always, with nothing of them left', async () => {
    const m = marker();
    const c = await t.contact({ name: `Name ${m}`, email: `${m}@example.test` });
    const live = await apiTicket(c, `live ${m}`);
    const deleted = await apiTicket(c, `deleted ${m}`);
    const spam = await apiTicket(await t.contact(), `spam ${m}`);
    const erased = await apiTicket(c, `erased ${m}`, { tags: [`tag${m}`] });
    expect((await t.call('DELETE', `/api/v2/tickets/${deleted}`)).status).toBe(204);
    expect((await t.call('PUT', `/api/v2/tickets/${spam}/mark_as_spam`)).status).toBe(200);
    await eraseTicket(erased);
    settle();
    const all = await get('/api/v2/incremental/tickets?start_time=0');
    const byId = new Map(all.body.tickets.map((x: any) => [x.id, x]));
    expect((byId.get(live) as any).status).toBe('new');
    expect(byId.get(deleted)).toMatchObject({ status: 'deleted', state: 'deleted' });
    expect(byId.get(spam)).toMatchObject({ status: 'deleted', state: 'spam' });
    expect(byId.get(erased)).toMatchObject({ id: erased, status: 'deleted', state: 'erased', subject: null, description: null, tags: [], requester_id: c, collaborator_ids: [] });
    const kept = await get('/api/v2/incremental/tickets?start_time=0&exclude_deleted=true');
    expect(kept.body.tickets.map((x: any) => x.id).sort()).toEqual([live, erased].sort());
    expect(JSON.stringify(kept.body.tickets.find((x: any) => x.id === erased))).not.toContain(m);
    const cur = await get('/api/v2/incremental/tickets/cursor?start_time=0&exclude_deleted=true');
    expect(cur.body.tickets.map((x: any) => x.id).sort()).toEqual([live, erased].sort());
  });

  it('exports users, erased people as the stub, and organizations', async () => {
    const m = marker();
    const gone = await t.contact({ name: `Name ${m}`, email: `${m}@example.test`, notes: `notes ${m}` });
    const soft = await t.contact({ name: 'Soft Deleted', email: 'soft@example.test' });
    const kept = await t.contact({ name: 'Kept Contact', email: 'kept@example.test' });
    await eraseUser(gone);
    expect((await t.call('DELETE', `/api/v2/users/${soft}`)).status).toBe(200);
    const org = await t.call('POST', '/api/v2/organizations', { organization: { name: 'Acme' } });
    settle();
    const r = await get('/api/v2/incremental/users.json?start_time=0');
    expect(r.status).toBe(200);
    const byId = new Map(r.body.users.map((u: any) => [u.id, u]));
    expect(byId.get(gone)).toMatchObject({ name: STUB_NAME, email: null, phone: null, notes: null, active: false });
    expect(JSON.stringify(r.body)).not.toContain(m);
    expect(byId.get(soft)).toMatchObject({ name: 'Soft Deleted', active: false });
    expect(byId.get(kept)).toMatchObject({ email: 'kept@example.test', active: true });
    const ex = await get('/api/v2/incremental/users?start_time=0&exclude_deleted=true');
    expect(ex.body.users.map((u: any) => u.id)).toEqual(expect.arrayContaining([gone, kept]));
    expect(ex.body.users.map((u: any) => u.id)).not.toContain(soft);
    const cur = await get('/api/v2/incremental/users/cursor?start_time=0&per_page=1');
    expect(cur.body.users).toHaveLength(1);
    expect(cur.body.end_of_stream).toBe(false);
    const orgs = await get('/api/v2/incremental/organizations?start_time=0');
    expect(orgs.body.organizations.map((o: any) => o.id)).toEqual([org.body.organization.id]);
    expect(orgs.body.organizations[0]).toMatchObject({ name: 'Acme' });
  });

  it('gives ticket events with comment text only while the database holds it: redacted stays redacted, erased is gone', async () => {
    const m = marker();
    const c = await t.contact();
    const kept = await apiTicket(c, `keep ${m} here`);
    const erased = await apiTicket(c, `erase ${m} here`);
    const comments = await t.call('GET', `/api/v2/tickets/${kept}/comments`);
    const cid = comments.body.comments[0].id;
    expect((await t.call('PUT', `/api/v2/tickets/${kept}/comments/${cid}/redact`, { text: m })).status).toBe(200);
    settle();
    const before = await get('/api/v2/incremental/ticket_events.json?start_time=0&include=comment_events');
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    expect(Object.keys(before.body).sort()).toEqual(['count', 'end_of_stream', 'end_time', 'next_page', 'ticket_events']);
    const ofErased = before.body.ticket_events.filter((e: any) => e.ticket_id === erased);
    expect(ofErased[0].child_events.find((x: any) => x.event_type === 'Comment').body).toContain(`erase ${m}`);
    const ofKept = before.body.ticket_events.filter((e: any) => e.ticket_id === kept);
    const comment = ofKept.flatMap((e: any) => e.child_events).find((x: any) => x.event_type === 'Comment');
    expect(comment.body).toMatch(/^keep ▇+ here$/);
    // Without include=comment_events no comment text at all.
    const bare = await get('/api/v2/incremental/ticket_events?start_time=0');
    expect(JSON.stringify(bare.body)).not.toContain('erase ');
    expect(bare.body.ticket_events[0]).toMatchObject({ event_type: 'Audit', comment_present: true });
    await eraseTicket(erased);
    settle();
    const after = await get('/api/v2/incremental/ticket_events?start_time=0&include=comment_events');
    expect(after.body.ticket_events.filter((e: any) => e.ticket_id === erased)).toEqual([]);
    expect(JSON.stringify(after.body)).not.toContain(m);
  });

  it('lists erasures and redactions in the erasure feed, kinds and ids only', async () => {
    const m = marker();
    const c = await t.contact({ name: `Name ${m}`, email: `${m}@example.test` });
    const other = await t.contact();
    const tid = await apiTicket(other, `see ${m} inside`);
    const cid = (await t.call('GET', `/api/v2/tickets/${tid}/comments`)).body.comments[0].id;
    expect((await t.call('PUT', `/api/v2/tickets/${tid}/comments/${cid}/redact`, { text: m })).status).toBe(200);
    const gone = await apiTicket(c, `mine ${m}`);
    const alone = await apiTicket(other, `alone ${m}`);
    await eraseTicket(alone);
    await eraseUser(c);
    settle();
    const r = await get('/api/v2/incremental/erasures.json?start_time=0');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['count', 'end_of_stream', 'end_time', 'erasures', 'next_page']);
    const kinds = r.body.erasures.map((e: any) => `${e.kind}:${e.subject_id}`);
    expect(kinds).toEqual(expect.arrayContaining([`comment_redacted:${cid}`, `ticket_erased:${alone}`, `user_erased:${c}`]));
    // The tickets that went with her are named by id.
    expect(r.body.erasures.find((e: any) => e.kind === 'user_erased').ids.ticket_ids).toEqual([gone]);
    for (const e of r.body.erasures) {
      expect(Object.keys(e).sort()).toEqual(['created_at', 'id', 'ids', 'kind', 'subject_id', 'subject_type']);
      for (const v of Object.values(e.ids)) expect(typeof v === 'number' || (Array.isArray(v) && v.every((x) => typeof x === 'number'))).toBe(true);
    }
    expect(r.body.erasures.find((e: any) => e.kind === 'comment_redacted').ids).toEqual({ ticket_id: tid, comment_id: cid });
    expect(JSON.stringify(r.body)).not.toContain(m);
    // Soft deletes are not erasures: they show in the other exports as deleted.
    expect(r.body.erasures.map((e: any) => e.kind)).not.toContain('ticket_deleted');
    // Paged by time like the others.
    const one = await get('/api/v2/incremental/erasures?start_time=0&per_page=1');
    expect(one.body.erasures.length).toBeGreaterThanOrEqual(1);
  });

  it('is for admins: agents get 403, and the ledger records each reader, token or person, with ids only', async () => {
    const m = marker();
    const requester = await t.contact({ name: `Name ${m}`, email: `${m}@example.test` });
    const cc = await t.contact({ name: `CC ${m}`, email: `cc${m}@example.test` });
    const agent = await t.staff('agent');
    const tid = await apiTicket(requester, `text ${m}`, { assignee_id: agent.id, collaborator_ids: [cc] });
    settle();
    const agentDelete = await t.staff('agent', { can_delete_tickets: true } as any);
    for (const who of [agent, agentDelete]) {
      for (const path of ['tickets', 'tickets/cursor', 'users', 'users/cursor', 'organizations', 'ticket_events', 'erasures']) {
        expect((await get(`/api/v2/incremental/${path}?start_time=0`, who)).status, path).toBe(403);
      }
      expect((await get('/api/v2/exports/tickets?start_time=0', who)).status).toBe(403);
    }
    expect(await ledger()).toEqual([]);
    const r = await get('/api/v2/incremental/tickets?start_time=0');
    expect(r.body.tickets.map((x: any) => x.id)).toEqual([tid]);
    const token = await db.selectFrom('api_tokens').select('id').where('user_id', '=', t.owner.id).executeTakeFirstOrThrow();
    const rows = await ledger();
    expect(rows.map((x) => x.user_id).sort((a, b) => a - b)).toEqual([t.owner.id, requester, cc, agent.id].sort((a, b) => a - b));
    for (const row of rows) expect(row).toMatchObject({ kind: 'incremental_export', recipient_key: `token:${token.id}`, api_token_id: token.id, recipient_user_id: null, times: 1 });
    // Read again: the same rows, counted.
    await get('/api/v2/exports/tickets.json?start_time=0');
    expect((await ledger()).map((x) => x.times)).toEqual(rows.map(() => 2));
    // A person signed in with her password (as a browser session is) is recorded as herself.
    const password = 'correct horse battery';
    await setPassword(t.ctx, { email: t.owner.email, password });
    const basic = `Basic ${Buffer.from(`${t.owner.email}:${password}`).toString('base64')}`;
    const res = await t.app.inject({ method: 'GET', url: '/api/v2/incremental/users?start_time=0', headers: { authorization: basic } });
    expect(res.statusCode).toBe(200);
    const byUser = (await ledger()).filter((x) => x.recipient_key === `user:${t.owner.id}`);
    expect(byUser.map((x) => x.user_id)).toEqual(expect.arrayContaining([requester, cc]));
    for (const row of byUser) expect(row).toMatchObject({ kind: 'incremental_export', recipient_user_id: t.owner.id, api_token_id: null });
    // So is one signed in to the web app (a browser session cookie).
    const admin = await t.staff('admin');
    await setPassword(t.ctx, { email: admin.email, password });
    const session = await signIn(admin.email, password);
    const viaCookie = await t.app.inject({ method: 'GET', url: '/api/v2/incremental/tickets?start_time=0', headers: { cookie: session } });
    expect(viaCookie.statusCode).toBe(200);
    const bySession = (await ledger()).filter((x) => x.recipient_key === `user:${admin.id}`);
    expect(bySession.map((x) => x.user_id)).toEqual(expect.arrayContaining([requester, cc, agent.id]));
    for (const row of bySession) expect(row).toMatchObject({ kind: 'incremental_export', recipient_user_id: admin.id, api_token_id: null });
    // The ledger holds ids and recipient keys, never what was handed out.
    await get('/api/v2/incremental/ticket_events?start_time=0&include=comment_events');
    expect(JSON.stringify(await ledger())).not.toContain(m);
    // The organization export and the erasure feed carry nobody.
    const count = (await ledger()).length;
    await get('/api/v2/incremental/organizations?start_time=0');
    await get('/api/v2/incremental/erasures?start_time=0');
    expect((await ledger()).length).toBe(count);
  });
});
