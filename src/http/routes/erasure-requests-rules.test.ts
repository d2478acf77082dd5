import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { claimJob } from '../../db/queries/jobs.ts';
import { runQueuedJobs } from '../../jobs/runner.ts';
import { insertComment, ticketWith } from '../../../test/factories/index.ts';
import { allPages, commentText, countRows, ticketRow } from '../../../test/reads.ts';

// The rules around an erasure request: its deadline, extensions, who may do what, cancelling,
// rejecting, planning again, and what happens when its person is erased another way.

describeEachDb('erasure request rules', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(() => t.close());

  const open = async (userId: number, who = t.owner) => t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: userId } }, who);
  const get = async (id: number) => (await t.call('GET', `/api/v2/erasure_requests/${id}`)).body.erasure_request;
  const put = (id: number, body: object, who = t.owner) => t.call('PUT', `/api/v2/erasure_requests/${id}`, { erasure_request: body }, who);
  const ids = async (query: string) => (await t.call('GET', `/api/v2/erasure_requests${query}`)).body.erasure_requests.map((r: any) => r.id);
  const row = (id: number) => t.store.db.selectFrom('erasure_requests' as any).selectAll().where('id', '=', id).executeTakeFirst() as Promise<any>;

  it('is due a calendar month later: 31 January gives 28 February, or 29 in a leap year', async () => {
    t.clock.set('2027-01-31T08:00:00.000Z');
    const a = (await open(await t.contact())).body.erasure_request;
    expect(a.due_at).toBe('2027-02-28T08:00:00Z');
    t.clock.set('2028-01-31T08:00:00.000Z');
    const b = (await open(await t.contact())).body.erasure_request;
    expect(b.due_at).toBe('2028-02-29T08:00:00Z');
  });

  it('lists requests due soon and overdue on the clock, and an extension moves the deadline', async () => {
    const early = (await open(await t.contact())).body.erasure_request.id;
    t.clock.advanceDays(10);
    const later = (await open(await t.contact())).body.erasure_request.id;
    await t.drainJobs();
    expect(await ids('?due=soon')).toEqual([]);
    t.clock.advanceDays(15); // early is due in 5 days, later in 15
    expect(await ids('?due=soon')).toEqual([early]);
    expect((await get(early)).due).toBe('soon');
    t.clock.advanceDays(6);
    expect(await ids('?due=overdue')).toEqual([early]);
    expect(await ids('?due=soon')).toEqual([]);
    t.clock.advanceDays(4);
    expect(await ids('?due=soon')).toEqual([later]);
    // Extended in time, with a reason: no longer due soon.
    const ext = await put(later, { extension: { until: '2027-02-01', reason: 'Many tickets in several languages' } });
    expect(ext.status, JSON.stringify(ext.body)).toBe(200);
    expect(ext.body.erasure_request).toMatchObject({ extended_until: '2027-02-01T10:00:00Z', deadline: '2027-02-01T10:00:00Z', due: null });
    expect(await ids('?due=soon')).toEqual([]);
    expect(await ids('?status=ready')).toEqual([early, later]);
    expect(await ids('?status=completed')).toEqual([]);
    expect((await t.call('GET', '/api/v2/erasure_requests?due=later')).status).toBe(400);
  });

  it('refuses an extension without a reason, beyond two further months, or once the month is over', async () => {
    const id = (await open(await t.contact())).body.erasure_request.id; // received 2026-11-22, due 2026-12-22
    const before = await row(id);
    const noReason = await put(id, { extension: { until: '2027-01-15' } });
    expect(noReason.status).toBe(422);
    expect(Object.keys(noReason.body.details)).toEqual(['extension.reason']);
    const blank = await put(id, { extension: { until: '2027-01-15', reason: '   ' } });
    expect(blank.status).toBe(422);
    const tooFar = await put(id, { extension: { until: '2027-02-23', reason: 'complex' } });
    expect(tooFar.status).toBe(422);
    expect(tooFar.body.details['extension.until'][0].description).toMatch(/no later than 2027-02-22/);
    const tooEarly = await put(id, { extension: { until: '2026-12-20', reason: 'complex' } });
    expect(tooEarly.status).toBe(422);
    // Nothing changed.
    expect(await row(id)).toEqual(before);
    expect((await put(id, { extension: { until: '2027-02-22', reason: 'complex' } })).status).toBe(200);
    // Late: the first month is over, no extension was decided in time.
    const other = (await open(await t.contact())).body.erasure_request.id;
    t.clock.advanceDays(31);
    const late = await put(other, { extension: { until: '2027-02-01', reason: 'complex' } });
    expect(late.status).toBe(422);
    expect(late.body.details['extension.until'][0].description).toMatch(/ended on 2026-12-22/);
    // The reason is the request's, never the audit log's.
    const events = JSON.stringify(await t.store.db.selectFrom('audit_events').selectAll().execute());
    expect(events).not.toContain('complex');
  });

  it('lets agents open requests for contacts, and only admins execute them', async () => {
    const agent = await t.staff('agent');
    const admin = await t.staff('admin');
    const contact = await t.contact({ name: 'Vera Denisova' });
    expect((await open(admin.id, agent)).status).toBe(403);
    expect((await open(t.owner.id)).status).toBe(403);
    expect((await open(999_999)).status).toBe(422);
    const r = await open(contact, agent);
    expect(r.status).toBe(201);
    expect((await open(contact)).status).toBe(422); // one open request per person
    await t.drainJobs();
    const denied = await t.call('POST', `/api/v2/erasure_requests/${r.body.erasure_request.id}/execute`, undefined, agent);
    expect(denied.status).toBe(403);
    expect((await get(r.body.erasure_request.id)).status).toBe('ready');
    expect((await t.call('POST', '/api/v2/erasure_requests', { user_id: contact })).status).toBe(400);
    expect((await t.call('GET', '/api/v2/erasure_requests/999999')).status).toBe(404);
  });

  it('is cancelled before its job starts, and its gathered data is deleted; after the start it cannot be', async () => {
    const anna = await t.contact({ name: 'Anna Karenina' });
    const other = await t.contact();
    await ticketWith(t, other, 'Anna Karenina called');
    const id = (await open(anna)).body.erasure_request.id;
    await t.drainJobs();
    await put(id, { confirm_all: true });
    const job = (await t.call('POST', `/api/v2/erasure_requests/${id}/execute`)).body.job_status;
    const cancelled = await t.call('DELETE', `/api/v2/erasure_requests/${id}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.erasure_request.status).toBe('cancelled');
    expect((await t.call('GET', `/api/v2/job_statuses/${job.id}`)).body.job_status.status).toBe('killed');
    await t.drainJobs();
    expect(await countRows(t, 'erasure_request_terms')).toBe(0);
    expect(await countRows(t, 'erasure_request_matches')).toBe(0);
    expect((await ticketRow(t, (await t.store.db.selectFrom('tickets').select('id').where('requester_id', '=', other).executeTakeFirstOrThrow()).id))!.state).toBe('active');
    expect((await t.store.db.selectFrom('users').select('erased_at').where('id', '=', anna).executeTakeFirst())!.erased_at).toBeNull();
    expect((await t.call('POST', `/api/v2/erasure_requests/${id}/execute`)).status).toBe(422);

    // A new request; its job is claimed by a runner: too late to cancel.
    const second = (await open(anna)).body.erasure_request.id;
    await t.drainJobs();
    await put(second, { confirm_all: true });
    const job2 = (await t.call('POST', `/api/v2/erasure_requests/${second}/execute`)).body.job_status;
    const now = t.clock.now();
    expect(await claimJob(t.store.db, job2.id, 'another-runner', now.toISOString(), new Date(now.getTime() + 60_000).toISOString())).toBe(true);
    const refused = await t.call('DELETE', `/api/v2/erasure_requests/${second}`);
    expect(refused.status).toBe(422);
    expect((await get(second)).status).toBe('executing');
  });

  it('drops the matches of a rejected term, keeps the other decisions, and refuses unknown ids', async () => {
    const anna = await t.contact({ name: 'Anna Karenina', alias: 'Annushka' });
    const other = await t.contact();
    const a = await ticketWith(t, other, 'Anna Karenina is here');
    const b = await ticketWith(t, other, 'Ask Annushka');
    const own = await ticketWith(t, anna, 'My own question');
    const id = (await open(anna)).body.erasure_request.id;
    await t.drainJobs();
    let r = await get(id);
    const alias = r.terms.find((x: any) => x.kind === 'alias');
    const matches = await allPages(t, `/api/v2/erasure_requests/${id}/matches`, 'matches');
    const nameMatch = matches.find((m) => m.ticket_id === a.ticketId);
    expect(matches.filter((m) => m.ticket_id === b.ticketId)).toHaveLength(1);
    await put(id, { decisions: [{ match_id: nameMatch.id, decision: 'reject' }] });
    const before = await countRows(t, 'erasure_request_matches');
    const bad = await put(id, { decisions: [{ match_id: 999_999, decision: 'confirm' }], reject_terms: [alias.id] });
    expect(bad.status).toBe(422);
    expect(await countRows(t, 'erasure_request_matches')).toBe(before);
    expect((await get(id)).terms.find((x: any) => x.id === alias.id).accepted).toBe(true);
    // Their own ticket goes with them: it cannot be rejected.
    const ownMatch = matches.find((m) => m.ticket_id === own.ticketId);
    expect(ownMatch).toMatchObject({ location: 'requested_ticket', proposed_action: 'erase_with_user', decision: 'confirm' });
    const keepOwn = await put(id, { decisions: [{ match_id: ownMatch.id, decision: 'reject' }] });
    expect(keepOwn.status).toBe(422);
    expect(keepOwn.body.details.decisions[0].description).toMatch(/requested/);

    r = (await put(id, { reject_terms: [alias.id] })).body.erasure_request;
    expect(r.status).toBe('planning');
    await t.drainJobs();
    r = await get(id);
    expect(r.status).toBe('ready');
    const after = await allPages(t, `/api/v2/erasure_requests/${id}/matches`, 'matches');
    expect(after.filter((m) => m.ticket_id === b.ticketId)).toEqual([]);
    expect(after.find((m) => m.id === nameMatch.id).decision).toBe('reject');
    // Accepting it again finds it again.
    await put(id, { accept_terms: [alias.id] });
    await t.drainJobs();
    expect((await allPages(t, `/api/v2/erasure_requests/${id}/matches?ticket_id=${b.ticketId}`, 'matches'))).toHaveLength(1);
  });

  it('fails verification when new data arrived since planning, and finishes after planning again by hand', async () => {
    const anna = await t.contact({ name: 'Anna Karenina' });
    const other = await t.contact();
    const first = await ticketWith(t, other, 'Anna Karenina called');
    const id = (await open(anna)).body.erasure_request.id;
    await t.drainJobs();
    await put(id, { confirm_all: true });
    // Written after the plan: nobody decided about it.
    const late = await ticketWith(t, other, 'Anna Karenina called again');
    await t.call('POST', `/api/v2/erasure_requests/${id}/execute`);
    await t.drainJobs();
    let r = await get(id);
    expect(r.status).toBe('verification_failed');
    expect((await t.store.db.selectFrom('users').select('erased_at').where('id', '=', anna).executeTakeFirst())!.erased_at).toBeNull();
    expect((await commentText(t, first.commentId))!.plain_body).toBe(`${'▇'.repeat(13)} called`);
    r = (await put(id, { replan: true })).body.erasure_request;
    await t.drainJobs();
    const pending = await allPages(t, `/api/v2/erasure_requests/${id}/matches?decision=pending`, 'matches');
    expect(pending.map((m) => m.ticket_id)).toEqual([late.ticketId]);
    await put(id, { decisions: [{ match_id: pending[0].id, decision: 'confirm' }] });
    expect((await t.call('POST', `/api/v2/erasure_requests/${id}/execute`)).status).toBe(200);
    await t.drainJobs();
    expect((await get(id)).status).toBe('completed');
    expect((await commentText(t, late.commentId))!.plain_body).toBe(`${'▇'.repeat(13)} called again`);
  });

  it('loses its terms, matches and extension reason when its person is erased another way', async () => {
    const anna = await t.contact({ name: 'Anna Karenina' });
    const other = await t.contact();
    await ticketWith(t, other, 'Anna Karenina called');
    await insertComment(t, (await ticketWith(t, anna, 'mine')).ticketId, anna, 'also mine');
    const id = (await open(anna)).body.erasure_request.id;
    await t.drainJobs();
    await put(id, { extension: { until: '2027-01-10', reason: 'Waiting for Anna to confirm her identity' } });
    expect(await countRows(t, 'erasure_request_terms')).toBeGreaterThan(0);
    expect((await t.call('DELETE', `/api/v2/users/${anna}`)).status).toBe(200);
    expect((await t.call('DELETE', `/api/v2/deleted_users/${anna}`)).status).toBe(200);
    expect(await countRows(t, 'erasure_request_terms')).toBe(0);
    expect(await countRows(t, 'erasure_request_matches')).toBe(0);
    const r = await row(id);
    expect(r.erased_at).not.toBeNull();
    expect(r.extension_reason).toBeNull();
    expect((await put(id, { confirm_all: true })).status).toBe(422);
    expect((await t.call('POST', `/api/v2/erasure_requests/${id}/execute`)).status).toBe(422);
  });

  it('hands its job back when the server stops between steps, and the next runner finishes it', async () => {
    const anna = await t.contact({ name: 'Anna Karenina' });
    const other = await t.contact();
    for (let i = 0; i < 25; i++) await ticketWith(t, other, `Anna Karenina, case ${i}`);
    const id = (await open(anna)).body.erasure_request.id;
    await t.drainJobs();
    await put(id, { confirm_all: true });
    const job = (await t.call('POST', `/api/v2/erasure_requests/${id}/execute`)).body.job_status;
    let asked = 0;
    await runQueuedJobs(t.ctx, { stopping: () => ++asked > 3 });
    const paused = (await t.call('GET', `/api/v2/job_statuses/${job.id}`)).body.job_status;
    expect(paused.status).toBe('queued');
    expect(paused.progress).toBeGreaterThan(0);
    expect(paused.progress).toBeLessThan(paused.total);
    expect((await get(id)).status).toBe('executing');
    await t.drainJobs();
    const done = (await t.call('GET', `/api/v2/job_statuses/${job.id}`)).body.job_status;
    expect(done).toMatchObject({ status: 'completed', progress: done.total });
    expect((await get(id)).status).toBe('completed');
    expect(await countRows(t, 'comments', { plain_body: `${'▇'.repeat(13)}, case 7` })).toBe(1);
  });
});
