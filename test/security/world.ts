import type { InjectOptions } from 'fastify';
import { createTestApp, type Staff, type TestApp } from '../app.ts';
import type { DbKind } from '../db.ts';
import { hashPassword, hashToken, newToken } from '../../src/domain/auth/secrets.ts';
import { insertApiToken } from '../../src/db/queries/users.ts';
import { postTicket, postUpload } from '../factories/index.ts';

// The people of the role table (docs/permissions.md) and the fixtures its rows act on.
// Fixtures are made by the owner through the API, fresh for each cell, so that an allowed
// call by one role never changes what the next role is tested on.

/** The columns of the role table, in order. */
export const WHO = ['owner', 'admin', 'agentDelete', 'agent', 'endUser', 'nobody'] as const;
export type Who = (typeof WHO)[number];

export const WHO_LABEL: Record<Who, string> = {
  owner: 'owner',
  admin: 'admin',
  agentDelete: 'agent with delete tickets',
  agent: 'agent without',
  endUser: 'end user',
  nobody: 'nobody',
};

/** Every person of the table signs in to the web app with this. */
export const PASSWORD = 'correct horse battery';

export interface Answer {
  status: number;
  body: any;
}

/** A browser as far as the server can tell: cookies and the CSRF token it was given. */
export class Browser {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(private t: TestApp) {}

  async request(method: string, url: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrf) headers['x-csrf-token'] = this.csrf;
    const o: InjectOptions = { method: method as InjectOptions['method'], url, headers };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      o.payload = JSON.stringify(body);
    }
    const res = await this.t.app.inject(o);
    const set = res.headers['set-cookie'];
    for (const c of set === undefined ? [] : Array.isArray(set) ? set : [set]) {
      const [pair] = c.split(';');
      const [k, ...v] = pair!.split('=');
      if (v.join('=') === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(k!);
      else this.cookies.set(k!, v.join('='));
    }
    const parsed = res.body ? JSON.parse(res.body) : undefined;
    if (parsed?.csrf_token) this.csrf = parsed.csrf_token;
    return { status: res.statusCode, body: parsed };
  }

  async signIn(email: string, password = PASSWORD): Promise<Answer> {
    await this.request('GET', '/api/v2/session');
    return this.request('POST', '/api/v2/session', { session: { email, password } });
  }
}

export interface World {
  t: TestApp;
  kind: DbKind;
  /** The caller of each column (null for nobody). */
  people: Record<Who, Staff | null>;
  /** inject() as `who`; `body` is JSON, or raw bytes for uploads. */
  call(who: Who, method: string, url: string, body?: unknown): Promise<Answer>;
  /** The owner's call, which must succeed: fixtures. */
  must(method: string, url: string, body?: unknown): Promise<any>;
  contact(): Promise<number>;
  /** A new agent (or admin) with an API token, not one of the table's people. */
  colleague(role?: 'agent' | 'admin'): Promise<Staff>;
  deletedContact(): Promise<number>;
  ticket(opts?: { status?: string; uploads?: string[]; body?: string }): Promise<{ ticketId: number; commentId: number; requester: number }>;
  /** An upload by `by` (the owner for end users and nobody); returns its token and file id. */
  upload(by: Staff | null, name?: string): Promise<{ token: string; attachmentId: number }>;
  ticketWithFile(): Promise<{ ticketId: number; commentId: number; attachmentId: number }>;
  org(): Promise<number>;
  group(): Promise<number>;
  /** An erasure request for a new contact named in a ticket of someone else, planned (ready). */
  erasureRequest(opts?: { confirmAll?: boolean; target?: number }): Promise<{ id: number; userId: number; matchId: number }>;
  close(): Promise<void>;
}

let seq = 0;

export async function createWorld(kind: DbKind): Promise<World> {
  const t = await createTestApp(kind);
  const endUserId = await t.contact({ name: 'Erin Enduser', email: 'erin@example.test' });
  const endToken = newToken();
  // End users have no API tokens in the product; one is planted so the table can show what
  // an authenticated end user gets (403), not just what nobody gets (401).
  await insertApiToken(t.store.db, endUserId, hashToken(endToken), t.clock.now().toISOString());
  const endUser: Staff = {
    id: endUserId,
    email: 'erin@example.test',
    token: endToken,
    actor: { id: endUserId, role: 'end-user', isOwner: false, canDeleteTickets: false },
    auth: `Basic ${Buffer.from(`erin@example.test/token:${endToken}`).toString('base64')}`,
  };
  const people: Record<Who, Staff | null> = {
    owner: t.owner,
    admin: await t.staff('admin'),
    agentDelete: await t.staff('agent', { can_delete_tickets: true }),
    agent: await t.staff('agent'),
    endUser,
    nobody: null,
  };
  const hash = await hashPassword(PASSWORD);
  for (const p of Object.values(people)) {
    if (p) await t.store.db.updateTable('users').set({ password_hash: hash }).where('id', '=', p.id).execute();
  }

  async function call(who: Who, method: string, url: string, body?: unknown): Promise<Answer> {
    const person = people[who];
    if (!Buffer.isBuffer(body)) return t.call(method, url, body, person);
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
    if (person) headers.authorization = person.auth;
    const res = await t.app.inject({ method: method as InjectOptions['method'], url, headers, payload: body });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
  }
  async function must(method: string, url: string, body?: unknown) {
    const r = await call('owner', method, url, body);
    if (r.status >= 300) throw new Error(`fixture ${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }
  const w: World = {
    t,
    kind,
    people,
    call,
    must,
    contact: () => t.contact(),
    colleague: (role = 'agent') => t.staff(role),
    async deletedContact() {
      const id = await t.contact();
      await must('DELETE', `/api/v2/users/${id}`);
      return id;
    },
    async ticket(opts = {}) {
      const requester = await t.contact();
      const ticketId = (await postTicket(t, { subject: 'A question', requester_id: requester, comment: { body: opts.body ?? 'Hello, I need help.', uploads: opts.uploads } })).id as number;
      if (opts.status === 'solved' || opts.status === 'closed') await must('PUT', `/api/v2/tickets/${ticketId}`, { ticket: { status: 'solved' } });
      if (opts.status === 'closed') await must('PUT', `/api/v2/tickets/${ticketId}/close`);
      const comments = await must('GET', `/api/v2/tickets/${ticketId}/comments`);
      return { ticketId, commentId: comments.comments[0].id as number, requester };
    },
    upload: (by, name = 'scan.pdf') => postUpload(t, name, undefined, by && by.actor.role !== 'end-user' ? by : t.owner),
    async ticketWithFile() {
      const up = await w.upload(t.owner);
      const tk = await w.ticket({ uploads: [up.token] });
      return { ...tk, attachmentId: up.attachmentId };
    },
    async org() {
      return (await must('POST', '/api/v2/organizations', { organization: { name: `Org ${++seq}` } })).organization.id;
    },
    async group() {
      return (await must('POST', '/api/v2/groups', { group: { name: `Group ${++seq}` } })).group.id;
    },
    async erasureRequest(opts = {}) {
      const n = ++seq;
      const name = `Zoe Quartermain${n}`;
      const userId = opts.target ?? (await t.contact({ name, email: `zoe${n}@example.test` }));
      const other = await w.ticket({ body: `My neighbour ${name} said hello.` });
      void other;
      const r = await must('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: userId } });
      await t.drainJobs();
      const matches = await must('GET', `/api/v2/erasure_requests/${r.erasure_request.id}/matches`);
      if (opts.confirmAll) await must('PUT', `/api/v2/erasure_requests/${r.erasure_request.id}`, { erasure_request: { confirm_all: true } });
      return { id: r.erasure_request.id, userId, matchId: matches.matches[0]?.id ?? 0 };
    },
    close: () => t.close(),
  };
  return w;
}
