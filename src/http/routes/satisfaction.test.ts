import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { startRelay, type Relay } from '../../../test/smtp.ts';
import { insertApiToken } from '../../db/queries/users.ts';
import { hashToken, newToken } from '../../domain/auth/secrets.ts';
import { runSweeps } from '../../jobs/sweeps.ts';
import { runOutboxOnce, smtpSender } from '../../mail/outbox.ts';
import { SatisfactionRatingSchema, NpsResponseSchema, NpsSurveySchema } from '../../shared/satisfaction.ts';

// CSAT and NPS through the API, the sweep, the outbox over real SMTP, and the survey pages
// (docs/satisfaction.md), on both databases.

const identity = { from: 'Oubli Support <support@oubli.test>', domain: 'oubli.test' };
const PUBLIC = 'http://help.oubli.test';

describeEachDb('satisfaction', (kind) => {
  let t: TestApp;
  let relay: Relay;
  beforeEach(async () => {
    t = await createTestApp(kind);
    relay = await startRelay();
    const s = await t.call('PUT', '/api/v2/account/settings', { settings: { smtp_relay: relay.url, satisfaction_enabled: true, satisfaction_delay_hours: 24, public_url: PUBLIC } });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
  });
  afterEach(async () => {
    await relay.close();
    await t.close();
  });

  const send = async () => {
    const sender = smtpSender(relay.url);
    try {
      return await runOutboxOnce(t.ctx, sender, identity);
    } finally {
      sender.close();
    }
  };
  const solvedTicket = async (email: string, name = 'Ada Example') => {
    const requester = await t.contact({ name, email });
    const tk = (await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Printer', comment: { body: 'It is on fire' }, requester_id: requester } })).body.ticket;
    expect((await t.call('PUT', `/api/v2/tickets/${tk.id}`, { ticket: { status: 'solved' } })).status).toBe(200);
    return { requester, ticketId: tk.id as number };
  };
  const linkIn = (to: string, kind: 'satisfaction' | 'nps') => {
    const mail = relay.caught.filter((c) => c.to.includes(to) && c.parsed.text?.includes(`/${kind}/`)).at(-1);
    const m = mail && new RegExp(`${PUBLIC}/${kind}/([A-Za-z0-9_-]+)`).exec(mail.parsed.text!);
    return m ? `/${kind}/${m[1]}` : null;
  };
  const form = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'help.oubli.test', ...headers }, payload: new URLSearchParams(fields).toString() });

  it('offers one survey per solved ticket after the delay, and the requester rates it from the mail', async () => {
    const { ticketId } = await solvedTicket('ada@example.test');
    await send();
    relay.caught.length = 0;
    // Not before the delay.
    t.clock.advance(23 * 3600_000);
    expect((await runSweeps(t.ctx, { dryRun: false })).lines.join('\n')).not.toContain('satisfaction');
    expect((await t.call('GET', `/api/v2/tickets/${ticketId}`)).body.ticket.satisfaction_rating).toBeNull();
    t.clock.advance(2 * 3600_000);
    const swept = await runSweeps(t.ctx, { dryRun: false });
    expect(swept.lines).toContain(`offered the satisfaction survey of 1 solved tickets: ${ticketId}`);
    expect((await t.call('GET', `/api/v2/tickets/${ticketId}`)).body.ticket.satisfaction_rating).toMatchObject({ score: 'offered', comment: null });
    expect(await send()).toMatchObject({ sent: 1 });
    const link = linkIn('ada@example.test', 'satisfaction');
    expect(link).not.toBeNull();
    // The database keeps only the hash of the link's secret.
    const stored = await t.store.db.selectFrom('satisfaction_ratings').selectAll().executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(hashToken(link!.split('/').pop()!));
    expect(JSON.stringify(stored)).not.toContain(link!.split('/').pop()!);

    // Never twice: a second sweep offers nothing, even after a long time.
    t.clock.advance(3600_000);
    expect((await runSweeps(t.ctx, { dryRun: false })).lines.join('\n')).not.toContain('satisfaction');
    expect(await send()).toMatchObject({ sent: 0 });

    const page = await t.app.inject({ method: 'GET', url: `${link}?score=bad` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['referrer-policy']).toBe('same-origin');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('value="bad" checked');
    const posted = await form(link!, { score: 'bad', comment: 'Slow answer from Ada', reason_code: '5' }, { origin: 'http://help.oubli.test' });
    expect(posted.statusCode, posted.body).toBe(200);
    expect(posted.body).toContain('your rating was saved');

    const list = await t.call('GET', '/api/v2/satisfaction_ratings?score=bad_with_comment');
    expect(list.status).toBe(200);
    expect(list.body.satisfaction_ratings).toHaveLength(1);
    const r = SatisfactionRatingSchema.parse(list.body.satisfaction_ratings[0]);
    expect(r).toMatchObject({ ticket_id: ticketId, score: 'bad', comment: 'Slow answer from Ada', reason_code: 5, reason: 'The issue took too long to resolve' });
    expect((await t.call('GET', '/api/v2/satisfaction_ratings?score=good')).body.satisfaction_ratings).toEqual([]);
    expect((await t.call('GET', '/api/v2/satisfaction_ratings?score=received_without_comment')).body.satisfaction_ratings).toEqual([]);
    expect((await t.call('GET', '/api/v2/satisfaction_ratings/count?score=received')).body.count.value).toBe(1);
    expect((await t.call('GET', `/api/v2/satisfaction_ratings/${r.id}`)).body.satisfaction_rating.id).toBe(r.id);
    expect((await t.call('GET', `/api/v2/tickets/${ticketId}`)).body.ticket.satisfaction_rating).toMatchObject({ id: r.id, score: 'bad', comment: 'Slow answer from Ada' });

    // Changed while solved: good, and a good rating has no reason.
    expect((await form(link!, { score: 'good', comment: '', reason_code: '5' })).statusCode).toBe(200);
    expect((await t.call('GET', `/api/v2/satisfaction_ratings/${r.id}`)).body.satisfaction_rating).toMatchObject({ score: 'good', comment: null, reason_id: null });

    // A form from another site is refused and changes nothing.
    const forged = await form(link!, { score: 'bad' }, { origin: 'https://evil.example' });
    expect(forged.statusCode).toBe(403);
    expect((await t.call('GET', `/api/v2/satisfaction_ratings/${r.id}`)).body.satisfaction_rating.score).toBe('good');
    // Bad input: a clear page, nothing changed.
    const bad = await form(link!, { score: 'meh' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Choose Good or Bad.');
    expect((await t.call('GET', `/api/v2/satisfaction_ratings/${r.id}`)).body.satisfaction_rating.score).toBe('good');
    // An unknown link.
    const unknown = await t.app.inject({ method: 'GET', url: '/satisfaction/not-a-real-token' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('This survey link is not valid.');

    // Closed: the rating is final.
    expect((await t.call('PUT', `/api/v2/tickets/${ticketId}/close`)).status).toBe(200);
    const closed = await form(link!, { score: 'bad' });
    expect(closed.statusCode).toBe(410);
    expect(closed.body).toContain('closed');
    expect((await t.call('GET', `/api/v2/satisfaction_ratings/${r.id}`)).body.satisfaction_rating.score).toBe('good');
  });

  it('sends no survey to a suspended requester, nor when surveys are off', async () => {
    const a = await solvedTicket('sus@example.test');
    expect((await t.call('PUT', `/api/v2/users/${a.requester}`, { user: { suspended: true } })).status).toBe(200);
    t.clock.advance(25 * 3600_000);
    await runSweeps(t.ctx, { dryRun: false });
    expect((await t.call('GET', `/api/v2/tickets/${a.ticketId}`)).body.ticket.satisfaction_rating).toBeNull();
    // Queued, then suspended before sending: the outbox skips it.
    const b = await solvedTicket('late@example.test');
    t.clock.advance(25 * 3600_000);
    await runSweeps(t.ctx, { dryRun: false });
    expect((await t.call('PUT', `/api/v2/users/${b.requester}`, { user: { suspended: true } })).status).toBe(200);
    await send();
    expect(linkIn('late@example.test', 'satisfaction')).toBeNull();
    expect(linkIn('sus@example.test', 'satisfaction')).toBeNull();

    expect((await t.call('PUT', '/api/v2/account/settings', { settings: { satisfaction_enabled: false } })).status).toBe(200);
    const c = await solvedTicket('off@example.test');
    t.clock.advance(25 * 3600_000);
    await runSweeps(t.ctx, { dryRun: false });
    expect((await t.call('GET', `/api/v2/tickets/${c.ticketId}`)).body.ticket.satisfaction_rating).toBeNull();
  });

  it('lets the requester rate their own solved ticket through the API, and no one else', async () => {
    const { requester, ticketId } = await solvedTicket('eve@example.test', 'Eve');
    const token = newToken();
    await insertApiToken(t.store.db, requester, hashToken(token), t.clock.now().toISOString());
    const eve = { auth: `Basic ${Buffer.from(`eve@example.test/token:${token}`).toString('base64')}` };
    const body = { satisfaction_rating: { score: 'good', comment: 'Thanks' } };
    const asEve = await t.app.inject({ method: 'POST', url: `/api/v2/tickets/${ticketId}/satisfaction_rating`, headers: { authorization: eve.auth, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    expect(asEve.statusCode, asEve.body).toBe(200);
    expect(JSON.parse(asEve.body).satisfaction_rating).toMatchObject({ score: 'good', comment: 'Thanks', ticket_id: ticketId });
    // Her export (GET /users/{id}/export) holds her rating.
    const exported = await t.call('GET', `/api/v2/users/${requester}/export`);
    expect(exported.status).toBe(200);
    const x = typeof exported.body === 'string' ? JSON.parse(exported.body) : exported.body;
    expect(JSON.stringify(x)).toContain('"satisfaction_ratings":[{"ticket_id":' + ticketId + ',"score":"good","comment":"Thanks"');
    // Staff cannot rate for the requester; nobody signed in cannot either.
    expect((await t.call('POST', `/api/v2/tickets/${ticketId}/satisfaction_rating`, body)).status).toBe(404);
    expect((await t.call('POST', `/api/v2/tickets/${ticketId}/satisfaction_rating`, body, null)).status).toBe(401);
    const wrong = await t.app.inject({ method: 'POST', url: `/api/v2/tickets/${ticketId}/satisfaction_rating`, headers: { authorization: eve.auth, 'content-type': 'application/json' }, payload: JSON.stringify({ satisfaction_rating: { score: 'great' } }) });
    expect(wrong.statusCode).toBe(422);
    // Agents do not list ratings (Zendesk: admins).
    const agent = await t.staff('agent');
    expect((await t.call('GET', '/api/v2/satisfaction_ratings', undefined, agent)).status).toBe(403);
    expect((await t.call('GET', '/api/v2/satisfaction_reasons', undefined, agent)).body.reasons.map((r: { reason_code: number }) => r.reason_code)).toEqual([0, 5, 6, 7, 8, 100]);
  });

  it('pages ratings by offset and by cursor', async () => {
    for (let i = 0; i < 3; i++) await solvedTicket(`p${i}@example.test`);
    t.clock.advance(25 * 3600_000);
    await runSweeps(t.ctx, { dryRun: false });
    const first = await t.call('GET', '/api/v2/satisfaction_ratings?page[size]=2&score=offered');
    expect(first.body.satisfaction_ratings).toHaveLength(2);
    expect(first.body.meta.has_more).toBe(true);
    const next = await t.call('GET', new URL(first.body.links.next).pathname + new URL(first.body.links.next).search);
    expect(next.body.satisfaction_ratings).toHaveLength(1);
    expect(next.body.links.next).toBeNull();
    const offset = await t.call('GET', '/api/v2/satisfaction_ratings?per_page=2&page=2');
    expect(offset.body).toMatchObject({ count: 3, next_page: null });
    expect((await t.call('GET', '/api/v2/satisfaction_ratings?score=nice')).status).toBe(400);
  });

  it('sends an NPS survey to the contacts matching its filter, and lists the answers with their copies', async () => {
    const vip = await t.contact({ name: 'Val Vip', email: 'val@example.test', tags: ['vip'] });
    await t.contact({ name: 'Otto Other', email: 'otto@example.test' });
    const created = await t.call('POST', '/api/v2/nps/surveys', { survey: { name: 'Quarterly NPS', recipients: { tag: 'vip' } } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const survey = NpsSurveySchema.parse(created.body.survey);
    expect(survey).toMatchObject({ status: 'draft', recipients: { tag: 'vip' } });
    const sent = await t.call('POST', `/api/v2/nps/surveys/${survey.id}/send`);
    expect(sent.body.survey).toMatchObject({ status: 'sent', recipients_count: 1 });
    expect((await t.call('POST', `/api/v2/nps/surveys/${survey.id}/send`)).status).toBe(422);
    expect(await send()).toMatchObject({ sent: 1 });
    expect(linkIn('otto@example.test', 'nps')).toBeNull();
    const link = linkIn('val@example.test', 'nps')!;
    expect(link).not.toBeNull();
    expect((await t.app.inject({ method: 'GET', url: `${link}?rating=9` })).body).toContain('value="9" checked');
    expect((await form(link, { rating: '11' })).statusCode).toBe(422);
    const answered = await form(link, { rating: '9', comment: 'Val loves it' });
    expect(answered.statusCode, answered.body).toBe(200);
    const list = await t.call('GET', '/api/v2/nps_responses');
    expect(list.body.responses.map((r: unknown) => NpsResponseSchema.parse(r))).toEqual([expect.objectContaining({ user_id: vip, user_name: 'Val Vip', user_email: 'val@example.test', rating: 9, comment: 'Val loves it' })]);
    expect((await t.call('GET', `/api/v2/nps/surveys/${survey.id}`)).body.survey).toMatchObject({ responses_count: 1, nps: 100 });
    const inc = await t.call('GET', '/api/v2/nps/incremental/responses?start_time=0');
    expect(inc.body).toMatchObject({ count: 1, next_page: null, responses: [expect.objectContaining({ rating: 9 })] });
    const rec = await t.call('GET', '/api/v2/nps/incremental/recipients?start_time=0');
    expect(rec.body.recipients).toEqual([expect.objectContaining({ user_id: vip, email: 'val@example.test', name: 'Val Vip', delivered_at: expect.any(String) })]);
    expect((await t.call('GET', '/api/v2/nps/incremental/responses')).status).toBe(400);
  });

  it('keeps the scores after an erasure and blanks comments, names and emails; redacts a string in a survey comment', async () => {
    const { requester, ticketId } = await solvedTicket('zed@example.test', 'Zed Person');
    t.clock.advance(25 * 3600_000);
    await runSweeps(t.ctx, { dryRun: false });
    await send();
    const link = linkIn('zed@example.test', 'satisfaction')!;
    await form(link, { score: 'bad', comment: 'Zed Person lives at 1 Elm St', reason_code: '6' });
    const rid = (await t.call('GET', '/api/v2/satisfaction_ratings')).body.satisfaction_ratings[0].id;
    // String redaction first.
    const red = await t.call('PUT', `/api/v2/satisfaction_ratings/${rid}/redact`, { text: '1 Elm St' });
    expect(red.status, JSON.stringify(red.body)).toBe(200);
    expect(red.body).toEqual({ redaction: { satisfaction_rating_id: rid, occurrences: 1 } });
    expect((await t.call('GET', `/api/v2/satisfaction_ratings/${rid}`)).body.satisfaction_rating.comment).toBe('Zed Person lives at ▇▇▇▇▇▇▇▇');
    expect((await t.call('PUT', `/api/v2/satisfaction_ratings/${rid}/redact`, { text: 'absent' })).status).toBe(422);

    await t.call('PUT', '/api/v2/account/settings', { settings: {} });
    const s = (await t.call('POST', '/api/v2/nps/surveys', { survey: { name: 'NPS' } })).body.survey;
    await t.call('POST', `/api/v2/nps/surveys/${s.id}/send`);
    await send();
    await form(linkIn('zed@example.test', 'nps')!, { rating: '3', comment: 'Zed Person is unhappy' });

    expect((await t.call('DELETE', `/api/v2/users/${requester}`)).status).toBe(200);
    const erased = await t.call('DELETE', `/api/v2/deleted_users/${requester}`);
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);

    const rating = (await t.call('GET', `/api/v2/satisfaction_ratings/${rid}`)).body.satisfaction_rating;
    expect(rating).toMatchObject({ score: 'bad', comment: null, requester_id: requester, ticket_id: ticketId, reason_code: 6 });
    expect((await t.call('GET', '/api/v2/satisfaction_ratings/count?score=bad')).body.count.value).toBe(1);
    const resp = (await t.call('GET', '/api/v2/nps_responses')).body.responses[0];
    expect(resp).toMatchObject({ rating: 3, comment: null, user_name: null, user_email: null, user_id: requester });
    const rec = (await t.call('GET', '/api/v2/nps/incremental/recipients?start_time=0')).body.recipients[0];
    expect(rec).toMatchObject({ name: null, email: null });
    expect((await t.call('GET', `/api/v2/nps/surveys/${s.id}`)).body.survey).toMatchObject({ responses_count: 1, nps: -100 });
    // The links are dead.
    expect((await t.app.inject({ method: 'GET', url: link })).statusCode).toBe(404);
    const all = JSON.stringify(await t.store.db.selectFrom('satisfaction_ratings').selectAll().execute()) + JSON.stringify(await t.store.db.selectFrom('nps_responses').selectAll().execute()) + JSON.stringify(await t.store.db.selectFrom('nps_recipients').selectAll().execute());
    expect(all).not.toContain('Zed');
    expect(all).not.toContain('zed@example.test');
  });

  it('finds a person in other people’s survey comments and NPS copies, and the erasure request redacts and blanks them', async () => {
    const zed = await t.contact({ name: 'Zora Quill', email: 'zora@example.test' });
    // Bob's rating names Zora; Zora answered an NPS survey (her copies) and Bob's NPS comment names her.
    const bob = await solvedTicket('bob@example.test', 'Bob Other');
    t.clock.advance(25 * 3600_000);
    await runSweeps(t.ctx, { dryRun: false });
    await send();
    await form(linkIn('bob@example.test', 'satisfaction')!, { score: 'good', comment: 'Zora Quill was great' });
    const s = (await t.call('POST', '/api/v2/nps/surveys', { survey: { name: 'NPS' } })).body.survey;
    await t.call('POST', `/api/v2/nps/surveys/${s.id}/send`);
    await send();
    await form(linkIn('bob@example.test', 'nps')!, { rating: '10', comment: 'Ask Zora Quill' });
    await form(linkIn('zora@example.test', 'nps')!, { rating: '2' });

    const req = await t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: zed } });
    expect(req.status, JSON.stringify(req.body)).toBe(201);
    await t.drainJobs();
    const matches = (await t.call('GET', `/api/v2/erasure_requests/${req.body.erasure_request.id}/matches`)).body.matches as { location: string; field: string; proposed_action: string; snippet: string | null }[];
    const survey = matches.filter((m) => m.location === 'csat' || m.location === 'nps');
    expect(survey.map((m) => `${m.location}:${m.field}:${m.proposed_action}`).sort()).toEqual(
      expect.arrayContaining(['csat:comment:redact_survey', 'nps:comment:redact_survey', 'nps:copies:scrub_survey_copies']),
    );
    expect((await t.call('PUT', `/api/v2/erasure_requests/${req.body.erasure_request.id}`, { erasure_request: { confirm_all: true } })).status).toBe(200);
    const ex = await t.call('POST', `/api/v2/erasure_requests/${req.body.erasure_request.id}/execute`);
    expect(ex.status, JSON.stringify(ex.body)).toBeLessThan(300);
    await t.drainJobs();
    const done = (await t.call('GET', `/api/v2/erasure_requests/${req.body.erasure_request.id}`)).body.erasure_request;
    expect(done.status).toBe('completed');
    const ratings = (await t.call('GET', '/api/v2/satisfaction_ratings')).body.satisfaction_ratings;
    expect(ratings.find((r: { ticket_id: number }) => r.ticket_id === bob.ticketId)).toMatchObject({ score: 'good', comment: '▇▇▇▇▇▇▇▇▇▇ was great' });
    const responses = (await t.call('GET', '/api/v2/nps_responses')).body.responses;
    expect(responses.map((r: { rating: number }) => r.rating).sort()).toEqual([10, 2]);
    expect(JSON.stringify(responses)).not.toContain('Zora');
    expect(JSON.stringify(responses)).not.toContain('zora@');
  });
});
