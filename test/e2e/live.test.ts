import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { describeEachDb } from '../db.ts';
import { cliWithInput, startServer, type RunningServer } from '../server.ts';
import type { LiveServerMessage } from '../../src/shared/live.ts';

// The live feed on the real server (docs/live.md), with a real WebSocket client: changes made
// over the API, by mail and by a CLI command reach a connected agent; presence travels between
// agents (between two servers on one PostgreSQL too); only staff may listen, only from pages
// of the server itself; a stale submit is refused with UpdateConflict.

interface Listener {
  socket: WebSocket;
  messages: LiveServerMessage[];
  /** Resolves with the first message (already received or to come) that `match` accepts. */
  next(match: (m: LiveServerMessage) => boolean, timeoutMs?: number): Promise<LiveServerMessage>;
  close(): Promise<void>;
}

function listen(baseUrl: string, headers: Record<string, string>): Promise<Listener> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/v2/live`, { headers });
  const messages: LiveServerMessage[] = [];
  const waiters: { match: (m: LiveServerMessage) => boolean; done: (m: LiveServerMessage) => void }[] = [];
  socket.on('message', (data) => {
    const m = JSON.parse(data.toString()) as LiveServerMessage;
    messages.push(m);
    for (const w of [...waiters]) if (w.match(m)) waiters.splice(waiters.indexOf(w), 1) && w.done(m);
  });
  const listener: Listener = {
    socket,
    messages,
    next(match, timeoutMs = 10_000) {
      const seen = messages.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`no matching live message; got ${JSON.stringify(messages)}`)), timeoutMs);
        waiters.push({ match, done: (m) => (clearTimeout(timer), done(m)) });
      });
    },
    close: () =>
      new Promise((done) => {
        if (socket.readyState === socket.CLOSED) return done();
        socket.once('close', () => done());
        socket.close();
      }),
  };
  return new Promise((done, fail) => {
    socket.once('unexpected-response', (_req, res) => fail(new Error(`upgrade refused: ${res.statusCode}`)));
    socket.once('error', fail);
    void listener.next((m) => m.type === 'ready').then(() => done(listener), fail);
  });
}

/** The HTTP status an upgrade is refused with (or 101 when it is accepted). */
function upgradeStatus(baseUrl: string, headers: Record<string, string>): Promise<number> {
  return new Promise((done) => {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/v2/live`, { headers });
    socket.once('unexpected-response', (_req, res) => done(res.statusCode ?? 0));
    socket.once('open', () => {
      socket.close();
      done(101);
    });
    socket.once('error', () => done(0));
  });
}

const ticketChange = (id: number) => (m: LiveServerMessage) => m.type === 'changes' && m.changes.some((c) => c.kind === 'ticket' && c.ticket_id === id);

describeEachDb('live feed on the real server', (kind) => {
  let server: RunningServer;
  let owner: Record<string, string>;
  let agentId: number;
  let agent: Record<string, string>;
  const api = async (path: string, init: RequestInit & { as?: Record<string, string> } = {}) => {
    const res = await fetch(`${server.baseUrl}/api/v2${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...(init.as ?? owner), ...(init.headers as Record<string, string> | undefined) },
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };

  beforeAll(async () => {
    server = await startServer(kind);
    owner = { authorization: `Bearer ${server.token}` };
    const created = await api('/users', { method: 'POST', body: JSON.stringify({ user: { name: 'Ben Agent', email: 'ben@e2e.test', role: 'agent' } }) });
    agentId = created.body.user.id;
    const token = await server.cli(['token', 'create', '--email', 'ben@e2e.test', '--data-dir', server.dataDir]);
    expect(token.code).toBe(0);
    agent = { authorization: `Bearer ${token.stdout.trim().split('\n').pop()!.trim()}` };
  }, 60_000);
  afterAll(async () => server?.stop());

  it('tells a connected agent of a ticket created and changed by someone else, in ids only', async () => {
    const ben = await listen(server.baseUrl, agent);
    const created = await api('/tickets', {
      method: 'POST',
      body: JSON.stringify({ ticket: { subject: 'Printer on fire LIVEMARKER', comment: { body: 'Smoke LIVEMARKER' }, requester: { name: 'Rita Requester', email: 'rita@e2e.test' } } }),
    });
    expect(created.status).toBe(201);
    const id = created.body.ticket.id as number;
    const first = await ben.next(ticketChange(id));
    await api(`/tickets/${id}`, { method: 'PUT', body: JSON.stringify({ ticket: { status: 'pending', comment: { body: 'On it LIVEMARKER', public: false } } }) });
    await ben.next((m) => m.type === 'changes' && m.changes.filter((c) => c.kind === 'ticket' && c.ticket_id === id).length + (m === first ? 0 : 1) >= 2);
    // Nothing anyone wrote, not even the requester's address, crosses the feed.
    const wire = JSON.stringify(ben.messages);
    expect(wire).not.toContain('LIVEMARKER');
    expect(wire).not.toContain('rita@');
    expect(wire).toContain(`"ticket_id":${id}`);
    await ben.close();
  });

  it('tells of changes made by another process: mail imported from the command line, a contact deleted', async () => {
    const ben = await listen(server.baseUrl, agent);
    const dir = mkdtempSync(join(tmpdir(), 'oubli-live-'));
    const eml = join(dir, 'one.eml');
    writeFileSync(eml, ['From: Mo Mailer <mo@e2e.test>', 'To: help@e2e.test', 'Subject: Imported', 'Message-ID: <live-1@e2e.test>', '', 'Hello from a file.', ''].join('\r\n'));
    const imported = await server.cli(['import-mail', eml, '--data-dir', server.dataDir]);
    rmSync(dir, { recursive: true, force: true });
    expect(imported.code).toBe(0);
    await ben.next((m) => m.type === 'changes' && m.changes.some((c) => c.kind === 'event' && c.action === 'ticket.created'));
    const user = await api('/users', { method: 'POST', body: JSON.stringify({ user: { name: 'Gone Soon', email: 'gone@e2e.test' } }) });
    const id = user.body.user.id as number;
    await api(`/users/${id}`, { method: 'DELETE' });
    await ben.next((m) => m.type === 'changes' && m.changes.some((c) => c.kind === 'event' && c.action === 'user.deleted' && c.subject_id === id));
    await ben.close();
  });

  it('shows who is viewing and replying on a ticket, and forgets a tab that closed', async () => {
    const t = await api('/tickets', { method: 'POST', body: JSON.stringify({ ticket: { subject: 'Presence', comment: { body: 'x' }, requester: { email: 'p@e2e.test' } } }) });
    const id = t.body.ticket.id as number;
    const olive = await listen(server.baseUrl, owner);
    const ben = await listen(server.baseUrl, agent);
    ben.socket.send(JSON.stringify({ type: 'presence', ticket_id: id, state: 'viewing' }));
    await olive.next((m) => m.type === 'presence' && m.ticket_id === id && m.agents.some((a) => a.user_id === agentId && a.state === 'viewing'));
    ben.socket.send(JSON.stringify({ type: 'presence', ticket_id: id, state: 'replying' }));
    await olive.next((m) => m.type === 'presence' && m.ticket_id === id && m.agents.some((a) => a.user_id === agentId && a.state === 'replying'));
    // A tab opened later learns the presence at once.
    const late = await listen(server.baseUrl, owner);
    const ready = late.messages.find((m) => m.type === 'ready');
    expect(ready).toMatchObject({ type: 'ready', presence: [{ ticket_id: id, agents: [{ user_id: agentId, state: 'replying' }] }] });
    await ben.close();
    await olive.next((m) => m.type === 'presence' && m.ticket_id === id && m.agents.length === 0);
    await late.close();
    await olive.close();
  });

  it('answers a message it does not understand with a description, and a ping with a pong', async () => {
    const ben = await listen(server.baseUrl, agent);
    ben.socket.send('not json');
    await ben.next((m) => m.type === 'error');
    ben.socket.send(JSON.stringify({ type: 'presence', ticket_id: 0 }));
    await ben.next((m) => m.type === 'error' && ben.messages.filter((x) => x.type === 'error').length === 2);
    ben.socket.send(JSON.stringify({ type: 'ping' }));
    await ben.next((m) => m.type === 'pong');
    await ben.close();
  });

  it('lets only staff listen, only from pages of this server', async () => {
    // (An end user is refused by the same access hook on every spelling: test/security/path-spellings.test.ts.)
    expect(await upgradeStatus(server.baseUrl, {})).toBe(401);
    expect(await upgradeStatus(server.baseUrl, { authorization: 'Bearer wrong' })).toBe(401);
    expect(await upgradeStatus(server.baseUrl, { ...agent, origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(server.baseUrl, { ...agent, origin: 'null' })).toBe(403);
    expect(await upgradeStatus(server.baseUrl, { ...agent, origin: server.baseUrl })).toBe(101);
    // Without the upgrade it says what it is.
    const plain = await api('/live', { as: agent });
    expect(plain.status).toBe(400);
    expect(plain.body.description).toMatch(/WebSocket/);
  });

  it('closes the socket of a browser session that signed out, at once', async () => {
    const password = 'live feed password 1';
    expect(await cliWithInput(server, ['user', 'set-password', '--email', server.ownerEmail], `${password}\n`)).toBe(0);
    const first = await fetch(`${server.baseUrl}/api/v2/session`);
    let cookie = first.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrf_token } = (await first.json()) as { csrf_token: string };
    const signIn = await fetch(`${server.baseUrl}/api/v2/session`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf_token, 'content-type': 'application/json' },
      body: JSON.stringify({ session: { email: server.ownerEmail, password } }),
    });
    expect(signIn.status).toBe(200);
    const jar = new Map(cookie.split('; ').map((c) => c.split('=') as [string, string]));
    for (const c of signIn.headers.getSetCookie()) {
      const [k, v] = c.split(';')[0]!.split('=') as [string, string];
      jar.set(k, v);
    }
    cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = ((await signIn.json()) as { csrf_token: string }).csrf_token;
    const tab = await listen(server.baseUrl, { cookie, origin: server.baseUrl });
    const closed = new Promise<number>((done) => tab.socket.once('close', (code) => done(code)));
    const out = await fetch(`${server.baseUrl}/api/v2/session`, { method: 'DELETE', headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.status).toBe(204);
    expect(await closed).toBe(4401);
  });

  it('refuses a stale submit with UpdateConflict and changes nothing', async () => {
    const t = await api('/tickets', { method: 'POST', body: JSON.stringify({ ticket: { subject: 'Stale', comment: { body: 'x' }, requester: { email: 's@e2e.test' } } }) });
    const id = t.body.ticket.id as number;
    const readAt = t.body.ticket.updated_at as string;
    // A colleague changes it a second later.
    await new Promise((r) => setTimeout(r, 1100));
    const colleague = await api(`/tickets/${id}`, { method: 'PUT', as: agent, body: JSON.stringify({ ticket: { priority: 'high' } }) });
    expect(colleague.status).toBe(200);
    const stale = await api(`/tickets/${id}`, {
      method: 'PUT',
      body: JSON.stringify({ ticket: { status: 'solved', safe_update: true, updated_stamp: readAt, comment: { body: 'Done' } } }),
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe('UpdateConflict');
    const after = await api(`/tickets/${id}`);
    expect(after.body.ticket.status).not.toBe('solved');
    expect((await api(`/tickets/${id}/comments`)).body.comments).toHaveLength(1);
    // With the fresh stamp it goes through; without a stamp, safe_update says what is missing.
    const fresh = await api(`/tickets/${id}`, { method: 'PUT', body: JSON.stringify({ ticket: { status: 'solved', safe_update: true, updated_stamp: after.body.ticket.updated_at } }) });
    expect(fresh.status).toBe(200);
    const missing = await api(`/tickets/${id}`, { method: 'PUT', body: JSON.stringify({ ticket: { status: 'open', safe_update: true } }) });
    expect(missing.status).toBe(422);
    expect(JSON.stringify(missing.body.details)).toMatch(/updated_stamp/);
  });

  it.runIf(kind === 'postgres')('carries changes and presence between two servers on one database', async () => {
    const peer = await server.peer();
    const onPeer = await listen(peer.baseUrl, owner);
    const ben = await listen(server.baseUrl, agent);
    const t = await api('/tickets', { method: 'POST', body: JSON.stringify({ ticket: { subject: 'Across', comment: { body: 'x' }, requester: { email: 'a@e2e.test' } } }) });
    const id = t.body.ticket.id as number;
    await onPeer.next(ticketChange(id));
    ben.socket.send(JSON.stringify({ type: 'presence', ticket_id: id, state: 'replying' }));
    await onPeer.next((m) => m.type === 'presence' && m.ticket_id === id && m.agents.some((a) => a.user_id === agentId && a.state === 'replying'));
    await ben.close();
    await onPeer.close();
    await peer.kill('SIGTERM');
  });
});
