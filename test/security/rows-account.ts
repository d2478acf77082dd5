import { hashToken, newToken } from '../../src/domain/auth/secrets.ts';
import { admins, api, everyone, staff, type Row } from './roles-table.ts';
import { Browser, PASSWORD, type Who, type World } from './world.ts';

// The right of access, erasure requests, jobs, the audit log, settings and the web app's
// session. The session rows are authenticated by what they send (a password, a link), so
// their columns say what a person of that role gets with their own credentials.

async function completedRequest(w: World) {
  const r = await w.erasureRequest({ confirmAll: true });
  await w.must('POST', api(`/erasure_requests/${r.id}/execute`));
  await w.t.drainJobs();
  return r;
}

/** A request whose verification found something: a ticket naming the person arrives after planning. */
async function failedVerification(w: World) {
  const r = await w.erasureRequest({ confirmAll: true });
  const person = (await w.must('GET', api(`/users/${r.userId}`))).user;
  await w.ticket({ body: `Late news about ${person.name}.` });
  await w.must('POST', api(`/erasure_requests/${r.id}/execute`));
  await w.t.drainJobs();
  const status = (await w.must('GET', api(`/erasure_requests/${r.id}`))).erasure_request.status;
  if (status !== 'verification_failed') throw new Error(`expected verification_failed, got ${status}`);
  return r;
}

/** A job started by the owner. */
async function job(w: World): Promise<string> {
  const tk = await w.ticket();
  return (await w.must('PUT', api(`/tickets/mark_many_as_spam?ids=${tk.ticketId}`))).job_status.id;
}

/** The email a person of this column signs in with; nobody has a wrong password instead. */
function credentials(w: World, who: Who): { email: string; password: string } {
  const p = w.people[who];
  return p ? { email: p.email, password: PASSWORD } : { email: w.t.owner.email, password: 'not the password at all' };
}

/** A one-time link for the person of this column (an unknown one for nobody). */
async function linkFor(w: World, who: Who): Promise<string> {
  const p = w.people[who];
  if (!p) return newToken();
  if (p.actor.role === 'end-user') {
    // No admin can issue one to an end user; planted, to show that it opens nothing.
    const token = newToken();
    const now = w.t.clock.now();
    await (w.t.store.db as any)
      .insertInto('password_tokens')
      .values({ user_id: p.id, token_hash: hashToken(token), purpose: 'reset', created_by_id: null, created_at: now.toISOString(), expires_at: new Date(now.getTime() + 3_600_000).toISOString() })
      .execute();
    return token;
  }
  return (await w.must('POST', api(`/users/${p.id}/password_link`))).password_link.token;
}

export const accountRows: Row[] = [
  // Right of access
  { area: 'Right of access', action: "export an end user's data", method: 'GET', path: '/users/{id}/export', expect: staff(200), make: async (w) => ({ url: api(`/users/${(await w.ticket()).requester}/export`) }) },
  { area: 'Right of access', action: "export an agent's data", method: 'GET', path: '/users/{id}/export', expect: admins(200), make: async (w) => ({ url: api(`/users/${(await w.colleague()).id}/export`) }) },

  // Erasure requests
  {
    area: 'Erasure requests', action: 'open a request for an end user', method: 'POST', path: '/erasure_requests', expect: staff(201),
    make: async (w) => ({ url: api('/erasure_requests'), body: { erasure_request: { user_id: await w.contact() } } }),
  },
  {
    area: 'Erasure requests', action: 'open a request for an agent', method: 'POST', path: '/erasure_requests', expect: admins(201),
    make: async (w) => ({ url: api('/erasure_requests'), body: { erasure_request: { user_id: (await w.colleague()).id } } }),
  },
  { area: 'Erasure requests', action: 'list requests', method: 'GET', path: '/erasure_requests', expect: staff(200) },
  { area: 'Erasure requests', action: 'show a request', method: 'GET', path: '/erasure_requests/{id}', expect: staff(200), shared: (w) => w.erasureRequest(), make: async (_w, _who, r) => ({ url: api(`/erasure_requests/${r.id}`) }) },
  {
    area: 'Erasure requests', action: 'add terms and decide matches', method: 'PUT', path: '/erasure_requests/{id}', expect: staff(200),
    make: async (w) => ({ url: api(`/erasure_requests/${(await w.erasureRequest()).id}`), body: { erasure_request: { extra_terms: ['Flat 3, 12 Rue Exemple'], confirm_all: true } } }),
  },
  { area: 'Erasure requests', action: 'cancel a request', method: 'DELETE', path: '/erasure_requests/{id}', expect: staff(200), make: async (w) => ({ url: api(`/erasure_requests/${(await w.erasureRequest()).id}`) }) },
  {
    area: 'Erasure requests', action: 'execute a request (erases the person: job)', method: 'POST', path: '/erasure_requests/{id}/execute', expect: admins(200),
    make: async (w) => ({ url: api(`/erasure_requests/${(await w.erasureRequest({ confirmAll: true })).id}/execute`) }),
  },
  {
    area: 'Erasure requests', action: 'fix a request whose verification found something (erases the person: job)', method: 'POST', path: '/erasure_requests/{id}/fix', expect: admins(200),
    make: async (w) => ({ url: api(`/erasure_requests/${(await failedVerification(w)).id}/fix`) }),
  },
  { area: 'Erasure requests', action: 'list matches', method: 'GET', path: '/erasure_requests/{id}/matches', expect: staff(200), shared: (w) => w.erasureRequest(), make: async (_w, _who, r) => ({ url: api(`/erasure_requests/${r.id}/matches`) }) },
  {
    area: 'Erasure requests', action: 'show a match', method: 'GET', path: '/erasure_requests/{id}/matches/{mid}', expect: staff(200), shared: (w) => w.erasureRequest(),
    make: async (_w, _who, r) => ({ url: api(`/erasure_requests/${r.id}/matches/${r.matchId}`) }),
  },
  { area: 'Erasure requests', action: 'matches by ticket', method: 'GET', path: '/erasure_requests/{id}/tickets', expect: staff(200), shared: (w) => w.erasureRequest(), make: async (_w, _who, r) => ({ url: api(`/erasure_requests/${r.id}/tickets`) }) },
  { area: 'Erasure requests', action: 'certificate', method: 'GET', path: '/erasure_requests/{id}/certificate', expect: staff(200), shared: completedRequest, make: async (_w, _who, r) => ({ url: api(`/erasure_requests/${r.id}/certificate`) }) },

  // Jobs
  { area: 'Jobs', action: 'list job statuses', method: 'GET', path: '/job_statuses', expect: staff(200) },
  { area: 'Jobs', action: 'show a job status', method: 'GET', path: '/job_statuses/{id}', expect: staff(200), shared: job, make: async (_w, _who, id) => ({ url: api(`/job_statuses/${id}`) }) },
  { area: 'Jobs', action: 'show many job statuses', method: 'GET', path: '/job_statuses/show_many?ids=', expect: staff(200), shared: job, make: async (_w, _who, id) => ({ url: api(`/job_statuses/show_many?ids=${id}`) }) },

  // Audit log and settings
  { area: 'Audit log', action: 'read the audit log', method: 'GET', path: '/audit_logs', expect: admins(200) },
  { area: 'Settings', action: 'read settings', method: 'GET', path: '/account/settings', expect: staff(200) },
  { area: 'Settings', action: 'change settings', method: 'PUT', path: '/account/settings', expect: admins(200), make: async () => ({ url: api('/account/settings'), body: { settings: { solved_to_closed_days: 5 } } }) },

  // The live feed: who may open it (the upgrade itself is tested in test/e2e/live.test.ts)
  { area: 'Live feed', action: 'listen to changes and presence (a WebSocket; a plain GET is told it needs the upgrade)', method: 'GET', path: '/live', expect: staff(400) },

  // Web app session
  { area: 'Session (web app)', action: 'who is signed in (session: null for nobody)', method: 'GET', path: '/session', expect: everyone(200) },
  {
    area: 'Session (web app)', action: 'sign in with your password (nobody: a wrong one)', method: 'POST', path: '/session',
    expect: { owner: 200, admin: 200, agentDelete: 200, agent: 200, endUser: 403, nobody: 401 },
    run: async (w, who) => {
      const c = credentials(w, who);
      const b = new Browser(w.t);
      await b.request('GET', api('/session'));
      return () => b.request('POST', api('/session'), { session: c });
    },
  },
  {
    area: 'Session (web app)', action: 'sign out (staff: of a browser session)', method: 'DELETE', path: '/session', expect: everyone(204),
    run: async (w, who) => {
      const p = w.people[who];
      if (!p || p.actor.role === 'end-user') return () => w.call(who, 'DELETE', api('/session'));
      const b = new Browser(w.t);
      const s = await b.signIn(p.email);
      if (s.status !== 200) throw new Error(`fixture sign-in: ${s.status}`);
      return () => b.request('DELETE', api('/session'));
    },
  },
  {
    area: 'Session (web app)', action: 'choose a password with your one-time link (nobody: an unknown link)', method: 'POST', path: '/session/password',
    expect: { owner: 200, admin: 200, agentDelete: 200, agent: 200, endUser: 400, nobody: 400 },
    run: async (w, who) => {
      const token = await linkFor(w, who);
      const b = new Browser(w.t);
      await b.request('GET', api('/session'));
      return () => b.request('POST', api('/session/password'), { password_link: { token, password: PASSWORD } });
    },
  },
];
