import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.ts';
import { prepareNpsMail } from '../../src/domain/satisfaction/nps-mail.ts';
import { surveyMailOf } from '../../src/domain/satisfaction/survey-mail.ts';
import { runSweeps } from '../../src/jobs/sweeps.ts';
import { hitsOnDisk, newMarker } from './plant.ts';

// Survey answers leave the SQLite files (docs/satisfaction.md, docs/erasure-proof.md): a marker
// planted in a CSAT comment and an NPS comment of a person (and in her name, which the NPS
// copies hold) is on disk before, and in 0 bytes of the data directory (tables, the full-text
// index's files, the write-ahead log) after her erasure, while her scores are still counted.
// Negative controls: the marker is found before the erasure, and another person's marker in
// their own answers survives it. Only the product checkpoints (autocheckpoint off).

describe('survey comments and copies leave the database files [sqlite]', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp('sqlite');
    await sql`pragma wal_autocheckpoint = 0`.execute(t.store.db);
    const s = await t.call('PUT', '/api/v2/account/settings', { settings: { satisfaction_enabled: true, satisfaction_delay_hours: 1, public_url: 'http://help.oubli.test' } });
    expect(s.status).toBe(200);
  });
  afterEach(async () => {
    await t.close();
  });

  const form = (url: string, fields: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });

  /** A person with a solved ticket rated bad with `m` in the comment, and an NPS answer of 4 naming `m`. */
  async function answers(m: string): Promise<{ userId: number; ticketId: number }> {
    const userId = await t.contact({ name: `Name ${m}`, email: `${m.toLowerCase()}@example.test` });
    const ticketId = (await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Order', requester_id: userId, comment: { body: 'Where is it?' } } })).body.ticket.id as number;
    expect((await t.call('PUT', `/api/v2/tickets/${ticketId}`, { ticket: { status: 'solved' } })).status).toBe(200);
    return { userId, ticketId };
  }
  async function rate(ticketId: number, m: string) {
    const mail = await surveyMailOf(t.ctx, { ticket: { id: ticketId, subject: null, status: 'solved' }, recipientName: 'x' });
    const url = /\/satisfaction\/[A-Za-z0-9_-]+/.exec(mail!.text)![0];
    expect((await form(url, { score: 'bad', comment: `Call ${m} back`, reason_code: '6' })).statusCode).toBe(200);
  }
  async function answerNps(userId: number, surveyId: number, m: string) {
    const rec = await t.store.db.selectFrom('nps_recipients').selectAll().where('survey_id', '=', surveyId).where('user_id', '=', userId).executeTakeFirstOrThrow();
    const mail = await prepareNpsMail(t.ctx, rec, { from: 'support@oubli.test', domain: 'oubli.test' });
    const url = /\/nps\/[A-Za-z0-9_-]+/.exec(mail!.text)![0];
    expect((await form(url, { rating: '4', comment: `${m} says no` })).statusCode).toBe(200);
  }

  it('erasing the person removes the marker from every byte; the scores stay counted; another person’s stays', async () => {
    const m = newMarker();
    const other = newMarker();
    const her = await answers(m);
    const him = await answers(other);
    t.clock.advance(2 * 3600_000);
    await runSweeps(t.ctx, { dryRun: false });
    await rate(her.ticketId, m);
    await rate(him.ticketId, other);
    const survey = (await t.call('POST', '/api/v2/nps/surveys', { survey: { name: 'NPS' } })).body.survey.id as number;
    await t.call('POST', `/api/v2/nps/surveys/${survey}/send`);
    await answerNps(her.userId, survey, m);
    await answerNps(him.userId, survey, other);

    // Negative control: both markers are in the files before.
    await t.store.checkpoint!();
    expect(hitsOnDisk(t.store.dataDir, m).length).toBeGreaterThan(0);
    expect(hitsOnDisk(t.store.dataDir, other).length).toBeGreaterThan(0);

    expect((await t.call('DELETE', `/api/v2/users/${her.userId}`)).status).toBe(200);
    expect((await t.call('DELETE', `/api/v2/deleted_users/${her.userId}`)).status).toBe(200);
    await t.drainJobs();

    expect(hitsOnDisk(t.store.dataDir, m)).toEqual([]);
    // The other person's answers are untouched: the scan would see a marker that stayed.
    expect(hitsOnDisk(t.store.dataDir, other).length).toBeGreaterThan(0);
    // Reports do not change: both bad ratings and both NPS answers are still counted.
    expect((await t.call('GET', '/api/v2/satisfaction_ratings/count?score=bad')).body.count.value).toBe(2);
    expect((await t.call('GET', `/api/v2/nps/surveys/${survey}`)).body.survey).toMatchObject({ responses_count: 2, nps: -100 });
    const hers = (await t.call('GET', '/api/v2/satisfaction_ratings')).body.satisfaction_ratings.find((r: { ticket_id: number }) => r.ticket_id === her.ticketId);
    expect(hers).toMatchObject({ score: 'bad', comment: null, requester_id: her.userId, reason_code: 6 });
  });

  it('redacting a string in a survey comment removes it from every byte', async () => {
    const m = newMarker();
    const her = await answers('Plain');
    t.clock.advance(2 * 3600_000);
    await runSweeps(t.ctx, { dryRun: false });
    await rate(her.ticketId, m);
    await t.store.checkpoint!();
    expect(hitsOnDisk(t.store.dataDir, m).length).toBeGreaterThan(0);
    const id = (await t.call('GET', '/api/v2/satisfaction_ratings')).body.satisfaction_ratings[0].id;
    expect((await t.call('PUT', `/api/v2/satisfaction_ratings/${id}/redact`, { text: m })).status).toBe(200);
    expect(hitsOnDisk(t.store.dataDir, m)).toEqual([]);
    expect((await t.call('GET', `/api/v2/satisfaction_ratings/${id}`)).body.satisfaction_rating.score).toBe('bad');
  });
});
