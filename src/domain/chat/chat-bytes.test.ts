import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { insertChatRecord } from '../../../test/factories/chats.ts';
import { hitsUnder } from '../../../test/proof/mail-plant.ts';
import { newMarker } from '../../../test/proof/plant.ts';

// What "gone" means for chats on the embedded database (docs/erasure-proof.md): after a chat
// is deleted, its files deleted or a string redacted, the marker is in no file under the
// data directory (the database, its write-ahead log, the full-text index's pages).

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp('sqlite');
});
afterEach(() => t.close());

it('leaves no byte of a deleted chat, a deleted file or a redacted string in the SQLite files', async () => {
  const [m1, m2, m3] = [newMarker(), newMarker(), newMarker()];
  const gone = await insertChatRecord(t, { visitor: { name: `Name ${m1}` }, messages: [`text ${m1}`], pages: [`https://x.example/${m1}`], files: [{ name: `${m1}.txt`, bytes: `bytes ${m1}` }] });
  const files = await insertChatRecord(t, { messages: ['keep this'], files: [{ name: `${m2}.pdf`, bytes: `bytes ${m2}` }] });
  const redact = await insertChatRecord(t, { messages: [`call ${m3} now`] });
  await t.ctx.checkpoint?.();
  // Negative control: the markers are there before.
  for (const m of [m1, m2, m3]) expect(hitsUnder(t.store.dataDir, m).length).toBeGreaterThan(0);
  expect((await t.call('DELETE', `/api/v2/chat/chats/${gone.chatId}`)).status).toBe(204);
  expect((await t.call('DELETE', `/api/v2/chat/chats/${files.chatId}/attachments`)).status).toBe(200);
  expect((await t.call('PUT', `/api/v2/chat/chats/${redact.chatId}/redact`, { text: m3 })).status).toBe(200);
  for (const m of [m1, m2, m3]) expect(hitsUnder(t.store.dataDir, m), m).toEqual([]);
});
