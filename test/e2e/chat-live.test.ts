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
  }, 120_000);
  afterAll(async () => server?.stop());

  it('greets a visitor with a token and knows them again by it, a new session each time', async () => {
    // No proxy is trusted here: a forwarded address is ignored (chat-servers.test.ts trusts one).
    const v1 = await openChatSocket<VisitorServerMessage>(server.baseUrl, '/api/v2/chat/visitor', { 'user-agent': 'KettleBrowser/1.0', 'x-forwarded-for': '203.0.113.7' });
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
    // The chat the upload opened belongs to the visit it came from, as one a message opens does.
    const chatRow = (await rows('chats')).find((c: any) => String(c.id) === chatId) as any;
    const visits = (await rows('visitor_sessions')).filter((x: any) => x.visitor_id === Number(w.visitor_id));
    expect(chatRow.session_id).toBe(visits[visits.length - 1]!.id);
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
  it('turns a chat into a ticket: the transcript as its first comment, the files attached, once only', async () => {
    const ben = await agentSocket();
    const v = await visitor();
    const w = await hello(v);
    v.send({ type: 'identify', name: 'Tom Teapot', email: 'tom@shop.example' });
    const up = await fetch(`${server.baseUrl}/api/v2/chat/visitor/files?filename=photo.png`, { method: 'POST', headers: { 'x-chat-visitor-token': w.token, 'content-type': 'image/png' }, body: 'PNGDATA' });
    const file = ((await up.json()) as any).file;
    v.send({ type: 'message', text: 'The lid is cracked', file_ids: [file.id] });
    const line = (await ben.next((m) => m.type === 'line' && m.line.text === 'The lid is cracked')) as Extract<AgentServerMessage, { type: 'line' }>;
    const chatId = line.line.chat_id;
    ben.send({ type: 'message', chat_id: chatId, text: 'We will send a new one' });
    await v.next((m) => m.type === 'line' && m.line.author === 'agent');
    const made = await api(`/chat/chats/${chatId}/ticket`, { method: 'POST', as: agent });
    expect(made.status).toBe(201);
    const ticketId = made.body.chat.ticket_id as number;
    await ben.next((m) => m.type === 'chat' && m.chat.id === chatId && m.chat.ticket_id === ticketId);
    const ticket = (await api(`/tickets/${ticketId}`)).body.ticket;
    expect(ticket.via.channel).toBe('chat');
    const requester = (await api(`/users/${ticket.requester_id}`)).body.user;
    expect(requester).toMatchObject({ name: 'Tom Teapot', email: 'tom@shop.example' });
    const comments = (await api(`/tickets/${ticketId}/comments`)).body.comments;
    expect(comments).toHaveLength(1);
    const lines = (comments[0].plain_body as string).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\(\d\d:\d\d:\d\d\) Tom Teapot: The lid is cracked \[photo\.png\]$/);
    expect(lines[1]).toMatch(/^\(\d\d:\d\d:\d\d\) Ben Agent: We will send a new one$/);
    expect(comments[0].attachments.map((a: any) => a.file_name)).toEqual(['photo.png']);
    expect(comments[0].author_id).toBe(ticket.requester_id);
    // A second time is refused, and no second ticket is made.
    const count = (await api('/tickets')).body.tickets.length;
    const twice = await api(`/chat/chats/${chatId}/ticket`, { method: 'POST', as: agent });
    expect(twice.status).toBe(422);
    expect((await api('/tickets')).body.tickets.length).toBe(count);
    // The visitor is now linked to the requester.
    const vrow = (await rows('visitors')).find((r) => String(r.id) === w.visitor_id)!;
    expect(vrow.user_id).toBe(ticket.requester_id);
    await Promise.all([v.close(), ben.close()]);
  });

  it('a chat of a visitor who gave no email becomes a ticket of a new contact named after them', async () => {
    const ben = await agentSocket();
    const v = await visitor();
    await hello(v);
    v.send({ type: 'message', text: 'Anonymous question' });
    const line = (await ben.next((m) => m.type === 'line' && m.line.text === 'Anonymous question')) as Extract<AgentServerMessage, { type: 'line' }>;
    // Two agents convert it at the same moment: one ticket and one new contact, not two.
    const tickets = (await api('/tickets')).body.tickets.length;
    const visitors = (await rows('users')).filter((u) => /^Visitor \d+$/.test(String(u.name))).length;
    const both = await Promise.all([1, 2].map(() => api(`/chat/chats/${line.line.chat_id}/ticket`, { method: 'POST', as: agent })));
    expect(both.map((r) => r.status).sort()).toEqual([201, 422]);
    const made = both.find((r) => r.status === 201)!;
    expect((await api('/tickets')).body.tickets.length).toBe(tickets + 1);
    expect((await rows('users')).filter((u) => /^Visitor \d+$/.test(String(u.name))).length).toBe(visitors + 1);
    const ticket = (await api(`/tickets/${made.body.chat.ticket_id}`)).body.ticket;
    const requester = (await api(`/users/${ticket.requester_id}`)).body.user;
    expect(requester.name).toMatch(/^Visitor \d+$/);
    expect(requester.email).toBeNull();
    await Promise.all([v.close(), ben.close()]);
  });

  it('takes an offline message as a ticket from that contact, and refuses a suspended contact, writing nothing', async () => {
    const v = await visitor();
    const w = await hello(v);
    expect(w.agents_online).toBe(false);
    const before = (await api('/tickets')).body.tickets.length;
    v.send({ type: 'offline_message', name: 'Olga Offline', email: 'olga@shop.example', text: 'Call me back OFFLINEMARKER' });
    await v.next((m) => m.type === 'offline_received');
    const tickets = (await api('/tickets')).body.tickets;
    expect(tickets.length).toBe(before + 1);
    const t = tickets.find((x: any) => x.subject === 'Offline message from Olga Offline');
    expect(t.via.channel).toBe('chat');
    const requester = (await api(`/users/${t.requester_id}`)).body.user;
    expect(requester).toMatchObject({ name: 'Olga Offline', email: 'olga@shop.example' });
    expect((await api(`/tickets/${t.id}/comments`)).body.comments[0].plain_body).toBe('Call me back OFFLINEMARKER');
    expect((await rows('visitors')).find((r) => String(r.id) === w.visitor_id)!.user_id).toBe(t.requester_id);

    // A spam sender, suspended: neither an offline ticket nor a chat.
    const spam = await api('/users', { method: 'POST', body: JSON.stringify({ user: { name: 'Sam Spam', email: 'sam@spam.example' } }) });
    expect((await api(`/users/${spam.body.user.id}`, { method: 'PUT', body: JSON.stringify({ user: { suspended: true } }) })).status).toBe(200);
    const s = await visitor();
    await hello(s);
    const counts = async () => [(await api('/tickets')).body.tickets.length, (await rows('chats')).length, (await rows('chat_messages')).length];
    const was = await counts();
    s.send({ type: 'offline_message', name: 'Sam', email: 'SAM@spam.example', text: 'Buy now' });
    await s.next((m) => m.type === 'error');
    s.send({ type: 'identify', email: 'sam@spam.example' });
    s.send({ type: 'message', text: 'Buy now' });
    await s.next((m) => m.type === 'error' && m !== s.messages.find((x) => x.type === 'error'));
    expect(await counts()).toEqual(was);
    expect(s.messages.some((m) => m.type === 'offline_received' || m.type === 'line')).toBe(false);
    await Promise.all([v.close(), s.close()]);
  });

  it('answers bad messages with errors (or closes before hello), writing nothing and staying up', async () => {
    const v = await visitor();
    // Before hello, anything else closes the socket.
    v.send({ type: 'message', text: 'hi' });
    expect(await v.closed()).toBe(4400);
    const v2 = await visitor();
    v2.send('not json');
    expect(await v2.closed()).toBe(4400);
    const ok = await visitor();
    await hello(ok);
    const ben = await agentSocket();
    const was = [(await rows('chats')).length, (await rows('chat_messages')).length];
    const bad = ['{', '[]', '{"type":"message"}', '{"type":"message","text":"   "}', JSON.stringify({ type: 'message', text: 'x'.repeat(4001) }), '{"type":"nope"}', '{"type":"message","text":"nul \\u0000 here"}', '{"type":"hello","page":{"url":"not a url"}}'];
    for (const b of bad) ok.send(b);
    for (const b of ['{"type":"join","chat_id":"abc"}', '{"type":"join","chat_id":"999999"}', '{"type":"message","chat_id":"1"}', '{"type":"end","chat_id":"-1"}', 'null']) ben.send(b);
    await ok.next(() => ok.messages.filter((m) => m.type === 'error').length >= bad.length);
    await ben.next(() => ben.messages.filter((m) => m.type === 'error').length >= 5);
    expect([(await rows('chats')).length, (await rows('chat_messages')).length]).toEqual(was);
    // A frame over the limit closes the socket; the server goes on.
    const big = await visitor();
    big.send('x'.repeat(64 * 1024));
    expect(await big.closed()).toBe(1009);
    ok.send({ type: 'ping' });
    await ok.next((m) => m.type === 'pong');
    // A plain GET is told what it is; the agent socket is staff only and this server's pages only.
    expect((await api('/chat/visitor', { as: {} })).status).toBe(400);
    await expect(openChatSocket(server.baseUrl, '/api/v2/chat/agent')).rejects.toThrow(/401/);
    await expect(openChatSocket(server.baseUrl, '/api/v2/chat/agent', { ...agent, origin: 'https://evil.example' })).rejects.toThrow(/403/);
    await Promise.all([ok.close(), ben.close()]);
  });

  it('never writes the visitor token or what anyone wrote to the log', async () => {
    const out = server.output();
    expect(out).not.toMatch(/CHATMARKER|OFFLINEMARKER|Tom Teapot|vera@shop/);
    const tokens = (await rows('visitors')).length;
    expect(tokens).toBeGreaterThan(3);
    // Negative control: a token a test sent is known, and absent.
    const v = await visitor();
    const w = await hello(v);
    await v.close();
    expect(server.output()).not.toContain(w.token);
  });
});
