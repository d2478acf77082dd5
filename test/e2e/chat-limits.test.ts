import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../db.ts';
import { CHAT_CLOSE, type VisitorServerMessage } from '../../src/shared/chat-live.ts';
import { PublicLimits } from '../../src/http/public-limits.ts';
import { CLOSE_TOO_MANY, CLOSE_VISITOR_GONE } from '../../web/src/widget/close-codes.ts';
import { startServer, type RunningServer } from '../server.ts';
import { openChatSocket } from './chat-client.ts';

// The limits on what anyone may do without signing in (src/http/public-limits.ts), on the
// real server with the limits it ships with: a network that used up its window is refused
// with nothing saved, and other actions still work.

describeEachDb('limits on the public chat endpoints', (db) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(db);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  const api = async (path: string) => {
    const r = await fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${server.token}` } });
    return { status: r.status, body: (await r.json()) as { tickets: { subject: string }[] } };
  };
  const hello = async (token?: string) => {
    const s = await openChatSocket<VisitorServerMessage>(server.baseUrl, '/api/v2/chat/visitor');
    s.send({ type: 'hello', page: { url: 'https://shop.example/', title: 'Shop' }, ...(token ? { token } : {}) });
    return s;
  };

  it('refuses offline messages beyond the window, saving nothing, and the visitor can still chat', async () => {
    const s = await hello();
    const welcome = (await s.next((m) => m.type === 'welcome')) as Extract<VisitorServerMessage, { type: 'welcome' }>;
    const max = PublicLimits.limit('chat_offline_message').points;
    for (let i = 0; i < max; i++) {
      s.send({ type: 'offline_message', name: 'Limit Tester', email: `limit${i}@e2e.test`, text: `Offline ${i}` });
      await s.next((m) => m.type === 'offline_received' && s.messages.filter((x) => x.type === 'offline_received').length === i + 1);
    }
    const before = (await api('/api/v2/tickets?per_page=100')).body.tickets.length as number;
    s.send({ type: 'offline_message', name: 'Limit Tester', email: 'limit-over@e2e.test', text: 'One too many' });
    const refused = (await s.next((m) => m.type === 'error')) as Extract<VisitorServerMessage, { type: 'error' }>;
    expect(refused.description).toMatch(/^Too many messages from your network: nothing was saved\. Try again in \d+ seconds\.$/);
    const after = await api('/api/v2/tickets?per_page=100');
    expect(after.body.tickets.length).toBe(before);
    expect(JSON.stringify(after.body)).not.toContain('One too many');
    // Chatting counts against another, larger window.
    s.send({ type: 'message', text: 'Still here' });
    await s.next((m) => m.type === 'line' && m.line.author === 'visitor');
    expect(welcome.visitor_id).toBeTruthy();
    await s.close();
  });

  it('closes a socket whose hello is over the limit with 4429, which the widget waits on', async () => {
    expect(CLOSE_TOO_MANY).toBe(CHAT_CLOSE.tooMany);
    expect(CLOSE_VISITOR_GONE).toBe(CHAT_CLOSE.visitorGone);
    const max = PublicLimits.limit('chat_hello').points;
    // One hello was spent by the test above; spend the rest, then one more.
    const open: Awaited<ReturnType<typeof hello>>[] = [];
    for (let i = 1; i < max; i++) {
      const s = await hello();
      await s.next((m) => m.type === 'welcome');
      open.push(s);
      if (open.length >= 10) await Promise.all(open.splice(0).map((x) => x.close()));
    }
    await Promise.all(open.map((x) => x.close()));
    const over = await hello();
    expect(await over.closed()).toBe(CHAT_CLOSE.tooMany);
    expect(over.messages.some((m) => m.type === 'welcome')).toBe(false);
  });

  it('answers 429 with Retry-After to files beyond the window', async () => {
    // Files are counted on their own, before the visitor's secret is even looked at.
    const max = PublicLimits.limit('chat_file').points;
    let last = 0;
    let retryAfter: string | null = null;
    for (let i = 0; i <= max; i++) {
      const r = await fetch(`${server.baseUrl}/api/v2/chat/visitor/files?filename=a.txt`, { method: 'POST', headers: { 'content-type': 'text/plain', 'x-chat-visitor-token': 'not-a-visitor' }, body: 'x' });
      last = r.status;
      retryAfter = r.headers.get('retry-after');
      await r.arrayBuffer();
    }
    expect(last).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
