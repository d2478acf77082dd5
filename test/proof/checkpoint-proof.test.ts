import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.ts';
import { hitsOnDisk, newMarker } from './plant.ts';

// The checkpoint after each removal is the product's, not the test's: with SQLite's own
// automatic checkpoint off and no checkpoint by the test, a permanent ticket delete, a string
// redaction and an attachment redaction each leave the marker in no byte of the data
// directory — and stubbing the product's checkpoint out leaves it there. (The contact
// erasure's checkpoint is held the same way by erasure-proof.test.ts.)

type Removal = 'erase ticket' | 'redact string' | 'redact attachment';

describe('the checkpoint after every removal [sqlite]', () => {
  let t: TestApp;
  let m: string;
  beforeEach(async () => {
    t = await createTestApp('sqlite');
    m = newMarker();
    // Nothing but the product copies the log back: the test checkpoints nothing either.
    await sql`pragma wal_autocheckpoint = 0`.execute(t.store.db);
  });
  afterEach(async () => {
    await t.close();
  });

  /** A ticket whose comment and attachment carry the marker, on disk (in the log or the database file). */
  async function plant(): Promise<{ ticketId: number; commentId: number; attachmentId: number }> {
    const requester = await t.contact();
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/v2/uploads?filename=${m}.txt`,
      headers: { authorization: t.owner.auth, 'content-type': 'text/plain' },
      payload: Buffer.from(`bytes of ${m}`),
    });
    expect(up.statusCode).toBe(201);
    const token = JSON.parse(up.body).upload.token;
    const r = await t.call('POST', '/api/v2/tickets', {
      ticket: { subject: 'Help', requester_id: requester, comment: { body: `I am ${m}.`, uploads: [token] } },
    });
    expect(r.status).toBe(201);
    const comments = (await t.call('GET', `/api/v2/tickets/${r.body.ticket.id}/comments`)).body.comments;
    expect(hitsOnDisk(t.store.dataDir, m).length).toBeGreaterThan(0);
    return { ticketId: r.body.ticket.id, commentId: comments[0].id, attachmentId: comments[0].attachments[0].id };
  }

  async function remove(what: Removal, p: { ticketId: number; commentId: number; attachmentId: number }): Promise<void> {
    if (what === 'erase ticket') {
      expect((await t.call('DELETE', `/api/v2/tickets/${p.ticketId}`)).status).toBe(204);
      expect((await t.call('DELETE', `/api/v2/deleted_tickets/${p.ticketId}`)).status).toBe(200);
      await t.drainJobs();
    } else if (what === 'redact string') {
      expect((await t.call('PUT', `/api/v2/tickets/${p.ticketId}/comments/${p.commentId}/redact`, { text: m })).status).toBe(200);
    } else {
      const r = await t.call('PUT', `/api/v2/tickets/${p.ticketId}/comments/${p.commentId}/attachments/${p.attachmentId}/redact`);
      expect(r.status).toBe(200);
    }
  }

  const where: Record<Removal, (p: { ticketId: number; commentId: number; attachmentId: number }) => Promise<number>> = {
    // The whole ticket goes: the marker is nowhere.
    'erase ticket': async () => hitsOnDisk(t.store.dataDir, m).length,
    // Only the comment's text goes: look for what was in it (the attachment keeps its name).
    'redact string': async () => hitsOnDisk(t.store.dataDir, `I am ${m}`).length,
    'redact attachment': async () => hitsOnDisk(t.store.dataDir, `bytes of ${m}`).length,
  };

  for (const what of ['erase ticket', 'redact string', 'redact attachment'] as const) {
    it(`${what}: the product's checkpoint takes the removed bytes out of every file`, async () => {
      const p = await plant();
      await remove(what, p);
      expect(await where[what](p)).toBe(0);
    });

    it(`${what}: without that checkpoint the removed bytes stay on disk`, async () => {
      const p = await plant();
      const none = async () => ({ busy: false });
      t.store.checkpoint = none;
      t.ctx.checkpoint = none;
      await remove(what, p);
      expect(await where[what](p)).toBeGreaterThan(0);
    });
  }
});
