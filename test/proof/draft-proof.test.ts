import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type Staff, type TestApp } from '../app.ts';
import { hitsOnDisk, newMarker } from './plant.ts';
import { markerInAnyColumn } from './scan-columns.ts';

// Drafts in the byte-level proof (docs/erasure-proof.md): a marker in agents' unsent
// replies — on her own ticket, and on someone else's ticket naming her — is in no byte of
// any file once her erasure request has run; with the draft matches rejected (kept as
// someone else's data) the same scan finds it, so a zero means something.

describe('drafts in the erasure proof [sqlite]', () => {
  let t: TestApp;
  let m: string;
  let agent: Staff;
  beforeEach(async () => {
    t = await createTestApp('sqlite');
    m = newMarker();
    agent = await t.staff('agent');
  });
  afterEach(() => t.close());

  const ok = (r: { status: number; body: any }, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };

  async function plant() {
    const anna = ok(await t.call('POST', '/api/v2/users', { user: { name: `Anna ${m}`, email: `${m}@example.test` } }), 201).user.id as number;
    const boris = await t.contact({ name: 'Boris Levin' });
    const hers = ok(await t.call('POST', '/api/v2/tickets', { ticket: { requester_id: anna, subject: 'Help', comment: { body: 'Hello' } } }), 201).ticket.id;
    const his = ok(await t.call('POST', '/api/v2/tickets', { ticket: { requester_id: boris, subject: 'Other', comment: { body: 'Hi' } } }), 201).ticket.id;
    ok(await t.call('PUT', `/api/v2/tickets/${hers}/draft`, { draft: { body: `Dear Anna ${m},` } }, agent));
    ok(await t.call('PUT', `/api/v2/tickets/${his}/draft`, { draft: { body: `Boris, please write to ${m}@example.test`, fields: { note: `Anna ${m}` } } }, agent));
    expect(await markerInAnyColumn(t.store.db, null, m)).toEqual(expect.arrayContaining(['ticket_drafts.body', 'ticket_drafts.fields']));
    expect(await t.store.checkpoint()).toEqual({ busy: false });
    expect(hitsOnDisk(t.store.dataDir, m).map((h) => h.file)).toContain('oubli.db');
    await sql`pragma wal_autocheckpoint = 0`.execute(t.store.db);
    return anna;
  }

  async function erase(anna: number, decide: (matches: any[]) => { match_id: number; decision: string }[]) {
    const id = ok(await t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: anna } }), 201).erasure_request.id;
    await t.drainJobs();
    const matches = ok(await t.call('GET', `/api/v2/erasure_requests/${id}/matches`)).matches;
    expect(matches.some((x: any) => x.location === 'draft')).toBe(true);
    const decisions = decide(matches);
    if (decisions.length) ok(await t.call('PUT', `/api/v2/erasure_requests/${id}`, { erasure_request: { decisions } }));
    ok(await t.call('PUT', `/api/v2/erasure_requests/${id}`, { erasure_request: { confirm_all: true } }));
    ok(await t.call('POST', `/api/v2/erasure_requests/${id}/execute`));
    await t.drainJobs();
    return ok(await t.call('GET', `/api/v2/erasure_requests/${id}`)).erasure_request;
  }

  it('leaves the marker in no byte of any file after the erasure request', async () => {
    const anna = await plant();
    const r = await erase(anna, () => []);
    expect(r.status).toBe('completed');
    expect(await t.store.db.selectFrom('ticket_drafts').select('id').execute()).toEqual([]);
    expect(await markerInAnyColumn(t.store.db, null, m)).toEqual([]);
    expect(hitsOnDisk(t.store.dataDir, m)).toEqual([]);
  });

  it('finds the marker when the draft on the other ticket is kept (its matches rejected)', async () => {
    const anna = await plant();
    const r = await erase(anna, (ms) => ms.filter((x) => x.location === 'draft').map((x) => ({ match_id: x.id, decision: 'reject' })));
    // Her address is an identifier: the request's own byte scan finds it kept, and says so.
    expect(r.status).toBe('verification_failed');
    expect(r.verification.byte_scan.status).toBe('found');
    // (The request keeps its terms for the fix, too.)
    expect(await markerInAnyColumn(t.store.db, null, m)).toEqual(expect.arrayContaining(['ticket_drafts.body', 'ticket_drafts.fields']));
    expect(hitsOnDisk(t.store.dataDir, m).length).toBeGreaterThan(0);
  });
});
