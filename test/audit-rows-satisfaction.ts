import { prepareNpsMail } from '../src/domain/satisfaction/nps-mail.ts';
import { surveyMailOf } from '../src/domain/satisfaction/survey-mail.ts';
import { runSweeps } from '../src/jobs/sweeps.ts';
import type { TestApp } from './app.ts';
import { ok, type Row } from './audit-rows-channels.ts';
import { insertApiToken } from '../src/db/queries/users.ts';
import { hashToken, newToken } from '../src/domain/auth/secrets.ts';

// The audit actions of satisfaction (docs/satisfaction.md), for src/domain/events.test.ts: the
// sweep that offers a survey, the survey pages and the requester's API, NPS surveys, and the
// redaction of survey comments; a marker in the person's name, email and every comment.

const PUBLIC = 'http://help.oubli.test';
const identity = { from: 'support@oubli.test', domain: 'oubli.test' };

async function offered(t: TestApp, m: string): Promise<{ ticketId: number; requester: number }> {
  await ok(t.call('PUT', '/api/v2/account/settings', { settings: { satisfaction_enabled: true, satisfaction_delay_hours: 1, public_url: PUBLIC } }));
  const requester = await t.contact({ name: `Name ${m}`, email: `${m}@example.test` });
  const ticketId = (await ok(t.call('POST', '/api/v2/tickets', { ticket: { subject: `About ${m}`, requester_id: requester, comment: { body: `I am ${m}` } } }), 201)).ticket.id as number;
  await ok(t.call('PUT', `/api/v2/tickets/${ticketId}`, { ticket: { status: 'solved' } }));
  t.clock.advance(2 * 3600_000);
  await runSweeps(t.ctx, { dryRun: false });
  return { ticketId, requester };
}

async function ratingLink(t: TestApp, ticketId: number): Promise<string> {
  const mail = await surveyMailOf(t.ctx, { ticket: { id: ticketId, subject: null, status: 'solved' }, recipientName: 'x' });
  return /\/satisfaction\/([A-Za-z0-9_-]+)/.exec(mail!.text)![0];
}

const form = (t: TestApp, url: string, fields: Record<string, string>) =>
  t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });

async function answered(t: TestApp, m: string): Promise<{ surveyId: number; responseId: number }> {
  await ok(t.call('PUT', '/api/v2/account/settings', { settings: { public_url: PUBLIC } }));
  await t.contact({ name: `Name ${m}`, email: `${m}@example.test`, tags: [`t${m.slice(-6).toLowerCase()}`] });
  const surveyId = (await ok(t.call('POST', '/api/v2/nps/surveys', { survey: { name: `NPS ${m}`, question: `Would ${m} recommend us?` } }), 201)).survey.id as number;
  await ok(t.call('POST', `/api/v2/nps/surveys/${surveyId}/send`));
  const rec = await t.store.db.selectFrom('nps_recipients').selectAll().where('survey_id', '=', surveyId).executeTakeFirstOrThrow();
  const mail = await prepareNpsMail(t.ctx, rec, identity);
  const url = /\/nps\/([A-Za-z0-9_-]+)/.exec(mail!.text)![0];
  const r = await form(t, url, { rating: '7', comment: `I am ${m}` });
  if (r.statusCode !== 200) throw new Error(`answer: ${r.statusCode}`);
  const resp = await t.store.db.selectFrom('nps_responses').select('id').where('survey_id', '=', surveyId).executeTakeFirstOrThrow();
  return { surveyId, responseId: resp.id };
}

/** The satisfaction rows. */
export function satisfactionRows(): Row[] {
  return [
    {
      action: 'satisfaction_rating.offered',
      drive: async (t, m) => ({ subjectType: 'ticket', subjectId: (await offered(t, m)).ticketId }),
    },
    {
      action: 'satisfaction_rating.rated',
      via: 'the survey page',
      drive: async (t, m) => {
        const { ticketId } = await offered(t, m);
        const r = await form(t, await ratingLink(t, ticketId), { score: 'bad', comment: `I am ${m}`, reason_code: '7' });
        if (r.statusCode !== 200) throw new Error(`rate: ${r.statusCode}`);
        return { subjectType: 'ticket', subjectId: ticketId };
      },
    },
    {
      action: 'satisfaction_rating.rated',
      via: 'the requester through the API',
      drive: async (t, m) => {
        const requester = await t.contact({ name: `Name ${m}`, email: `${m}@example.test` });
        const ticketId = (await ok(t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Help', requester_id: requester, comment: { body: 'x' } } }), 201)).ticket.id as number;
        await ok(t.call('PUT', `/api/v2/tickets/${ticketId}`, { ticket: { status: 'solved' } }));
        const token = newToken();
        await insertApiToken(t.store.db, requester, hashToken(token), t.clock.now().toISOString());
        const r = await t.app.inject({
          method: 'POST',
          url: `/api/v2/tickets/${ticketId}/satisfaction_rating`,
          headers: { authorization: `Basic ${Buffer.from(`${m}@example.test/token:${token}`).toString('base64')}`, 'content-type': 'application/json' },
          payload: JSON.stringify({ satisfaction_rating: { score: 'good', comment: `I am ${m}` } }),
        });
        if (r.statusCode !== 200) throw new Error(`rate: ${r.statusCode} ${r.body}`);
        return { subjectType: 'ticket', subjectId: ticketId };
      },
    },
    {
      action: 'nps_survey.created',
      drive: async (t, m) => ({ subjectType: 'nps_survey', subjectId: (await ok(t.call('POST', '/api/v2/nps/surveys', { survey: { name: `NPS ${m}`, recipients: { tag: 'vip' } } }), 201)).survey.id }),
    },
    { action: 'nps_survey.sent', drive: async (t, m) => ({ subjectType: 'nps_survey', subjectId: (await answered(t, m)).surveyId }) },
    { action: 'nps_response.answered', drive: async (t, m) => ({ subjectType: 'nps_survey', subjectId: (await answered(t, m)).surveyId }) },
    {
      action: 'survey_comment.redacted',
      via: 'a CSAT comment',
      drive: async (t, m) => {
        const { ticketId } = await offered(t, m);
        await form(t, await ratingLink(t, ticketId), { score: 'bad', comment: `I am ${m}` });
        const id = (await t.store.db.selectFrom('satisfaction_ratings').select('id').where('ticket_id', '=', ticketId).executeTakeFirstOrThrow()).id;
        await ok(t.call('PUT', `/api/v2/satisfaction_ratings/${id}/redact`, { text: m }));
        return { subjectType: 'satisfaction_rating', subjectId: id };
      },
    },
    {
      action: 'survey_comment.redacted',
      via: 'an NPS comment',
      drive: async (t, m) => {
        const { responseId } = await answered(t, m);
        await ok(t.call('PUT', `/api/v2/nps_responses/${responseId}/redact`, { text: m }));
        return { subjectType: 'nps_response', subjectId: responseId };
      },
    },
  ];
}
