import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.ts';
import { dbKinds, type DbKind } from '../db.ts';
import { hitsUnder } from './mail-plant.ts';
import { newMarker } from './plant.ts';
import { markerInAnyColumn } from './scan-columns.ts';

// Erasure you can prove in a comment's markup (docs/erasure-proof.md): her address, a unique
// marker, is only in a link's target (as written, and %40-encoded in a URL's query) and an
// image's source on someone else's ticket. After an erasure request no byte of the SQLite
// data directory and no column of any PostgreSQL table holds it. Negative controls: another
// person's marker in the same comment's links stays, and when the agent rejects the match the
// marker stays in comments.html_body.

const ok = (r: { status: number; body: any }, status = 201) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
};

const links = (local: string) =>
  `<a href="mailto:${local}@marker.test">mail</a> <a href="https://crm.example/u?email=${local}%40marker.test">record</a> ` +
  `<img src="https://track.example/open?e=${local}@marker.test">`;

async function plant(t: TestApp, m: string, control: string) {
  const userId = await t.contact({ name: 'Anna Marker', email: `${m}@marker.test` });
  await t.contact({ name: 'Carl Control', email: `${control}@marker.test` });
  const bob = await t.contact({ name: 'Bob Keeps', email: 'bob@keeps.test' });
  const html = `<p>Forwarding: ${links(m)}</p><p>And Carl: ${links(control)}</p>`;
  ok(await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Contacts', requester_id: bob, comment: { html_body: html } } }));
  return userId;
}

async function eraseByRequest(t: TestApp, userId: number, reject: boolean) {
  const id = ok(await t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: userId } })).erasure_request.id as number;
  await t.drainJobs();
  const matches = (await t.call('GET', `/api/v2/erasure_requests/${id}/matches?page[size]=100`)).body.matches as any[];
  const inHtml = matches.filter((x) => x.location === 'comment' && x.field === 'html_body');
  const decisions = reject ? inHtml.map((x) => ({ match_id: x.id, decision: 'reject' })) : [];
  ok(await t.call('PUT', `/api/v2/erasure_requests/${id}`, { erasure_request: { decisions, confirm_all: true } }), 200);
  ok(await t.call('POST', `/api/v2/erasure_requests/${id}/execute`), 200);
  await t.drainJobs();
  return { inHtml, request: (await t.call('GET', `/api/v2/erasure_requests/${id}`)).body.erasure_request };
}

for (const kind of dbKinds) proofFor(kind);

function proofFor(kind: DbKind) {
  describe(`an erasure request reaches links and images of a comment's HTML [${kind}]`, () => {
    let t: TestApp;
    let m: string;
    let control: string;
    beforeEach(async () => {
      t = await createTestApp(kind);
      if (kind === 'sqlite') await sql`pragma wal_autocheckpoint = 0`.execute(t.store.db);
      m = newMarker();
      control = newMarker();
    });
    afterEach(() => t.close());

    const columns = (marker: string) => markerInAnyColumn(t.store.db, kind === 'postgres' ? t.store.pgSchema! : null, marker);
    const files = async (marker: string) => (kind === 'sqlite' ? hitsUnder(t.store.dataDir, marker) : []);

    it('leaves her marker in no file and no row; the other person\'s stays', async () => {
      const userId = await plant(t, m, control);
      expect(await columns(m)).toContain('comments.html_body');
      const { inHtml, request } = await eraseByRequest(t, userId, false);
      expect(inHtml).toHaveLength(1);
      expect(request.status, JSON.stringify(request.verification)).toBe('completed');
      expect(await columns(m)).toEqual([]);
      expect(await files(m)).toEqual([]);
      expect(await columns(control)).toContain('comments.html_body');
      if (kind === 'sqlite') expect((await files(control)).length).toBeGreaterThan(0);
    });

    it('finds her marker in comments.html_body when that match is rejected', async () => {
      const userId = await plant(t, m, control);
      const { inHtml } = await eraseByRequest(t, userId, true);
      expect(inHtml).toHaveLength(1);
      // Her identifier kept on purpose: the byte scan still counts it, so the request's terms stay for a fix.
      expect(await columns(m)).toContain('comments.html_body');
      if (kind === 'sqlite') expect((await files(m)).length).toBeGreaterThan(0);
    });
  });
}
