import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { createTestApp, type TestApp } from '../app.ts';
import { dbKinds, type DbKind } from '../db.ts';
import { multipart } from '../factories/help-centre.ts';
import { hitsUnder } from './mail-plant.ts';
import { newMarker } from './plant.ts';
import { markerInAnyColumn } from './scan-columns.ts';

// Deleting an article forever, to the byte (docs/help-centre.md, docs/erasure-proof.md): ONE
// unique marker is planted in an old revision of a non-source translation (the text a save
// replaced: title, body and indexed text), in an article attachment's bytes and name (shown
// inline in that old body), and in an article comment (a row written directly: comments are
// the community's API). The requests go through a server with a real logger at debug level.
// After DELETE /help_center/articles/{id} (archive) and DELETE /help_center/archived_articles/{id}
// the marker is in no column of any table, no byte of any SQLite file (the database, its
// write-ahead log, the full-text shadow tables) and no log line; the public file URL is 404.
// Negative controls: before, every planted place holds it and the files do; archiving alone
// keeps all of it.

const PLANTED = [
  'hc_article_attachments.data',
  'hc_article_attachments.file_name',
  'hc_article_comments.body',
  'hc_revisions.body',
  'hc_revisions.search_text',
  'hc_revisions.title',
];

for (const kind of dbKinds) proofFor(kind);

function proofFor(kind: DbKind) {
  describe(`deleting an article forever leaves no byte of it [${kind}]`, () => {
    let t: TestApp;
    let app: FastifyInstance;
    let log: string;
    let m: string;
    beforeEach(async () => {
      t = await createTestApp(kind);
      if (kind === 'sqlite') await sql`pragma wal_autocheckpoint = 0`.execute(t.store.db);
      log = '';
      const stream = new Writable({ write: (c, _e, cb) => ((log += c.toString()), cb()) });
      app = await buildApp({ store: t.store, now: t.clock.now, logger: { level: 'debug', stream: { write: (line) => void stream.write(line) } } });
      m = newMarker();
    });
    afterEach(async () => {
      await app.close();
      await t.close();
    });

    const send = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
      const opts: InjectOptions = { method: method as InjectOptions['method'], url, headers: { authorization: t.owner.auth, ...headers } };
      if (Buffer.isBuffer(body)) opts.payload = body;
      else if (body !== undefined) {
        opts.headers!['content-type'] = 'application/json';
        opts.payload = JSON.stringify(body);
      }
      const r = await app.inject(opts);
      return { status: r.statusCode, body: r.headers['content-type']?.toString().includes('json') && r.body ? JSON.parse(r.body) : r.body };
    };
    const ok = async (p: Promise<{ status: number; body: any }>, status = 200) => {
      const r = await p;
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      return r.body;
    };
    const columns = () => markerInAnyColumn(t.store.db, kind === 'postgres' ? t.store.pgSchema! : null, m);
    // Only the product checkpoints (SQLite's automatic checkpoint is off): the log is scanned as it is.
    const files = async () => (kind === 'sqlite' ? hitsUnder(t.store.dataDir, m) : []);

    async function plant(): Promise<{ articleId: number; fileUrl: string; keptId: number }> {
      const cat = await ok(send('POST', '/api/v2/help_center/categories', { category: { name: 'Guides' } }), 201);
      const sec = await ok(send('POST', `/api/v2/help_center/categories/${cat.category.id}/sections`, { section: { name: 'Setup' } }), 201);
      const art = await ok(send('POST', `/api/v2/help_center/sections/${sec.section.id}/articles`, { article: { title: 'Installing', body: '<p>Step one</p>' } }), 201);
      const id = art.article.id as number;
      const form = await multipart({ file: { name: `${m}.png`, type: 'image/png', bytes: `PNG bytes of ${m}` }, inline: 'true' });
      const att = await ok(send('POST', `/api/v2/help_center/articles/${id}/attachments`, form.payload, { 'content-type': form.contentType }), 201);
      const fileUrl = att.article_attachment.relative_path as string;
      // The French translation once named the marker and showed the image; a later save replaced that text.
      await ok(send('POST', `/api/v2/help_center/articles/${id}/translations`, { translation: { locale: 'fr', title: `Installer ${m}`, body: `<p>Merci ${m}</p><img src="${fileUrl}">` } }), 201);
      await ok(send('PUT', `/api/v2/help_center/articles/${id}/translations/fr`, { translation: { title: 'Installer', body: `<p>Merci</p><img src="${fileUrl}">` } }));
      const reader = await t.contact({ name: 'Rita Reader' });
      const now = t.clock.now().toISOString();
      await t.store.db.insertInto('hc_article_comments').values({ article_id: id, author_id: reader, locale: 'en-us', body: `Thanks from ${m}`, created_at: now, updated_at: now }).execute();
      await t.store.db.insertInto('hc_votes').values({ item_type: 'article', item_id: id, user_id: reader, value: 1, created_at: now, updated_at: now }).execute();
      // Anyone reads a published article's image; the revision is the staff's.
      const pub = await app.inject({ method: 'GET', url: fileUrl });
      expect(pub.statusCode).toBe(200);
      expect(pub.body).toBe(`PNG bytes of ${m}`);
      const revs = await ok(send('GET', `/api/v2/help_center/articles/${id}/revisions?locale=fr`));
      expect(revs.revisions[0].title).toBe(`Installer ${m}`);
      // Another article, untouched by the deletion.
      const kept = await ok(send('POST', `/api/v2/help_center/sections/${sec.section.id}/articles`, { article: { title: 'Kept', body: '<p>Other</p>' } }), 201);
      return { articleId: id, fileUrl, keptId: kept.article.id };
    }

    it('finds the marker nowhere once the article is archived and deleted forever', async () => {
      const p = await plant();
      // Negative control: it is in every planted place, in the files, and the revision's index finds it.
      expect(await columns()).toEqual(expect.arrayContaining(PLANTED));
      if (kind === 'sqlite') expect((await files()).map((h) => h.file)).toEqual(expect.arrayContaining([expect.stringMatching(/^oubli\.db/)]));
      const indexed = sql<{ id: number }>`${t.store.caps.search.rowsMatching('hc_revisions', [{ tokens: [m], prefix: false }])}`;
      expect((await indexed.execute(t.store.db)).rows).toHaveLength(1);

      await ok(send('DELETE', `/api/v2/help_center/articles/${p.articleId}`), 204);
      await ok(send('DELETE', `/api/v2/help_center/archived_articles/${p.articleId}`), 204);

      expect(await columns()).toEqual([]);
      expect(await files()).toEqual([]);
      expect((await indexed.execute(t.store.db)).rows).toEqual([]);
      expect((await app.inject({ method: 'GET', url: p.fileUrl })).statusCode).toBe(404);
      expect((await send('GET', p.fileUrl)).status).toBe(404);
      for (const table of ['hc_translations', 'hc_revisions', 'hc_article_labels', 'hc_article_attachments', 'hc_article_comments', 'hc_votes'] as const) {
        const rows = await (t.store.db as any).selectFrom(table).selectAll().execute();
        expect(JSON.stringify(rows), table).not.toContain(m);
      }
      expect(await t.store.db.selectFrom('hc_votes').selectAll().execute()).toEqual([]);
      expect(await t.store.db.selectFrom('hc_article_comments').selectAll().execute()).toEqual([]);
      expect((await send('GET', `/api/v2/help_center/articles/${p.keptId}`)).status).toBe(200);
      expect(log.length).toBeGreaterThan(0);
      expect(log).not.toContain(m);
    });

    it('keeps every copy while the article is only archived (the negative control)', async () => {
      const p = await plant();
      await ok(send('DELETE', `/api/v2/help_center/articles/${p.articleId}`), 204);
      expect(await columns()).toEqual(expect.arrayContaining(PLANTED));
      if (kind === 'sqlite') expect((await files()).length).toBeGreaterThan(0);
      // Archived: no longer public, still there for staff.
      expect((await app.inject({ method: 'GET', url: p.fileUrl })).statusCode).toBe(404);
      expect((await send('GET', p.fileUrl)).status).toBe(200);
      expect(log).not.toContain(m);
    });
  });
}
