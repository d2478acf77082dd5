import { afterAll, beforeAll, it } from 'vitest';
import { describeEachDb } from '../db.ts';
import { startServer, type PeerServer, type RunningServer } from '../server.ts';
import type { AgentServerMessage, VisitorServerMessage } from '../../src/shared/chat-live.ts';
import { withServerDb } from '../api-client.ts';
import { openChatSocket } from './chat-client.ts';

// Live chat across servers on one PostgreSQL (docs/chat.md, "Several servers"): a visitor on
// one server and an agent on another chat in real time, and the agent's being online is seen
// by the visitor's server; a chat deleted (the audit event chat.deleted, on any server) is
// dropped from open sockets.

const PAGE = { url: 'https://shop.example/', title: 'Shop' };

describeEachDb('live chat between servers and on deletion', (kind) => {
  let server: RunningServer;
  let peer: PeerServer | null = null;
  let agent: Record<string, string>;

  beforeAll(async () => {
    server = await startServer(kind);
    const owner = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
    await fetch(`${server.baseUrl}/api/v2/users`, { method: 'POST', headers: owner, body: JSON.stringify({ user: { name: 'Ada Agent', email: 'ada@e2e.test', role: 'agent' } }) });
    const token = await server.cli(['token', 'create', '--email', 'ada@e2e.test', '--data-dir', server.dataDir]);
    agent = { authorization: `Bearer ${token.stdout.trim().split('\n').pop()!.trim()}` };
    if (kind === 'postgres') peer = await server.peer();
  }, 60_000);
  afterAll(async () => server?.stop());

  it('lets a visitor on one server chat with an agent on another (PostgreSQL)', async (t) => {
    if (!peer) return t.skip();
    const ada = await openChatSocket<AgentServerMessage>(peer.baseUrl, '/api/v2/chat/agent', agent);
    await ada.next((m) => m.type === 'ready');
    const v = await openChatSocket<VisitorServerMessage>(server.baseUrl, '/api/v2/chat/visitor');
    v.send({ type: 'hello', page: PAGE });
    await v.next((m) => m.type === 'welcome');
    ada.send({ type: 'status', online: true });
    // Online on server B is seen by the visitor on server A.
    await v.next((m) => m.type === 'agents_online' && m.online);
    v.send({ type: 'message', text: 'Hello from server A' });
    const line = (await ada.next((m) => m.type === 'line' && m.line.text === 'Hello from server A')) as Extract<AgentServerMessage, { type: 'line' }>;
    ada.send({ type: 'join', chat_id: line.line.chat_id });
    ada.send({ type: 'message', chat_id: line.line.chat_id, text: 'Hello from server B' });
    await v.next((m) => m.type === 'line' && m.line.text === 'Hello from server B');
    ada.send({ type: 'typing', chat_id: line.line.chat_id, typing: true });
    await v.next((m) => m.type === 'typing' && m.typing);
    // The agent's socket closing on B takes them offline on A.
    await ada.close();
    await v.next((m) => m.type === 'agents_online' && !m.online);
    await v.close();
  });

  it('drops a deleted chat from open sockets when the chat.deleted event is heard', async () => {
    const ada = await openChatSocket<AgentServerMessage>(peer?.baseUrl ?? server.baseUrl, '/api/v2/chat/agent', agent);
    await ada.next((m) => m.type === 'ready');
    const v = await openChatSocket<VisitorServerMessage>(server.baseUrl, '/api/v2/chat/visitor');
    v.send({ type: 'hello', page: PAGE });
    await v.next((m) => m.type === 'welcome');
    v.send({ type: 'message', text: 'Delete me' });
    const line = (await ada.next((m) => m.type === 'line' && m.line.text === 'Delete me')) as Extract<AgentServerMessage, { type: 'line' }>;
    const chatId = Number(line.line.chat_id);
    // What chat-records' delete-chat writes, as the feed hears it (the rows themselves stay here).
    await withServerDb(server, (db) =>
      db.insertInto('audit_events').values({ actor_id: null, action: 'chat.deleted', subject_type: 'chat', subject_id: chatId, details: '{}', job_id: null, created_at: new Date().toISOString() }).execute(),
    );
    await ada.next((m) => m.type === 'chat_gone' && m.chat_id === String(chatId) && m.reason === 'deleted');
    await v.next((m) => m.type === 'chat_deleted');
    await Promise.all([ada.close(), v.close()]);
  });
});
