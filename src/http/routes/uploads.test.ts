import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { runSweeps } from '../../jobs/sweeps.ts';

describeEachDb('uploads and attachments', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  /** POST /uploads with raw bytes, as Zendesk clients do. */
  async function upload(fileName: string | null, data: Buffer, opts: { contentType?: string; token?: string } = {}) {
    const q = new URLSearchParams();
    if (fileName !== null) q.set('filename', fileName);
    if (opts.token) q.set('token', opts.token);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v2/uploads.json?${q}`,
      headers: { authorization: t.owner.auth, 'content-type': opts.contentType ?? 'application/binary' },
      payload: data,
    });
    return { status: res.statusCode, body: JSON.parse(res.body) };
  }

  async function content(url: string) {
    const u = new URL(url);
    return t.app.inject({ method: 'GET', url: u.pathname, headers: { authorization: t.owner.auth } });
  }

  const attachmentCount = async () =>
    Number((await t.store.db.selectFrom('attachments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('stores uploads, attaches them to a comment and serves the bytes back unchanged', async () => {
    const bytes = randomBytes(70_000);
    const pdf = await upload('report.pdf', bytes);
    expect(pdf.status).toBe(201);
    expect(pdf.body.upload.token).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(pdf.body.upload.expires_at).toBe('2026-11-22T11:00:00Z');
    expect(pdf.body.upload.attachment).toMatchObject({ file_name: 'report.pdf', content_type: 'application/pdf', size: 70_000, inline: false, deleted: false });
    const png = await upload('pic.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]), { token: pdf.body.upload.token });
    expect(png.status).toBe(201);
    expect(png.body.upload.token).toBe(pdf.body.upload.token);
    expect(png.body.upload.attachments.map((a: { file_name: string }) => a.file_name)).toEqual(['report.pdf', 'pic.png']);
    const empty = await upload('empty.txt', Buffer.alloc(0), { contentType: 'text/plain; charset=UTF-8' });
    expect(empty.status).toBe(201);
    expect(empty.body.upload.attachment).toMatchObject({ size: 0, content_type: 'text/plain; charset=utf-8' });

    const requester = await t.contact();
    const r = await t.call('POST', '/api/v2/tickets', {
      ticket: { requester_id: requester, comment: { body: 'see files', uploads: [pdf.body.upload.token, empty.body.upload.token] } },
    });
    expect(r.status).toBe(201);
    const comments = (await t.call('GET', `/api/v2/tickets/${r.body.ticket.id}/comments`)).body.comments;
    const files = comments[0].attachments;
    expect(files.map((a: { file_name: string }) => a.file_name)).toEqual(['report.pdf', 'pic.png', 'empty.txt']);
    const rows = await t.store.db.selectFrom('attachments').select(['ticket_id', 'comment_id', 'upload_token']).execute();
    expect(rows.every((a) => a.ticket_id === r.body.ticket.id && a.comment_id === comments[0].id && a.upload_token === null)).toBe(true);

    const got = await content(files[0].content_url);
    expect(got.statusCode).toBe(200);
    expect(Buffer.compare(got.rawPayload, bytes)).toBe(0);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toMatch(/^attachment; filename="report.pdf"/);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    const img = await content(files[1].content_url);
    expect(img.headers['content-disposition']).toMatch(/^inline;/);
    expect(img.rawPayload.length).toBe(4);
    const zero = await content(files[2].content_url);
    expect(zero.statusCode).toBe(200);
    expect(zero.rawPayload.length).toBe(0);
    const meta = await t.call('GET', `/api/v2/attachments/${files[0].id}`);
    expect(meta.body.attachment).toEqual(files[0]);
  });

  it('keeps a JSON or SVG upload as bytes and never serves it to run in the browser', async () => {
    const json = Buffer.from('{"not": "parsed"');
    const a = await upload('data.json', json, { contentType: 'application/json' });
    expect(a.status).toBe(201);
    const svg = await upload('x.svg', Buffer.from('<svg onload="alert(1)"/>'), { contentType: 'image/svg+xml' });
    const tk = await t.call('POST', '/api/v2/tickets', {
      ticket: { requester_id: await t.contact(), comment: { body: 'x', uploads: [a.body.upload.token, svg.body.upload.token] } },
    });
    const [f1, f2] = (await t.call('GET', `/api/v2/tickets/${tk.body.ticket.id}/comments`)).body.comments[0].attachments;
    const got = await content(f1.content_url);
    expect(got.body).toBe('{"not": "parsed"');
    const s = await content(f2.content_url);
    expect(s.headers['content-disposition']).toMatch(/^attachment;/);
    expect(s.headers['content-security-policy']).toContain('sandbox');
  });

  it('uses a token once; a used, deleted, expired or unknown token is refused and changes nothing', async () => {
    const requester = await t.contact();
    const up = await upload('a.txt', Buffer.from('a'));
    const token = up.body.upload.token;
    const first = await t.call('POST', '/api/v2/tickets', { ticket: { requester_id: requester, comment: { body: 'x', uploads: [token] } } });
    expect(first.status).toBe(201);
    const before = (await t.call('GET', `/api/v2/tickets/${first.body.ticket.id}/comments`)).body;
    const reuse = await t.call('PUT', `/api/v2/tickets/${first.body.ticket.id}`, { ticket: { comment: { body: 'again', uploads: [token] } } });
    expect(reuse.status).toBe(422);
    expect(Object.keys(reuse.body.details)).toEqual(['uploads']);
    expect((await t.call('GET', `/api/v2/tickets/${first.body.ticket.id}/comments`)).body).toEqual(before);
    expect((await upload('b.txt', Buffer.from('b'), { token })).status).toBe(422);

    const doomed = (await upload('d.txt', Buffer.from('d'))).body.upload.token;
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v2/uploads/${doomed}.json`, headers: { authorization: t.owner.auth, 'content-type': 'application/json' } });
    expect(del.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v2/uploads/${doomed}`, headers: { authorization: t.owner.auth } })).statusCode).toBe(404);
    const late = (await upload('e.txt', Buffer.from('e'))).body.upload.token;
    t.clock.advance(61 * 60_000);
    const tickets = (await t.call('GET', '/api/v2/tickets')).body.count;
    for (const tok of [doomed, late]) {
      const r = await t.call('POST', '/api/v2/tickets', { ticket: { requester_id: requester, comment: { body: 'x', uploads: [tok] } } });
      expect(r.status).toBe(422);
    }
    expect((await upload('f.txt', Buffer.from('f'), { token: late })).status).toBe(422);
    expect((await t.call('GET', '/api/v2/tickets')).body.count).toBe(tickets);
  });

  it('refuses a missing or bad file name and a bad token, storing nothing', async () => {
    const before = await attachmentCount();
    expect((await upload(null, Buffer.from('x'))).status).toBe(400);
    const long = await upload('a'.repeat(256), Buffer.from('x'));
    expect(long.status).toBe(422);
    expect(Object.keys(long.body.details)).toEqual(['filename']);
    expect((await upload('bad\u0001name', Buffer.from('x'))).status).toBe(422);
    expect((await upload('x.txt', Buffer.from('x'), { token: 'no/such' })).status).toBe(400);
    expect((await upload('x.txt', Buffer.from('x'), { token: 'nosuchtoken123' })).status).toBe(422);
    expect(await attachmentCount()).toBe(before);
    const ok = await upload('../../etc/passwd.txt', Buffer.from('x'));
    expect(ok.body.upload.attachment.file_name).toBe('passwd.txt');
    expect((await t.call('GET', '/api/v2/attachments/999999')).status).toBe(404);
    expect((await t.call('GET', '/api/v2/attachments/999999/content')).status).toBe(404);
  });

  it('the sweep deletes uploads left unused for 3 days, and keeps files that became part of a comment', async () => {
    const used = (await upload('used.txt', Buffer.from('u'))).body.upload.token;
    const unused = (await upload('unused.txt', Buffer.from('n'))).body.upload;
    await t.call('POST', '/api/v2/tickets', { ticket: { requester_id: await t.contact(), comment: { body: 'x', uploads: [used] } } });
    // The token expired an hour after the upload; the file waits 3 days all the same.
    t.clock.advance(3 * 86_400_000 - 60_000);
    expect((await runSweeps(t.ctx, { dryRun: false })).lines).toEqual([]);
    t.clock.advance(2 * 60_000);
    expect((await runSweeps(t.ctx, { dryRun: false })).lines).toEqual([`deleted 1 unused uploads: ${unused.attachment.id}`]);
    expect((await t.call('GET', `/api/v2/attachments/${unused.attachment.id}`)).status).toBe(404);
    const left = await t.store.db.selectFrom('attachments').select('file_name').execute();
    expect(left.map((a) => a.file_name)).toEqual(['used.txt']);
  });

  it('refuses a file over the 50 MB body limit', async () => {
    const before = await attachmentCount();
    const r = await upload('big.bin', Buffer.alloc(50 * 1024 * 1024 + 1));
    expect(r.status).toBe(400);
    expect(await attachmentCount()).toBe(before);
  });
});
