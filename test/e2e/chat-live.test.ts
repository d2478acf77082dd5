import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../db.ts';
import { startServer, type RunningServer } from '../server.ts';
import type { AgentServerMessage, VisitorServerMessage } from '../../src/shared/chat-live.ts';
import { withServerDb } from '../api-client.ts';
import { openChatSocket, type ChatClient } from './chat-client.ts';

// Live chat on the real server (docs/chat.md) with real WebSocket clients: a visitor and an
// agent chat in real time, files go both ways, a chat becomes a ticket with its transcript,
// an offline message becomes a ticket, spam senders and bad messages are refused with
// nothing written, and neither the visitor's secret nor what they wrote reaches the log.

type V = ChatClient<VisitorServerMessage>;
type A = ChatClient<AgentServerMessage>;
const PAGE = { url: 'https://shop.example/products/42', title: 'Blue kettle' };

describeEachDb('live chat on the real server', (kind) => {
  let server: RunningServer;
  let owner: Record<string, string>;
  let agent: Record<string, string>;
  let agentId: number;
  const api = async (path: string, init: RequestInit & { as?: Record<string, string> } = {}) => {
    const res = await fetch(`${server.baseUrl}/api/v2${path}`, { ...init, headers: { 'content-type': 'application/json', ...(init.as ?? owner), ...(init.headers as Record<string, string> | undefined) } });
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* bytes */
    }
    return { status: res.status, body, headers: res.headers };
  };
  const visitor = async (ua = 'KettleBrowser/1.0', base = server.baseUrl) => openChatSocket<VisitorServerMessage>(base, '/api/v2/chat/visitor', { 'user-agent': ua, origin: 'https://shop.example' });
  const agentSocket = async (base = server.baseUrl) => {
    const a = await openChatSocket<AgentServerMessage>(base, '/api/v2/chat/agent', agent);
    await a.next((m) => m.type === 'ready');
    return a;
  };
  const hello = async (v: V, token?: string) => {
    v.send({ type: 'hello', page: PAGE, ...(token ? { token } : {}) });
    return (await v.next((m) => m.type === 'welcome')) as Extract<VisitorServerMessage, { type: 'welcome' }>;
  };
  const rows = (table: string) => withServerDb(server, (db) => db.selectFrom(table).selectAll().orderBy('id').execute());

  beforeAll(async () => {
    server = await startServer(kind);
    owner = { authorization: `Bearer ${server.token}` };
    const created = await api('/users', { method: 'POST', body: JSON.stringify({ user: { name: 'Ben Agent', email: 'ben@e2e.test', role: 'agent' } }) });
    agentId = created.body.user.id;
    const token = await server.cli(['token', 'create', '--email', 'ben@e2e.test', '--data-dir', server.dataDir]);
    agent = { authorization: `Bearer ${token.stdout.trim().split('\n').pop()!.trim()}` };
  }, 60_000);
  afterAll(async () => server?.stop());

  it('greets a visitor with a token and knows them again by it, a new session each time', async () => {
    const v1 = await visitor('KettleBrowser/1.0');
    const w1 = await hello(v1);
    expect(w1.token.length).toBeGreaterThanOrEqual(40);
    expect(w1.agents_online).toBe(false);
    expect(w1.chat).toBeNull();
    await v1.close();
    const v2 = await visitor('KettleBrowser/2.0');
    const w2 = await hello(v2, w1.token);
    expect(w2.visitor_id).toBe(w1.visitor_id);
    expect(w2.token).toBe(w1.token);
    // An unknown token is a new visitor (with a new token), never an error.
    const v3 = await visitor();
    const w3 = await hello(v3, 'x'.repeat(43));
    expect(w3.visitor_id).not.toBe(w1.visitor_id);
    expect(w3.token).not.toBe('x'.repeat(43));
    await Promise.all([v2.close(), v3.close()]);
    const sessions = (await rows('visitor_sessions')).filter((s) => String(s.visitor_id) === w1.visitor_id);
    expect(sessions.map((s) => s.user_agent)).toEqual(['KettleBrowser/1.0', 'KettleBrowser/2.0']);
    expect(sessions.every((s) => s.ip === '127.0.0.1' || s.ip === '::ffff:127.0.0.1')).toBe(true);
    const pages = (await rows('visitor_pages')).filter((p) => sessions.some((s) => s.id === p.session_id));
    expect(pages.map((p) => p.url)).toEqual([PAGE.url, PAGE.url]);
    // Only the token's hash is stored.
    const visitors = await rows('visitors');
    expect(JSON.stringify(visitors)).not.toContain(w1.token);
  });
  it('runs a chat: agent online, visitor writes, agent sees it waiting, joins, lines both ways with typing, the visitor ends it', async () => {
    const ben = await agentSocket();
    const v = await visitor();
    const w = await hello(v);
    expect(w.agents_online).toBe(false);
    ben.send({ type: 'status', online: true });
    await v.next((m) => m.type === 'agents_online' && m.online);
    await ben.next((m) => m.type === 'agents_online' && m.online_agent_ids.includes(agentId));
    v.send({ type: 'identify', name: 'Vera Visitor', email: 'vera@shop.example' });
    v.send({ type: 'message', text: 'My kettle leaks CHATMARKER' });
    const opened = (await ben.next((m) => m.type === 'chat' && m.chat.status === 'waiting')) as Extract<AgentServerMessage, { type: 'chat' }>;
    const chatId = opened.chat.id;
    expect(opened.chat.visitor).toMatchObject({ id: w.visitor_id, name: 'Vera Visitor', email: 'vera@shop.example', user_agent: 'KettleBrowser/1.0' });
    expect(opened.chat.visitor.pages.map((p) => p.url)).toEqual([PAGE.url]);
    await ben.next((m) => m.type === 'line' && m.line.chat_id === chatId && m.line.author === 'visitor' && m.line.text === 'My kettle leaks CHATMARKER');
    await v.next((m) => m.type === 'line' && m.line.author === 'visitor');
    ben.send({ type: 'join', chat_id: chatId });
    await ben.next((m) => m.type === 'chat' && m.chat.id === chatId && m.chat.status === 'active' && m.chat.agent_ids.includes(agentId));
    const joined = await v.next((m) => m.type === 'line' && m.line.event === 'joined');
    expect(joined.type === 'line' && joined.line.agent_name).toBe('Ben Agent');
    await v.next((m) => m.type === 'chat' && m.chat.status === 'active');
    ben.send({ type: 'typing', chat_id: chatId, typing: true });
    await v.next((m) => m.type === 'typing' && m.typing);
    v.send({ type: 'typing', typing: true });
    await ben.next((m) => m.type === 'typing' && m.who === 'visitor' && m.chat_id === chatId);
    ben.send({ type: 'message', chat_id: chatId, text: 'Sorry to hear that! CHATMARKER' });
    const reply = await v.next((m) => m.type === 'line' && m.line.author === 'agent');
    expect(reply.type === 'line' && reply.line).toMatchObject({ text: 'Sorry to hear that! CHATMARKER', agent_id: agentId, agent_name: 'Ben Agent' });
    v.send({ type: 'end' });
    await ben.next((m) => m.type === 'chat_gone' && m.chat_id === chatId && m.reason === 'ended');
    await v.next((m) => m.type === 'chat' && m.chat.status === 'ended');
    const chat = (await rows('chats')).find((c) => String(c.id) === chatId)!;
    expect(chat).toMatchObject({ status: 'ended', agent_id: agentId });
    expect(chat.ended_at).toBeTruthy();
    const lines = (await rows('chat_messages')).filter((m) => String(m.chat_id) === chatId);
    expect(lines.map((m) => `${m.author_kind}:${m.body}`)).toEqual(['visitor:My kettle leaks CHATMARKER', 'system:joined', 'agent:Sorry to hear that! CHATMARKER', 'system:ended']);
    // Writing again opens a new chat.
    v.send({ type: 'message', text: 'One more thing' });
    const again = (await ben.next((m) => m.type === 'chat' && m.chat.status === 'waiting' && m.chat.id !== chatId)) as Extract<AgentServerMessage, { type: 'chat' }>;
    ben.send({ type: 'end', chat_id: again.chat.id });
    await v.next((m) => m.type === 'chat' && m.chat.id === again.chat.id && m.chat.status === 'ended');
    // Typing is never stored.
    expect((await rows('chat_messages')).some((m) => /typing/.test(String(m.body)))).toBe(false);
    ben.send({ type: 'status', online: false });
    await v.next((m) => m.type === 'agents_online' && !m.online);
    await Promise.all([v.close(), ben.close()]);
  });

  it('carries files both ways and reads them back only for their own side', async () => {
    const ben = await agentSocket();
    const v = await visitor();
    const w = await hello(v);
    const up = await fetch(`${server.baseUrl}/api/v2/chat/visitor/files?filename=receipt.txt`, { method: 'POST', headers: { 'x-chat-visitor-token': w.token, 'content-type': 'text/plain', origin: 'https://shop.example' }, body: 'receipt bytes' });
    expect(up.status).toBe(201);
    expect(up.headers.get('access-control-allow-origin')).toBe('*');
    const file = ((await up.json()) as any).file;
    expect(file).toMatchObject({ file_name: 'receipt.txt', size: 13, redacted: false });
    v.send({ type: 'message', text: 'Here is the receipt', file_ids: [file.id] });
    const line = (await ben.next((m) => m.type === 'line' && m.line.files.length === 1)) as Extract<AgentServerMessage, { type: 'line' }>;
    const chatId = line.line.chat_id;
    expect(line.line.files[0]!.url).toBe(`/api/v2/chat/chats/${chatId}/files/${file.id}`);
    const asAgent = await fetch(`${server.baseUrl}${line.line.files[0]!.url}`, { headers: agent });
    expect(await asAgent.text()).toBe('receipt bytes');
    // The agent sends one back.
    const back = await api(`/chat/chats/${chatId}/files?filename=label.pdf`, { method: 'POST', as: agent, headers: { 'content-type': 'application/pdf' }, body: '%PDF-label' });
    expect(back.status).toBe(201);
    ben.send({ type: 'message', chat_id: chatId, text: 'A return label', file_ids: [back.body.file.id] });
    const got = (await v.next((m) => m.type === 'line' && m.line.author === 'agent' && m.line.files.length === 1)) as Extract<VisitorServerMessage, { type: 'line' }>;
    const url = got.line.files[0]!.url;
    expect(url).toBe(`/api/v2/chat/visitor/files/${back.body.file.id}`);
    const mine = await fetch(`${server.baseUrl}${url}`, { headers: { 'x-chat-visitor-token': w.token } });
    expect(mine.status).toBe(200);
    expect(await mine.text()).toBe('%PDF-label');
    // Without the token, or with another visitor's, nothing (and nothing says it exists).
    expect((await fetch(`${server.baseUrl}${url}`)).status).toBe(401);
    const other = await visitor();
    const ow = await hello(other);
    expect((await fetch(`${server.baseUrl}${url}`, { headers: { 'x-chat-visitor-token': ow.token } })).status).toBe(404);
    // Another chat's path for the agent is a 404 too.
    expect((await api(`/chat/chats/${Number(chatId) + 1000}/files/${file.id}`, { as: agent })).status).toBe(404);
    // A file id that is not this chat's unsent file is refused, and the line is not written.
    const before = (await rows('chat_messages')).length;
    ben.send({ type: 'message', chat_id: chatId, text: 'again', file_ids: [back.body.file.id] });
    await ben.next((m) => m.type === 'error' && /Files/.test(m.description));
    expect((await rows('chat_messages')).length).toBe(before);
    await Promise.all([v.close(), other.close(), ben.close()]);
  });
});
