import { afterEach, beforeEach, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachDb } from '../../test/db.ts';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { postgresSearch } from '../db/dialects/search-postgres.ts';
import type { TextSource } from '../db/dialects/caps.ts';
import { insertGroup, insertOrganization, seedTicket } from '../../test/factories/index.ts';
import { countSearchedUsers, searchUsers } from './service.ts';

// What search promises beyond the syntax: states, consistency at commit, paging, refusals.

describeEachDb('search behaviour', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  const get = (path: string) => t.call('GET', path.replace(/^https?:\/\/[^/]+/, ''));
  const q = (text: string) => encodeURIComponent(text);
  async function found(text: string): Promise<string[]> {
    const r = await get(`/api/v2/search?query=${q(text)}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.results.map((x: { result_type: string; id: number }) => `${x.result_type}:${x.id}`).sort();
  }

  it('never returns spam, deleted or erased tickets, nor deleted or erased users', async () => {
    const rq = await t.contact();
    const live = await seedTicket(t, { requesterId: rq, subject: 'ghost story', comments: ['boo'] });
    for (const state of ['spam', 'deleted', 'erased'] as const) {
      await seedTicket(t, { requesterId: rq, subject: 'ghost story', state, comments: ['boo'], attachments: ['ghost.png'] });
    }
    const active = await t.contact({ name: 'Ghost Active' });
    const suspended = await t.contact({ name: 'Ghost Suspended', suspended: true });
    const deleted = await t.contact({ name: 'Ghost Deleted', email: 'ghost.deleted@example.com' });
    const erased = await t.contact({ name: 'Ghost Erased' });
    const now = t.clock.now().toISOString();
    await t.store.db.updateTable('users').set({ deleted_at: now }).where('id', '=', deleted).execute();
    await t.store.db.updateTable('users').set({ deleted_at: now, erased_at: now }).where('id', '=', erased).execute();

    const expected = [`ticket:${live.id}`, `user:${active}`, `user:${suspended}`].sort();
    expect(await found('ghost')).toEqual(expected);
    expect(await found('boo')).toEqual([`ticket:${live.id}`]);
    expect(await found('ghost.png')).toEqual([]);
    expect(await found('ghost.deleted@example.com')).toEqual([]);
    expect((await get(`/api/v2/search/count?query=ghost`)).body).toEqual({ count: 3 });
    const exported = await get(`/api/v2/search/export?query=ghost&filter[type]=ticket&page[size]=10`);
    expect(exported.body.results.map((r: { id: number }) => r.id)).toEqual([live.id]);
    expect(await searchUsers(t.store.db, t.store.caps, 'ghost', { limit: 10 }).then((us) => us.map((u) => u.id))).toEqual([active, suspended]);
  });

  it('finds edited text by its new words and not its old ones at once, on every indexed table', async () => {
    const rq = await t.contact({ name: 'Kestrel Person', email: 'kestrel@example.com' });
    const tk = await seedTicket(t, { requesterId: rq, subject: 'kestrel subject', comments: ['kestrel in a comment'], attachments: ['kestrel.txt'] });
    const org = await insertOrganization(t, 'Kestrel Org');
    const group = await insertGroup(t, 'Kestrel Group');
    expect(await found('kestrel')).toHaveLength(4);
    const db = t.store.db;
    await db.updateTable('comments').set({ body: 'falcon', html_body: '<p>falcon</p>', plain_body: 'falcon now' }).where('id', '=', tk.commentIds[0]!).execute();
    expect(await found('falcon')).toEqual([`ticket:${tk.id}`]);
    await db.updateTable('tickets').set({ subject: 'plain subject' }).where('id', '=', tk.id).execute();
    await db.updateTable('attachments').set({ file_name: 'redacted.txt' }).where('id', '=', tk.attachmentIds[0]!).execute();
    await db.updateTable('users').set({ name: 'Someone Else' }).where('id', '=', rq).execute();
    await db.updateTable('identities').set({ value: 'other@example.com', value_key: 'other@example.com' }).where('user_id', '=', rq).execute();
    await db.updateTable('organizations').set({ name: 'Renamed Org' }).where('id', '=', org).execute();
    await db.updateTable('groups').set({ name: 'Renamed Group' }).where('id', '=', group).execute();
    expect(await found('kestrel')).toEqual([]);
    expect(await found('kestrel*')).toEqual([]);
    expect(await found('renamed')).toEqual([`group:${group}`, `organization:${org}`]);
    expect(await found('other@example.com')).toEqual([`user:${rq}`]);
    await db.deleteFrom('attachments').where('ticket_id', '=', tk.id).execute();
    await db.deleteFrom('comments').where('id', '=', tk.commentIds[0]!).execute();
    expect(await found('falcon')).toEqual([]);
    expect(await found('plain')).toEqual([`ticket:${tk.id}`]);
  });

  it('pages /search by offset with next_page, previous_page and count', async () => {
    const rq = await t.contact();
    const ids: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const at = `2026-11-0${i}T10:00:00.000Z`;
      ids.push((await seedTicket(t, { requesterId: rq, subject: 'pager', createdAt: at, updatedAt: at })).id);
    }
    const newestFirst = [...ids].reverse();
    const p1 = await get(`/api/v2/search.json?query=pager&per_page=2`);
    expect(p1.body.count).toBe(5);
    expect(p1.body.results.map((r: { id: number }) => r.id)).toEqual(newestFirst.slice(0, 2));
    expect(p1.body.previous_page).toBeNull();
    expect(p1.body.next_page).toMatch(/^http:\/\/[^/]+\/api\/v2\/search\.json\?.*page=2/);
    const p2 = await get(p1.body.next_page);
    expect(p2.body.results.map((r: { id: number }) => r.id)).toEqual(newestFirst.slice(2, 4));
    expect(p2.body.previous_page).toMatch(/page=1/);
    const p3 = await get(p2.body.next_page);
    expect(p3.body.results.map((r: { id: number }) => r.id)).toEqual(newestFirst.slice(4));
    expect(p3.body.next_page).toBeNull();
    const beyond = await get(`/api/v2/search?query=pager&per_page=2&page=4`);
    expect(beyond.body).toMatchObject({ results: [], count: 5, next_page: null });
    const asc = await get(`/api/v2/search?query=pager&sort_order=asc&sort_by=created_at`);
    expect(asc.body.results.map((r: { id: number }) => r.id)).toEqual(ids);
    expect(asc.body.results[0]).toMatchObject({ result_type: 'ticket', subject: 'pager', url: expect.stringContaining(`/tickets/${ids[0]}.json`) });
  });

  it('pages /search/export by cursor until links.next is null, and back with links.prev', async () => {
    const rq = await t.contact();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await seedTicket(t, { requesterId: rq, subject: 'exported' })).id);
    const seen: number[][] = [];
    let url: string | null = `/api/v2/search/export.json?query=exported&filter[type]=ticket&page[size]=2`;
    let last: any;
    while (url) {
      const r = await get(url);
      expect(r.status).toBe(200);
      seen.push(r.body.results.map((x: { id: number; result_type: string }) => (expect(x.result_type).toBe('ticket'), x.id)));
      last = r.body;
      url = r.body.links.next;
      if (url) expect(url).toMatch(/^http:\/\/[^/]+\/api\/v2\/search\/export\.json\?/);
    }
    expect(seen).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);
    expect(last.meta.has_more).toBe(false);
    const back = await get(last.links.prev);
    expect(back.body.results.map((x: { id: number }) => x.id)).toEqual(ids.slice(2, 4));
    const whole = await get(`/api/v2/search/export?query=exported&filter[type]=ticket`);
    expect(whole.body.results.map((x: { id: number }) => x.id)).toEqual(ids);
    expect(whole.body.links.next).toBeNull();
    const users = await get(`/api/v2/search/export?query=exported&filter[type]=user`);
    expect(users.body.results).toEqual([]);
  });

  it('refuses malformed queries with 400 InvalidRequest saying what is wrong', async () => {
    const cases: [string, RegExp][] = [
      ['/api/v2/search?query=status%3Cbogus', /status< needs one of new, open, pending, hold, solved, closed/],
      ['/api/v2/search?query=%22unclosed', /never closed/],
      ['/api/v2/search', /Give a search query/],
      ['/api/v2/search?query=created%3E2026-13-01', /YYYY-MM-DD/],
      ['/api/v2/search?query=type%3Aarticle', /type: must be one of/],
      ['/api/v2/search?query=x&sort_by=priority', /sort_by/],
      ['/api/v2/search?query=x&page=11&per_page=100', /first 1000 results/],
      ['/api/v2/search?query=x&page[size]=10', /search\/export/],
      ['/api/v2/search/count?query=requester%3Asomeone', /email address, a user id, me or none/],
      ['/api/v2/search/export?query=x', /filter\[type\] is required/],
      ['/api/v2/search/export?query=a*&filter[type]=user', /at least 2 letters/],
    ];
    for (const [path, message] of cases) {
      const r = await get(path);
      expect(r.status, path).toBe(400);
      expect(r.body.error).toBe('InvalidRequest');
      expect(r.body.description).toMatch(message);
      expect(r.body.description).not.toMatch(/bogus|someone/);
    }
  });

  it('serves agents, and offers searchUsers for /users/search', async () => {
    const agent = await t.staff('agent');
    const a = await t.contact({ name: 'Uma Search', email: 'uma@example.com' });
    const b = await t.contact({ name: 'Uma Other' });
    const c = await t.contact({ name: 'Uma Third' });
    expect((await t.call('GET', '/api/v2/search?query=uma', undefined, agent)).body.count).toBe(3);
    const caps = t.store.caps;
    const names = async (query: string, page = { limit: 10 } as Parameters<typeof searchUsers>[3]) =>
      (await searchUsers(t.store.db, caps, query, page)).map((u) => u.id);
    expect(await names('uma')).toEqual([a, b, c]);
    expect(await names('uma', { limit: 2, afterId: a })).toEqual([b, c]);
    expect(await names('uma', { limit: 2, beforeId: c })).toEqual([a, b]);
    expect(await names('uma', { limit: 1, offset: 1 })).toEqual([b]);
    expect(await names('uma@example.com')).toEqual([a]);
    expect(await names('uma type:ticket')).toEqual([]);
    expect(await countSearchedUsers(t.store.db, caps, 'uma -third')).toBe(2);
    await expect(searchUsers(t.store.db, caps, 'role:chief', { limit: 10 })).rejects.toMatchObject({ code: 'invalid_request' });
  });

  if (kind === 'postgres') {
    it('uses the GIN expression index for every indexed source', async () => {
      const sources: [TextSource, string][] = [
        ['ticket_subject', 'search_tickets'],
        ['comment', 'search_comments'],
        ['attachment', 'search_attachments'],
        ['user', 'search_users'],
        ['identity', 'search_identities'],
        ['organization', 'search_organizations'],
        ['group', 'search_groups'],
      ];
      for (const [source, index] of sources) {
        const plan = await t.store.db.transaction().execute(async (trx) => {
          await sql`set local enable_seqscan = off`.execute(trx);
          const r = await sql<{ 'QUERY PLAN': string }>`explain ${postgresSearch.idsMatching(source, [{ tokens: ['anna', 'k'], prefix: true }])}`.execute(trx);
          return r.rows.map((row) => row['QUERY PLAN']).join('\n');
        });
        expect(plan, source).toContain(index);
      }
    });
  }
});
