import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type Staff, type TestApp } from '../../../test/app.ts';
import { ticketWith } from '../../../test/factories/tickets.ts';
import { allPages, ticketRow } from '../../../test/reads.ts';

// Agents' drafts in an erasure request: searched like comments, proposed for deletion,
// deleted on execution, and counted by the verification.

describeEachDb('erasure requests and drafts', (kind) => {
  let t: TestApp;
  let agent: Staff;
  beforeEach(async () => {
    t = await createTestApp(kind);
    agent = await t.staff('agent');
  });
  afterEach(() => t.close());

  const draft = async (ticketId: number, body: string, who: Staff = agent, fields: object = {}) => {
    const r = await t.call('PUT', `/api/v2/tickets/${ticketId}/draft`, { draft: { body, fields } }, who);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };
  const drafts = async () => (await t.store.db.selectFrom('ticket_drafts').select(['ticket_id', 'body']).orderBy('id').execute());
  const open = async (userId: number) => {
    const r = await t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: userId } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await t.drainJobs();
    return r.body.erasure_request.id as number;
  };

  it('finds her in drafts on other tickets, deletes them on execution, keeps a rejected one and closed tickets', async () => {
    const anna = await t.contact({ name: 'Anna Karenina', email: 'anna.k@example.com' });
    const boris = await t.contact({ name: 'Boris Levin' });
    const own = await ticketWith(t, anna, 'My question');
    const mention = await ticketWith(t, boris, 'Nothing about her here');
    const solved = await ticketWith(t, boris, 'Done', { status: 'solved' });
    const namesake = await ticketWith(t, boris, 'Other');
    await draft(own.ticketId, 'Dear Anna, about your question');
    await draft(mention.ticketId, 'Boris, please cc anna.k@example.com');
    await draft(solved.ticketId, 'note', agent, { internal: 'ask Anna Karenina' });
    await draft(namesake.ticketId, 'Anna Karenina from accounting (not her)');
    // Closed after the draft was written: its draft is deleted without erasing the ticket.
    await t.store.db.updateTable('tickets').set({ status: 'closed' }).where('id', '=', solved.ticketId).execute();

    const id = await open(anna);
    const matches = await allPages(t, `/api/v2/erasure_requests/${id}/matches`, 'matches');
    const inDrafts = matches.filter((m) => m.location === 'draft');
    expect(inDrafts.map((m) => m.ticket_id).sort()).toEqual([mention.ticketId, solved.ticketId, namesake.ticketId].sort());
    expect(inDrafts.every((m) => m.proposed_action === 'delete_draft' && m.decision === 'pending')).toBe(true);
    expect(inDrafts.find((m) => m.ticket_id === mention.ticketId).snippet).toContain('anna.k@example.com');
    // Her own ticket's draft goes with the ticket: no match of its own.
    expect(matches.filter((m) => m.location === 'draft' && m.ticket_id === own.ticketId)).toEqual([]);

    const reject = inDrafts.filter((m) => m.ticket_id === namesake.ticketId).map((m) => ({ match_id: m.id, decision: 'reject' }));
    expect((await t.call('PUT', `/api/v2/erasure_requests/${id}`, { erasure_request: { decisions: reject } })).status).toBe(200);
    expect((await t.call('PUT', `/api/v2/erasure_requests/${id}`, { erasure_request: { confirm_all: true } })).status).toBe(200);
    expect((await t.call('POST', `/api/v2/erasure_requests/${id}/execute`)).status).toBe(200);
    await t.drainJobs();
    const r = (await t.call('GET', `/api/v2/erasure_requests/${id}`)).body.erasure_request;
    expect(r.status, JSON.stringify(r)).toBe('completed');
    expect(await drafts()).toEqual([{ ticket_id: namesake.ticketId, body: 'Anna Karenina from accounting (not her)' }]);
    expect((await ticketRow(t, solved.ticketId))!).toMatchObject({ state: 'active', status: 'closed' });
    const cert = (await t.call('GET', `/api/v2/erasure_requests/${id}/certificate`)).body.certificate;
    expect(cert.verification).toMatchObject({ search_before_erasure: { hits_outside_rejected: 0, hits_in_rejected: 1 }, passed: true });
  });

  it('fails verification on a draft written after planning, until it is planned again', async () => {
    const anna = await t.contact({ name: 'Anna Karenina', email: 'anna.k@example.com' });
    const boris = await t.contact({ name: 'Boris Levin' });
    const other = await ticketWith(t, boris, 'Hello');
    const id = await open(anna);
    await draft(other.ticketId, 'Anna Karenina called about this');
    await t.call('PUT', `/api/v2/erasure_requests/${id}`, { erasure_request: { confirm_all: true } });
    await t.call('POST', `/api/v2/erasure_requests/${id}/execute`);
    await t.drainJobs();
    let r = (await t.call('GET', `/api/v2/erasure_requests/${id}`)).body.erasure_request;
    expect(r.status).toBe('verification_failed');
    expect(r.verification.search_before_erasure.hits_outside_rejected).toBe(1);
    expect((await drafts()).map((d) => d.ticket_id)).toEqual([other.ticketId]);
    // The fix plans again (the draft is found), confirms what is new, executes and verifies.
    expect((await t.call('POST', `/api/v2/erasure_requests/${id}/fix`)).status).toBe(200);
    await t.drainJobs();
    r = (await t.call('GET', `/api/v2/erasure_requests/${id}`)).body.erasure_request;
    expect(r.status, JSON.stringify(r.verification)).toBe('completed');
    expect(await drafts()).toEqual([]);
  });
});
