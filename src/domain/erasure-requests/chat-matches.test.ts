import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeEachDb } from '../../../test/db.ts';
import { insertChatRecord } from '../../../test/factories/chats.ts';
import { allPages } from '../../../test/reads.ts';

// Chats in erasure requests (docs/chat.md): found, proposed, carried out, verified, through the API.

describeEachDb('erasure requests: chats', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(() => t.close());
  const ok = (r: { status: number; body: any }, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };

  it('finds her in chat messages, visitor fields, file names and linked visitors; deletes, blanks and redacts; verification passes', async () => {
    const nora = await t.contact({ name: 'Nora Quillfeather', email: 'nora.q@quill.test' });
    const linked = await insertChatRecord(t, { userId: nora, visitor: { name: 'N.' }, messages: ['hi'] });
    const named = await insertChatRecord(t, { visitor: { name: 'Nora Quillfeather' }, messages: ['a question'] });
    const said = await insertChatRecord(t, { visitor: { name: 'Sam' }, messages: ['My colleague Nora Quillfeather asked too', 'thanks'] });
    const filed = await insertChatRecord(t, { visitor: { name: 'Tom' }, messages: ['see file'], files: [{ name: 'nora-quillfeather-cv.pdf', bytes: 'CV' }] });
    const untouched = await insertChatRecord(t, { visitor: { name: 'Ulla' }, messages: ['nothing of her'] });
    const id = ok(await t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: nora } }), 201).erasure_request.id as number;
    await t.drainJobs();
    const matches = (await allPages(t, `/api/v2/erasure_requests/${id}/matches`, 'matches')).filter((m: any) => m.location === 'chat');
    const seen = matches.map((m: any) => `${m.chat_id} ${m.field} ${m.proposed_action}`);
    expect(seen).toEqual(expect.arrayContaining([
      `${linked.chatId} linked_visitor delete_chat`,
      `${named.chatId} visitor delete_chat`,
      `${said.chatId} messages redact_chat`,
      `${filed.chatId} files delete_chat_files`,
    ]));
    expect(seen.some((s: string) => s.startsWith(`${untouched.chatId} `))).toBe(false);
    ok(await t.call('PUT', `/api/v2/erasure_requests/${id}`, { erasure_request: { confirm_all: true } }));
    ok(await t.call('POST', `/api/v2/erasure_requests/${id}/execute`));
    await t.drainJobs();
    expect(ok(await t.call('GET', `/api/v2/erasure_requests/${id}`)).erasure_request.status).toBe('completed');
    const cert = ok(await t.call('GET', `/api/v2/erasure_requests/${id}/certificate`)).certificate;
    expect(cert.verification.passed).toBe(true);
    expect((await t.call('GET', `/api/v2/chat/chats/${linked.chatId}`)).status).toBe(404);
    expect((await t.call('GET', `/api/v2/chat/chats/${named.chatId}`)).status).toBe(404);
    const s = ok(await t.call('GET', `/api/v2/chat/chats/${said.chatId}`));
    expect(s.history[0].msg).toBe('My colleague ▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇ asked too');
    const f = ok(await t.call('GET', `/api/v2/chat/chats/${filed.chatId}`));
    expect(f.history.find((h: any) => h.type === 'chat.file').attachment.name).toBe('redacted.txt');
    expect(ok(await t.call('GET', `/api/v2/chat/chats/${untouched.chatId}`)).history[0].msg).toBe('nothing of her');
    const dump = JSON.stringify(await t.store.db.selectFrom('chat_messages').selectAll().execute()) + JSON.stringify(await t.store.db.selectFrom('visitors').selectAll().execute());
    expect(dump).not.toMatch(/quillfeather/i);
  });
});
