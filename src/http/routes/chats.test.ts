import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeEachDb } from '../../../test/db.ts';
import { insertChatRecord } from '../../../test/factories/chats.ts';

// The Chat API's records through real HTTP (docs/chat.md, "Chats as records"), on both databases.

describeEachDb('chat records', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  const rows = async (table: 'chats' | 'chat_messages' | 'chat_attachments' | 'visitors' | 'visitor_sessions' | 'visitor_pages') =>
    Number((await t.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const events = (action: string) => t.store.db.selectFrom('audit_events').selectAll().where('action', '=', action).execute();
  const importBody = (externalId: string, msg = 'My order 4711 never came') => ({
    external_id: externalId,
    visitor: { name: 'Vera Visitor', email: 'vera@example.com' },
    session: { ip: '198.51.100.4', user_agent: 'Mozilla/5.0' },
    webpath: [{ to: 'https://shop.example/cart', title: 'Cart', timestamp: '2026-11-22T09:00:00Z' }],
    history: [
      { type: 'chat.msg', msg, timestamp: '2026-11-22T09:00:01Z', external_id: `${externalId}-1` },
      { type: 'chat.msg', author: 'agent', agent_id: t.owner.id, msg: 'Let me look', timestamp: '2026-11-22T09:00:05Z', external_id: `${externalId}-2` },
    ],
    timestamp: '2026-11-22T09:00:00Z',
    end_timestamp: '2026-11-22T09:10:00Z',
  });

  it('imports a chat, shows it in Zendesk shape, lists, reads by ids, searches, exports incrementally', async () => {
    const r = await t.call('POST', '/api/v2/chat/chats', importBody('sync-1'));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ id: expect.any(String), type: 'chat', visitor: { name: 'Vera Visitor', email: 'vera@example.com' }, duration: 600, missed: false });
    expect(r.body.history.map((h: any) => h.type)).toEqual(['chat.msg', 'chat.msg']);
    expect(r.body.history[0].msg).toBe('My order 4711 never came');
    expect(r.body.webpath[0].to).toBe('https://shop.example/cart');
    expect(r.body.session.ip).toBe('198.51.100.4');
    expect(r.body.agent_ids).toEqual([String(t.owner.id)]);
    // Same again: nothing doubled.
    const again = await t.call('POST', '/api/v2/chat/chats', importBody('sync-1'));
    expect(again.status).toBe(200);
    expect(again.body.history).toHaveLength(2);
    const second = await t.call('POST', '/api/v2/chat/chats', importBody('sync-2', 'Where is parcel zebra'));
    const list = await t.call('GET', '/api/v2/chat/chats?limit=1');
    expect(list.status).toBe(200);
    expect(list.body.chats.map((c: any) => c.id)).toEqual([second.body.id]);
    expect(list.body.next_url).toContain('cursor=');
    const p2 = await t.call('GET', list.body.next_url.replace(/^https?:\/\/[^/]+/, ''));
    expect(p2.body.chats.map((c: any) => c.id)).toEqual([r.body.id]);
    expect(p2.body.next_url).toBeNull();
    const byIds = await t.call('GET', `/api/v2/chat/chats?ids=${r.body.id},${second.body.id},999`);
    expect(Object.keys(byIds.body.docs).sort()).toEqual([r.body.id, second.body.id].sort());
    const found = await t.call('GET', '/api/v2/chat/chats/search?q=zebra');
    expect(found.body.results.map((x: any) => x.id)).toEqual([second.body.id]);
    expect((await t.call('GET', '/api/v2/chat/chats/search?q=nothingsuch')).body.count).toBe(0);
    const inc = await t.call('GET', '/api/v2/chat/incremental/chats?start_time=0&limit=1');
    expect(inc.body).toMatchObject({ count: 1, end_id: r.body.id });
    expect(inc.body.next_page).toContain('cursor=');
    const inc2 = await t.call('GET', inc.body.next_page.replace(/^https?:\/\/[^/]+/, ''));
    expect(inc2.body.chats.map((c: any) => c.id)).toEqual([second.body.id]);
    expect((await t.call('GET', '/api/v2/chats/' + r.body.id)).body.id).toBe(r.body.id);
  });

  it('refuses bad input with 4xx and changes nothing', async () => {
    expect((await t.call('GET', '/api/v2/chat/chats/999')).status).toBe(404);
    expect((await t.call('GET', '/api/v2/chat/chats/abc')).status).toBe(404);
    expect((await t.call('GET', '/api/v2/chat/chats?ids=a,b')).status).toBe(400);
    expect((await t.call('GET', '/api/v2/chat/chats/search')).status).toBe(400);
    expect((await t.call('GET', '/api/v2/chat/incremental/chats')).status).toBe(400);
    expect((await t.call('GET', '/api/v2/chat/chats?cursor=nope')).status).toBe(400);
    expect((await t.call('POST', '/api/v2/chat/chats', { external_id: 'x' })).status).toBe(422);
    expect((await t.call('PUT', '/api/v2/chat/visitors/999', { name: 'X' })).status).toBe(404);
    expect((await t.call('DELETE', '/api/v2/chat/chats/999')).status).toBe(404);
    expect((await t.call('DELETE', '/api/v2/visitors/999')).status).toBe(404);
    const { chatId } = await insertChatRecord(t);
    expect((await t.call('PUT', `/api/v2/chat/chats/${chatId}`, { tags: ['two words'] })).status).toBe(422);
    expect((await t.call('PUT', `/api/v2/chat/chats/${chatId}/redact`, { text: 'not there' })).status).toBe(422);
    expect((await t.call('DELETE', `/api/v2/chat/chats/${chatId}/attachments/999`)).status).toBe(404);
    expect(await rows('chats')).toBe(1);
    expect(await rows('chat_messages')).toBe(1);
  });

  it('deletes a chat whole, its session and pages, and the visitor with their last chat; agents are refused', async () => {
    const a = await insertChatRecord(t, { messages: ['first chat uniqueword1'], pages: ['https://a.example/'], files: [{ name: 'f.txt', bytes: 'abc' }] });
    const b = await insertChatRecord(t, { visitorId: a.visitorId, messages: ['second chat'], pages: ['https://b.example/'] });
    const agent = await t.staff('agent', { can_delete_tickets: true });
    const refused = await t.call('DELETE', `/api/v2/chat/chats/${a.chatId}`, undefined, agent);
    expect(refused.status).toBe(403);
    expect(await rows('chats')).toBe(2);
    expect((await t.call('DELETE', `/api/v2/chat/chats/${a.chatId}`)).status).toBe(204);
    expect(await rows('chats')).toBe(1);
    expect(await rows('chat_attachments')).toBe(0);
    expect(await rows('visitor_sessions')).toBe(1);
    expect(await rows('visitor_pages')).toBe(1);
    expect(await rows('visitors')).toBe(1);
    expect((await t.call('GET', '/api/v2/chat/chats/search?q=uniqueword1')).body.count).toBe(0);
    expect((await t.call('GET', `/api/v2/chat/visitors/${a.visitorId}`)).status).toBe(200);
    expect((await t.call('DELETE', `/api/v2/chats/${b.chatId}`)).status).toBe(204);
    expect(await rows('visitors')).toBe(0);
    expect(await rows('visitor_sessions')).toBe(0);
    expect(await rows('visitor_pages')).toBe(0);
    expect((await events('chat.deleted')).map((e) => e.subject_id)).toEqual([a.chatId, b.chatId]);
    const v = await events('visitor.deleted');
    expect(v).toHaveLength(1);
    expect(v[0]!.details).not.toContain('uniqueword1');
  });

  it('deletes a visitor with every chat (admins)', async () => {
    const a = await insertChatRecord(t, { messages: ['one'] });
    await insertChatRecord(t, { visitorId: a.visitorId, messages: ['two'] });
    const other = await insertChatRecord(t, { messages: ['keep me'] });
    const agent = await t.staff('agent', { can_delete_tickets: true });
    expect((await t.call('DELETE', `/api/v2/visitors/${a.visitorId}`, undefined, agent)).status).toBe(403);
    expect(await rows('chats')).toBe(3);
    expect((await t.call('DELETE', `/api/v2/visitors/${a.visitorId}`)).status).toBe(204);
    expect(await rows('chats')).toBe(1);
    expect((await t.call('GET', `/api/v2/chat/chats/${other.chatId}`)).status).toBe(200);
    expect((await t.call('GET', `/api/v2/visitors/${a.visitorId}`)).status).toBe(404);
  });

  it('a deleted chat cannot be imported again', async () => {
    const r = await t.call('POST', '/api/v2/chat/chats', importBody('gone-1'));
    expect((await t.call('DELETE', `/api/v2/chat/chats/${r.body.id}`)).status).toBe(204);
    const hashes = await t.store.db.selectFrom('deleted_chat_external_ids').selectAll().execute();
    expect(hashes).toHaveLength(1);
    expect(hashes[0]!.external_id_hash).toMatch(/^[0-9a-f]{64}$/);
    const back = await t.call('POST', '/api/v2/chat/chats', importBody('gone-1'));
    expect(back.status).toBe(409);
    expect(await rows('chats')).toBe(0);
    expect(await rows('chat_messages')).toBe(0);
    // Negative control: another external id imports.
    expect((await t.call('POST', '/api/v2/chat/chats', importBody('gone-2'))).status).toBe(201);
  });

  it('deletes only the files (redacted.txt placeholders): deleters yes, plain agents no', async () => {
    const a = await insertChatRecord(t, { files: [{ name: 'passport.jpg', bytes: 'SECRETBYTES' }, { name: 'bill.pdf', bytes: 'MORE' }] });
    const plain = await t.staff('agent');
    expect((await t.call('DELETE', `/api/v2/chat/chats/${a.chatId}/attachments`, undefined, plain)).status).toBe(403);
    const deleter = await t.staff('agent', { can_delete_tickets: true });
    const one = await t.call('DELETE', `/api/v2/chats/${a.chatId}/attachments/${a.fileIds[0]}`, undefined, deleter);
    expect(one.status).toBe(200);
    const file = one.body.history.find((h: any) => h.type === 'chat.file' && h.id === a.fileIds[0]);
    expect(file.attachment).toMatchObject({ name: 'redacted.txt', size: 0, redacted: true, url: null });
    const all = await t.call('DELETE', `/api/v2/chat/chats/${a.chatId}/attachments`, undefined, deleter);
    expect(all.status).toBe(200);
    const stored = await t.store.db.selectFrom('chat_attachments').selectAll().execute();
    expect(stored.map((f) => [f.file_name, f.size, f.redacted, Buffer.from(f.data).length])).toEqual([
      ['redacted.txt', 0, 1, 0],
      ['redacted.txt', 0, 1, 0],
    ]);
    const ev = await events('chat.files_deleted');
    expect(ev.map((e) => JSON.parse(e.details).files)).toEqual([1, 1]);
    expect((await t.call('GET', `/api/v2/chat/chats/${a.chatId}/attachments/${a.fileIds[0]}/content`)).status).toBe(404);
  });

  it('redacts a string in a chat (▇ for every character) and through the search index', async () => {
    const a = await insertChatRecord(t, { messages: ['Call me at 555 0199 please', 'again: 555  0199'] });
    const plain = await t.staff('agent');
    expect((await t.call('PUT', `/api/v2/chat/chats/${a.chatId}/redact`, { text: '555 0199' }, plain)).status).toBe(403);
    const r = await t.call('PUT', `/api/v2/chat/chats/${a.chatId}/redact`, { text: '555 0199' });
    expect(r.status).toBe(200);
    expect(r.body.history[0].msg).toBe('Call me at ▇▇▇▇▇▇▇▇ please');
    expect(r.body.history[1].msg).toBe('again: ▇▇▇▇▇▇▇▇▇');
    expect((await t.call('GET', '/api/v2/chat/chats/search?q=0199')).body.count).toBe(0);
    const ev = await events('chat.redacted');
    expect(JSON.parse(ev[0]!.details)).toMatchObject({ chat_id: a.chatId, messages: 2, occurrences: 2 });
    expect(ev[0]!.details).not.toContain('0199');
  });

  it('Zendesk chat_redactions and chat_file_redactions on a chat that became a ticket, transcript included', async () => {
    const requester = await t.contact();
    const tk = await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Chat', requester_id: requester, comment: { body: 'Visitor: My card is 4111 1111\nAgent: ok' } } });
    const ticketId = tk.body.ticket.id;
    const a = await insertChatRecord(t, { ticketId, messages: ['My card is 4111 1111'], files: [{ name: 'card.png', bytes: 'PNG' }] });
    const bad = await t.call('PUT', `/api/v2/chat_redactions/${ticketId}`, { chat_id: String(a.chatId), chat_index: 0, text: 'Something else <redact>x</redact>' });
    expect(bad.status).toBe(422);
    const r = await t.call('PUT', `/api/v2/chat_redactions/${ticketId}`, { chat_id: String(a.chatId), chat_index: 0, text: 'My card is <redact>4111 1111</redact>' });
    expect(r.status).toBe(200);
    expect(r.body.chat.history[0].msg).toBe('My card is ▇▇▇▇▇▇▇▇▇');
    const comments = await t.call('GET', `/api/v2/tickets/${ticketId}/comments`);
    expect(comments.body.comments[0].plain_body).not.toContain('4111');
    expect(comments.body.comments[0].plain_body).toContain('▇▇▇▇');
    // chat_index 1 is the file (right after its message).
    const notFile = await t.call('PUT', `/api/v2/chat_file_redactions/${ticketId}`, { chat_id: String(a.chatId), chat_indexes: [0] });
    expect(notFile.status).toBe(422);
    const f = await t.call('PUT', `/api/v2/chat_file_redactions/${ticketId}`, { chat_id: String(a.chatId), chat_indexes: [1] });
    expect(f.status).toBe(200);
    expect(f.body.chat.history[1].attachment).toMatchObject({ name: 'redacted.txt', size: 0 });
    expect((await t.call('PUT', `/api/v2/chat_file_redactions/${ticketId + 1}`, { chat_id: String(a.chatId), chat_indexes: [1] })).status).toBe(404);
  });

  it('updates tags and visitor; links a visitor to a contact; visitors survive the contact being soft-deleted, and go when she is erased', async () => {
    const userId = await t.contact({ name: 'Pia Person', email: 'pia@example.com' });
    const a = await insertChatRecord(t, { messages: ['hi from pia'] });
    const u = await t.call('PUT', `/api/v2/chat/chats/${a.chatId}`, { tags: ['VIP', 'refund'], visitor: { notes: 'prefers mail' } });
    expect(u.body).toMatchObject({ tags: ['vip', 'refund'], visitor: { notes: 'prefers mail' } });
    const agent = await t.staff('agent');
    const link = await t.call('PUT', `/api/v2/chat/visitors/${a.visitorId}`, { email: 'pia@example.com' }, agent);
    expect(link.body.user_id).toBe(userId);
    expect((await t.call('PUT', `/api/v2/chat/visitors/${a.visitorId}`, { user_id: agent.id })).status).toBe(422);
    const created = await t.call('POST', '/api/v2/chat/visitors', { name: 'New One', user_id: userId });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), user_id: userId });
    const other = await insertChatRecord(t, { messages: ['someone else'] });
    expect((await t.call('DELETE', `/api/v2/users/${userId}`)).status).toBe(200);
    expect(await rows('visitors')).toBe(3);
    expect((await t.call('GET', `/api/v2/chat/chats/${a.chatId}`)).status).toBe(200);
    expect((await t.call('DELETE', `/api/v2/deleted_users/${userId}`)).status).toBeLessThan(300);
    await t.drainJobs();
    expect((await t.call('GET', `/api/v2/chat/chats/${a.chatId}`)).status).toBe(404);
    expect((await t.call('GET', `/api/v2/chat/visitors/${a.visitorId}`)).status).toBe(404);
    expect((await t.call('GET', `/api/v2/chat/visitors/${created.body.id}`)).status).toBe(404);
    expect((await t.call('GET', `/api/v2/chat/chats/${other.chatId}`)).status).toBe(200);
  });

  it('the right-of-access export holds her visitor profiles, sessions, pages, chats and file metadata, and no one else\'s', async () => {
    const userId = await t.contact({ name: 'Ella Export', email: 'ella@example.com' });
    const a = await insertChatRecord(t, { userId, visitor: { name: 'Ella', email: 'ella@example.com' }, messages: ['Ella writes here'], pages: ['https://shop.example/ella'], files: [{ name: 'ella.pdf', bytes: 'PDFBYTES' }] });
    await insertChatRecord(t, { messages: ['Someone else entirely'] });
    const r = await t.call('GET', `/api/v2/users/${userId}/export.json`);
    expect(r.status).toBe(200);
    const x = r.body.user_export;
    expect(x.chat_visitors).toHaveLength(1);
    const [v] = x.chat_visitors;
    expect(v).toMatchObject({ id: a.visitorId, name: 'Ella', email: 'ella@example.com' });
    expect(v.sessions[0]).toMatchObject({ ip: '203.0.113.7', user_agent: 'Mozilla/5.0 TestBrowser', pages: [{ url: 'https://shop.example/ella' }] });
    expect(v.chats[0].messages).toMatchObject([{ from: 'you', text: 'Ella writes here' }]);
    expect(v.chats[0].files).toMatchObject([{ file_name: 'ella.pdf', size: 8 }]);
    expect(JSON.stringify(r.body)).not.toContain('Someone else entirely');
    expect(JSON.stringify(r.body)).not.toContain('PDFBYTES');
    expect(x.satisfaction_ratings).toEqual([]);
  });
});
