import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeEachDb } from '../../../test/db.ts';
import { surveyMailOf } from '../satisfaction/survey-mail.ts';
import { createTicket } from '../tickets/create-ticket.ts';
import { runSweeps } from '../../jobs/sweeps.ts';
import { backfillReportFacts } from './backfill-report-facts.ts';
import { ticketsWithoutFacts } from '../../db/queries/reports-facts.ts';
import { REPORT_NAMES } from '../../shared/reports.ts';

// Reports from facts written in the actions' own transactions (docs/reports.md), through the
// API, on both databases: the funnel (create, reply, solve, spam, delete, restore, rate), a
// failed action that leaves no fact, an erasure that changes no figure, the backfill, CSV
// and bad input.

const DAY = '2026-11-22';
const range = `start=${DAY}&end=${DAY}`;

describeEachDb('reports', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  const ok = async (url: string) => {
    const r = await t.call('GET', url);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.report;
  };
  const allReports = async (q: string) => Object.fromEntries(await Promise.all(REPORT_NAMES.map(async (n) => [n, await ok(`/api/v2/reports/${n}?${q}`)])));
  const newTicket = async (extra: Record<string, unknown> = {}) => {
    const requester = await t.contact({ name: 'Ada Example', email: `ada${Math.random().toString(36).slice(2, 8)}@example.test` });
    const r = await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Printer', comment: { body: 'It is on fire' }, requester_id: requester, ...extra } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return { id: r.body.ticket.id as number, requester };
  };
  const reply = (id: number, body = 'On it') => t.call('PUT', `/api/v2/tickets/${id}`, { ticket: { comment: { body, public: true } } });
  const solve = (id: number) => t.call('PUT', `/api/v2/tickets/${id}`, { ticket: { status: 'solved' } });

  it('counts the funnel: created and solved by channel, first reply, resolution, backlog, spam', async () => {
    const group = (await t.call('POST', '/api/v2/groups', { group: { name: 'Tier 1' } })).body.group.id as number;
    const a = await newTicket({ group_id: group });
    const b = await newTicket();
    const c = await newTicket();
    const d = await newTicket();
    t.clock.advance(30 * 60_000);
    expect((await reply(a.id)).status).toBe(200);
    // A second reply is no first reply.
    t.clock.advance(30 * 60_000);
    expect((await reply(a.id, 'Still on it')).status).toBe(200);
    t.clock.advance(60 * 60_000);
    expect((await solve(a.id)).status).toBe(200);
    expect((await reply(b.id)).status).toBe(200);
    expect((await t.call('PUT', `/api/v2/tickets/${c.id}/mark_as_spam`)).status).toBe(200);
    expect((await t.call('DELETE', `/api/v2/tickets/${d.id}`)).status).toBe(204);

    const tickets = await ok(`/api/v2/reports/tickets?${range}`);
    expect(tickets).toMatchObject({ start: DAY, end: DAY, group_id: null, channels: ['api'], totals: { created: 3, solved: 1 } });
    expect(tickets.days).toEqual([{ day: DAY, created: { api: 3 }, solved: { api: 1 } }]);
    // First reply: a after 30 minutes, b after 2 hours; median and p90 by nearest rank.
    expect((await ok(`/api/v2/reports/first_reply?${range}`)).summary).toEqual({ count: 2, median_minutes: 30, p90_minutes: 120 });
    expect((await ok(`/api/v2/reports/resolution?${range}`)).summary).toEqual({ count: 1, median_minutes: 120, p90_minutes: 120 });
    // Backlog: b is open; a solved, c spam, d deleted.
    expect((await ok(`/api/v2/reports/backlog?${range}`)).days).toEqual([{ day: DAY, backlog: 1 }]);
    expect(await ok(`/api/v2/reports/spam?${range}`)).toMatchObject({ total: 1, days: [{ day: DAY, spam: 1 }] });
    // One group's figures.
    expect((await ok(`/api/v2/reports/tickets?${range}&group_id=${group}`)).totals).toEqual({ created: 1, solved: 1 });
    expect((await ok(`/api/v2/reports/first_reply?${range}&group_id=${group}`)).summary).toEqual({ count: 1, median_minutes: 30, p90_minutes: 30 });

    // Not spam and restore put them back; a reopen takes the solve away.
    expect((await t.call('PUT', `/api/v2/spam_tickets/${c.id}/not_spam`)).status).toBe(200);
    expect((await t.call('PUT', `/api/v2/deleted_tickets/${d.id}/restore`)).status).toBe(200);
    expect((await t.call('PUT', `/api/v2/tickets/${a.id}`, { ticket: { status: 'open' } })).status).toBe(200);
    expect((await ok(`/api/v2/reports/tickets?${range}`)).totals).toEqual({ created: 4, solved: 0 });
    expect((await ok(`/api/v2/reports/backlog?${range}`)).days).toEqual([{ day: DAY, backlog: 4 }]);
    expect((await ok(`/api/v2/reports/spam?${range}`)).total).toBe(0);

    // The backfill finds everything already in step, and rebuilds the same figures from nothing.
    const before = await allReports(range);
    expect(await backfillReportFacts(t.ctx)).toBe(4);
    expect(await allReports(range)).toEqual(before);
    await t.store.db.deleteFrom('report_daily').execute();
    await t.store.db.deleteFrom('ticket_facts').execute();
    expect((await ok(`/api/v2/reports/tickets?${range}`)).totals).toEqual({ created: 0, solved: 0 });
    // What `oubli serve` tells the operator at start while tickets have no figures.
    expect(await ticketsWithoutFacts(t.store.db)).toBe(4);
    await backfillReportFacts(t.ctx);
    expect(await allReports(range)).toEqual(before);
    expect(await ticketsWithoutFacts(t.store.db)).toBe(0);
  });

  it('writes facts in the action’s transaction: a failed action leaves no fact and no count', async () => {
    const requester = await t.contact({ name: 'Ada', email: 'ada@example.test' });
    const failing = createTicket(t.ctx, {
      subject: 'x',
      requester_id: requester,
      comment: { body: 'Hello' },
      // Fails after the ticket, its fact and its first comment were written.
      alsoWrite: async () => {
        throw new Error('boom');
      },
    });
    await expect(failing).rejects.toThrow('boom');
    expect(await t.store.db.selectFrom('tickets').select('id').execute()).toEqual([]);
    expect(await t.store.db.selectFrom('ticket_facts').selectAll().execute()).toEqual([]);
    expect(await t.store.db.selectFrom('report_daily').selectAll().execute()).toEqual([]);
    // The same action that succeeds leaves one of each.
    await createTicket(t.ctx, { subject: 'x', requester_id: requester, comment: { body: 'Hello' } });
    expect((await t.store.db.selectFrom('ticket_facts').selectAll().execute()).length).toBe(1);
    expect((await ok(`/api/v2/reports/tickets?${range}`)).totals.created).toBe(1);
  });

  it('an erasure changes no report figure, and the facts keep nothing that names her', async () => {
    const s = await t.call('PUT', '/api/v2/account/settings', { settings: { satisfaction_enabled: true, satisfaction_delay_hours: 1, public_url: 'http://help.oubli.test' } });
    expect(s.status).toBe(200);
    const hers = await newTicket();
    const open = await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Second', comment: { body: 'Also' }, requester_id: hers.requester } });
    const other = await newTicket();
    t.clock.advance(10 * 60_000);
    await reply(hers.id);
    await solve(hers.id);
    await solve(other.id);
    t.clock.advance(2 * 3600_000);
    await runSweeps(t.ctx, { dryRun: false });
    const mail = await surveyMailOf(t.ctx, { ticket: { id: hers.id, subject: null, status: 'solved' }, recipientName: 'x' });
    const url = /\/satisfaction\/[A-Za-z0-9_-]+/.exec(mail!.text)![0];
    const rated = await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'score=good&comment=Thanks' });
    expect(rated.statusCode).toBe(200);
    const q = `start=2026-11-20&end=2026-11-24`;
    const before = await allReports(q);
    expect(before.csat.summary).toEqual({ good: 1, bad: 0, score: 100 });
    expect(before.tickets.totals).toEqual({ created: 3, solved: 2 });
    expect(before.backlog.days.at(-1).backlog).toBe(1);

    // Deleting her moves her open ticket out of the workload (as of that moment)...
    expect((await t.call('DELETE', `/api/v2/users/${hers.requester}`)).status).toBe(200);
    const afterDelete = await allReports(q);
    expect(afterDelete.backlog.days.at(-1).backlog).toBe(0);
    expect(afterDelete.tickets).toEqual(before.tickets);
    // ...and erasing her changes nothing at all.
    const erased = await t.call('DELETE', `/api/v2/deleted_users/${hers.requester}`);
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    await t.drainJobs();
    expect((await t.call('GET', `/api/v2/tickets/${hers.id}`)).status).toBe(404);
    expect(await allReports(q)).toEqual(afterDelete);
    const facts = await t.store.db.selectFrom('ticket_facts').selectAll().where('ticket_id', 'in', [hers.id, open.body.ticket.id]).orderBy('ticket_id').execute();
    expect(facts.map((f) => [f.status, f.erased_at !== null, f.csat_score])).toEqual([
      ['solved', true, 'good'],
      ['new', true, null],
    ]);
  });

  it('answers CSV with a header row, one line per day', async () => {
    await newTicket();
    const r = await t.app.inject({ method: 'GET', url: `/api/v2/reports/tickets.csv?start=2026-11-21&end=${DAY}`, headers: { authorization: t.owner.auth } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toBe(`attachment; filename="tickets-2026-11-21-${DAY}.csv"`);
    expect(r.body).toBe(`day,channel,created,solved\r\n2026-11-21,api,0,0\r\n${DAY},api,1,0\r\n`);
    for (const n of REPORT_NAMES) {
      const csv = await t.app.inject({ method: 'GET', url: `/api/v2/reports/${n}.csv`, headers: { authorization: t.owner.auth } });
      expect(csv.statusCode, n).toBe(200);
      expect(csv.body.split('\r\n')[0]).toMatch(/^[a-z_]+(,[a-z_]+)+$/);
    }
  });

  it('refuses bad input with a clear 400, and agents with 403', async () => {
    const bad = async (q: string, text: RegExp) => {
      const r = await t.call('GET', `/api/v2/reports/tickets?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error).toBe('InvalidRequest');
      expect(r.body.description).toMatch(text);
    };
    await bad('start=2026-02-30', /start .*calendar day/);
    await bad('start=yesterday', /start must be a day/);
    await bad('start=2026-11-22&end=2026-11-01', /start 2026-11-22 is after end 2026-11-01/);
    await bad('start=2020-01-01&end=2026-01-01', /at most 732 days/);
    await bad('group_id=abc', /^group_id must be an id/);
    await bad('start=2026-11-01&start=2026-11-02', /^start must be given once/);
    await bad('color=red', /color|Unrecognized/i);
    const agent = await t.staff('agent');
    expect((await t.call('GET', '/api/v2/reports/tickets', undefined, agent)).status).toBe(403);
    expect((await t.call('GET', '/api/v2/reports/retention', undefined, agent)).status).toBe(403);
    expect((await t.call('GET', '/api/v2/reports/nonsense')).body.error).toBe('InvalidEndpoint');
    // The default range: the 30 days that end today.
    expect(await ok('/api/v2/reports/spam')).toMatchObject({ start: '2026-10-24', end: DAY });
  });

  it('lists erasure requests with their due dates and whether they were met', async () => {
    const her = await t.contact({ name: 'Eve', email: 'eve@example.test' });
    const r = await t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: her } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const rep = await ok(`/api/v2/reports/erasure_requests?${range}`);
    expect(rep.summary).toEqual({ received: 1, completed: 0, completed_on_time: 0, open: 1, overdue: 0 });
    expect(rep.requests).toEqual([expect.objectContaining({ id: r.body.erasure_request.id, due_at: '2026-12-22T10:00:00.000Z', on_time: null, overdue: false })]);
    t.clock.advanceDays(40);
    const late = await ok(`/api/v2/reports/erasure_requests?${range}`);
    expect(late.summary.overdue).toBe(1);
    expect(late.requests[0]).toMatchObject({ on_time: false, overdue: true });
    expect(JSON.stringify(late)).not.toContain('eve');
  });
});
