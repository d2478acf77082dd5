import { api, admins, deleters, staff, type Expect, type Row } from './roles-table.ts';
import type { World } from './world.ts';

// Satisfaction (docs/satisfaction.md): CSAT ratings and reasons, the requester's own rating,
// redaction of survey comments, NPS surveys, responses and the legacy exports. Ratings and NPS
// are for admins, as in Zendesk; the reasons are shown to every agent; the requester (the
// table's end user, on her own solved ticket) is the only one who may rate a ticket.

const now = () => new Date().toISOString();

/** A solved ticket of `requester` (a new contact by default) with a bad rating and a comment. */
async function rating(w: World, requester?: number): Promise<{ ticketId: number; ratingId: number }> {
  const rid = requester ?? (await w.contact());
  const ticketId = (await w.must('POST', api('/tickets'), { ticket: { subject: 'Help', requester_id: rid, comment: { body: 'Hello' } } })).ticket.id as number;
  await w.must('PUT', api(`/tickets/${ticketId}`), { ticket: { status: 'solved' } });
  const r = await w.t.store.db
    .insertInto('satisfaction_ratings')
    .values({ ticket_id: ticketId, requester_id: rid, assignee_id: null, group_id: null, score: 'bad', comment: 'Order 4711 was late', reason_id: null, token_hash: null, token_expires_at: null, rated_at: now(), created_at: now(), updated_at: now(), erased_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ticketId, ratingId: r.id };
}

/** An NPS response with a comment, for a new contact (inserted as the survey page would). */
async function response(w: World): Promise<number> {
  const s = (await w.must('POST', api('/nps/surveys'), { survey: { name: 'NPS' } })).survey.id as number;
  const uid = await w.contact();
  const db = w.t.store.db;
  const rec = await db
    .insertInto('nps_recipients')
    .values({ survey_id: s, user_id: uid, user_name: 'Nina', user_email: 'nina@example.test', status: 'sent', attempts: 1, next_attempt_at: null, last_error_code: null, sent_at: now(), token_hash: null, token_expires_at: null, created_at: now(), updated_at: now(), erased_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const r = await db
    .insertInto('nps_responses')
    .values({ survey_id: s, recipient_id: rec.id, user_id: uid, user_name: 'Nina', user_email: 'nina@example.test', score: 8, comment: 'Order 4711 was late', created_at: now(), updated_at: now(), erased_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Only the ticket's requester: staff get the 404 of a ticket that is not theirs to rate. */
const requesterOnly = (s: number): Expect => ({ owner: 404, admin: 404, agentDelete: 404, agent: 404, endUser: s, nobody: 401 });

export const satisfactionRows: Row[] = [
  { area: 'Satisfaction', action: 'list satisfaction ratings', method: 'GET', path: '/satisfaction_ratings', expect: admins(200) },
  { area: 'Satisfaction', action: 'count satisfaction ratings', method: 'GET', path: '/satisfaction_ratings/count', expect: admins(200) },
  { area: 'Satisfaction', action: 'show a satisfaction rating', method: 'GET', path: '/satisfaction_ratings/{id}', expect: admins(200), shared: (w) => rating(w), make: async (_w, _who, s) => ({ url: api(`/satisfaction_ratings/${s.ratingId}`) }) },
  {
    area: 'Satisfaction', action: 'redact a string in a rating comment', method: 'PUT', path: '/satisfaction_ratings/{id}/redact', expect: deleters(200),
    make: async (w) => ({ url: api(`/satisfaction_ratings/${(await rating(w)).ratingId}/redact`), body: { text: '4711' } }),
  },
  {
    area: 'Satisfaction', action: 'rate my solved ticket (the requester)', method: 'POST', path: '/tickets/{id}/satisfaction_rating', expect: requesterOnly(200),
    make: async (w) => {
      const ticketId = (await w.must('POST', api('/tickets'), { ticket: { subject: 'Mine', requester_id: w.people.endUser!.id, comment: { body: 'Hello' } } })).ticket.id as number;
      await w.must('PUT', api(`/tickets/${ticketId}`), { ticket: { status: 'solved' } });
      return { url: api(`/tickets/${ticketId}/satisfaction_rating`), body: { satisfaction_rating: { score: 'good', comment: 'Thanks' } } };
    },
  },
  { area: 'Satisfaction', action: 'list satisfaction reasons', method: 'GET', path: '/satisfaction_reasons', expect: staff(200) },
  { area: 'Satisfaction', action: 'show a satisfaction reason', method: 'GET', path: '/satisfaction_reasons/{id}', expect: staff(200), make: async () => ({ url: api('/satisfaction_reasons/1') }) },
  { area: 'Satisfaction', action: 'list NPS surveys', method: 'GET', path: '/nps/surveys', expect: admins(200) },
  { area: 'Satisfaction', action: 'create an NPS survey', method: 'POST', path: '/nps/surveys', expect: admins(201), make: async () => ({ url: api('/nps/surveys'), body: { survey: { name: 'Q1' } } }) },
  {
    area: 'Satisfaction', action: 'show an NPS survey', method: 'GET', path: '/nps/surveys/{id}', expect: admins(200),
    shared: async (w) => (await w.must('POST', api('/nps/surveys'), { survey: { name: 'Q2' } })).survey.id,
    make: async (_w, _who, id) => ({ url: api(`/nps/surveys/${id}`) }),
  },
  {
    area: 'Satisfaction', action: 'send an NPS survey', method: 'POST', path: '/nps/surveys/{id}/send', expect: admins(200),
    make: async (w) => ({ url: api(`/nps/surveys/${(await w.must('POST', api('/nps/surveys'), { survey: { name: 'Q3', recipients: { tag: 'nobody-has-this' } } })).survey.id}/send`) }),
  },
  { area: 'Satisfaction', action: 'list NPS responses', method: 'GET', path: '/nps_responses', expect: admins(200) },
  { area: 'Satisfaction', action: 'redact a string in an NPS comment', method: 'PUT', path: '/nps_responses/{id}/redact', expect: deleters(200), make: async (w) => ({ url: api(`/nps_responses/${await response(w)}/redact`), body: { text: '4711' } }) },
  { area: 'Satisfaction', action: 'NPS responses, legacy incremental export', method: 'GET', path: '/nps/incremental/responses?start_time=', expect: admins(200), make: async () => ({ url: api('/nps/incremental/responses?start_time=0') }) },
  { area: 'Satisfaction', action: 'NPS recipients, legacy incremental export', method: 'GET', path: '/nps/incremental/recipients?start_time=', expect: admins(200), make: async () => ({ url: api('/nps/incremental/recipients?start_time=0') }) },
];
