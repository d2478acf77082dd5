import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeEachDb } from '../../../test/db.ts';
import { kbArticle, kbSection, multipart, upload } from '../../../test/factories/help-centre.ts';

// The article lifecycle (docs/help-centre.md, "Lifecycle"), attachments and their public
// URL, and string redaction across every translation and revision.

describeEachDb('help centre API: lifecycle, files, redaction', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(() => t.close());
  const ok = (r: { status: number; body: any }, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const anon = (url: string) => t.app.inject({ method: 'GET', url });

  it('archives (Zendesk DELETE), lists archived, restores, deletes forever only from the archive', async () => {
    const { sectionId } = await kbSection(t);
    const id = await kbArticle(t, sectionId, { title: 'Old news' });
    expect((await t.call('DELETE', `/api/v2/help_center/archived_articles/${id}`)).status).toBe(404);
    ok(await t.call('DELETE', `/api/v2/help_center/articles/${id}`), 204);
    expect((await t.call('GET', `/api/v2/help_center/articles/${id}`)).status).toBe(404);
    expect(ok(await t.call('GET', '/api/v2/help_center/articles')).articles).toEqual([]);
    expect((await t.call('PUT', `/api/v2/help_center/articles/${id}`, { article: { promoted: true } })).status).toBe(404);
    expect((await t.call('DELETE', `/api/v2/help_center/articles/${id}`)).status).toBe(404);
    const archived = ok(await t.call('GET', '/api/v2/help_center/archived_articles'));
    expect(archived.articles.map((a: any) => a.id)).toEqual([id]);
    expect(archived.articles[0].archived_at).not.toBeNull();
    const restored = ok(await t.call('PUT', `/api/v2/help_center/archived_articles/${id}/restore`)).article;
    expect(restored).toMatchObject({ id, title: 'Old news', archived_at: null });
    expect((await t.call('PUT', `/api/v2/help_center/archived_articles/${id}/restore`)).status).toBe(404);
    ok(await t.call('DELETE', `/api/v2/help_center/articles/${id}`), 204);
    ok(await t.call('DELETE', `/api/v2/help_center/archived_articles/${id}`), 204);
    expect((await t.call('DELETE', `/api/v2/help_center/archived_articles/${id}`)).status).toBe(404);
    expect((await t.call('PUT', `/api/v2/help_center/archived_articles/${id}/restore`)).status).toBe(404);
    expect(await t.store.db.selectFrom('hc_articles').selectAll().execute()).toEqual([]);
    // Agents write but do not archive.
    const agent = await t.staff('agent');
    const mine = await kbArticle(t, sectionId, { title: 'Mine' }, agent);
    expect((await t.call('DELETE', `/api/v2/help_center/articles/${mine}`, undefined, agent)).status).toBe(403);
  });

  it('attaches files (multipart or raw), shows inline images by URL, serves them publicly only while the article is published', async () => {
    const { sectionId } = await kbSection(t);
    const pre = await upload(t, '/api/v2/help_center/articles/attachments', await multipart({ file: { name: 'shot.png', type: 'image/png', bytes: 'PNG1' }, inline: 'true' }));
    expect(pre.status, JSON.stringify(pre.body)).toBe(201);
    const a = pre.body.article_attachment;
    expect(a).toMatchObject({ article_id: null, file_name: 'shot.png', content_type: 'image/png', size: 4, inline: true, relative_path: `/hc/article_attachments/${a.id}/shot.png` });
    expect(a.content_url).toMatch(new RegExp(`/hc/article_attachments/${a.id}/shot.png$`));
    // Not yet in an article: staff only.
    expect((await anon(a.relative_path)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: a.relative_path, headers: { authorization: t.owner.auth } })).statusCode).toBe(200);
    // The body shows it: the article takes it (inline); a block file is named in attachment_ids.
    const block = await upload(t, '/api/v2/help_center/articles/attachments?file_name=manual.pdf', { payload: Buffer.from('%PDF'), contentType: 'application/pdf' });
    expect(block.status).toBe(201);
    const id = await kbArticle(t, sectionId, { title: 'With picture', body: `<p>See</p><img src="${a.relative_path}"><img src="/hc/article_attachments/${a.id}/../x">`, attachment_ids: [block.body.article_attachment.id] });
    const art = ok(await t.call('GET', `/api/v2/help_center/articles/${id}`)).article;
    expect(art.body).toBe(`<p>See</p><img src="${a.relative_path}" />`);
    const list = ok(await t.call('GET', `/api/v2/help_center/articles/${id}/attachments`)).article_attachments;
    expect(list.map((x: any) => [x.file_name, x.inline, x.article_id])).toEqual([
      ['shot.png', true, id],
      ['manual.pdf', false, id],
    ]);
    expect(ok(await t.call('GET', `/api/v2/help_center/articles/${id}/attachments/block`)).article_attachments.map((x: any) => x.file_name)).toEqual(['manual.pdf']);
    const pub = await anon(a.relative_path);
    expect(pub.statusCode).toBe(200);
    expect(pub.body).toBe('PNG1');
    expect(pub.headers['x-content-type-options']).toBe('nosniff');
    expect((await anon(`/hc/article_attachments/${a.id}/other.png`)).statusCode).toBe(404);
    expect((await anon(`/hc/article_attachments/${block.body.article_attachment.id}/manual.pdf`)).headers['content-disposition']).toMatch(/^attachment;/);
    // Straight onto the article, as Zendesk's clients do; bad input changes nothing.
    const direct = await upload(t, `/api/v2/help_center/articles/${id}/attachments`, await multipart({ file: { name: 'b.gif', type: 'image/gif', bytes: 'GIF' } }));
    expect(direct.status).toBe(201);
    const before = await t.store.db.selectFrom('hc_article_attachments').select('id').execute();
    expect((await upload(t, `/api/v2/help_center/articles/${id}/attachments`, await multipart({ inline: 'true' }))).status).toBe(422);
    expect((await upload(t, `/api/v2/help_center/articles/${id}/attachments`, await multipart({ file: { name: 'x.pdf', type: 'application/pdf', bytes: 'PDF' }, inline: 'true' }))).body.details.inline[0].description).toContain('only');
    expect((await upload(t, `/api/v2/help_center/articles/${id}/attachments`, await multipart({ file: { name: 'x.png', type: 'image/png', bytes: 'P' }, inline: 'maybe' }))).status).toBe(422);
    expect((await upload(t, '/api/v2/help_center/articles/999999/attachments', await multipart({ file: { name: 'x.png', type: 'image/png', bytes: 'P' } }))).status).toBe(404);
    expect((await upload(t, '/api/v2/help_center/articles/attachments', { payload: Buffer.from('x'), contentType: 'text/plain' })).status).toBe(400);
    expect(await t.store.db.selectFrom('hc_article_attachments').select('id').execute()).toEqual(before);
    // A draft's files are not public; an archived article's neither; a deleted file is 404 for everyone.
    ok(await t.call('PUT', `/api/v2/help_center/articles/${id}/translations/en-us`, { translation: { draft: true } }));
    expect((await anon(a.relative_path)).statusCode).toBe(404);
    ok(await t.call('PUT', `/api/v2/help_center/articles/${id}/translations/en-us`, { translation: { draft: false } }));
    ok(await t.call('DELETE', `/api/v2/help_center/articles/${id}`), 204);
    expect((await anon(a.relative_path)).statusCode).toBe(404);
    ok(await t.call('PUT', `/api/v2/help_center/archived_articles/${id}/restore`));
    expect((await anon(a.relative_path)).statusCode).toBe(200);
    ok(await t.call('DELETE', `/api/v2/help_center/articles/attachments/${a.id}`), 204);
    expect((await anon(a.relative_path)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: a.relative_path, headers: { authorization: t.owner.auth } })).statusCode).toBe(404);
  });

  it('redacts a string in every translation and every revision, links holding it lose their URL; refuses a string not there', async () => {
    const { sectionId } = await kbSection(t);
    const id = await kbArticle(t, sectionId, { title: 'Call Ursula Unger', body: '<p>Ask Ursula Unger</p>' });
    ok(await t.call('PUT', `/api/v2/help_center/articles/${id}/translations/en-us`, { translation: { body: '<p>Ask <a href="mailto:u@x.test?subject=Ursula%20Unger">the team</a></p>' } }));
    ok(await t.call('POST', `/api/v2/help_center/articles/${id}/translations`, { translation: { locale: 'de', title: 'Anruf', body: '<p>Fragen Sie ursula  unger</p>' } }), 201);
    ok(await t.call('PUT', `/api/v2/help_center/articles/${id}/translations/de`, { translation: { body: '<p>Fragen Sie uns</p>' } }));
    const before = JSON.stringify(await t.store.db.selectFrom('hc_revisions').selectAll().orderBy('id').execute());
    const none = await t.call('PUT', `/api/v2/help_center/articles/${id}/redact`, { text: 'Nobody Here' });
    expect(none.status).toBe(422);
    expect((await t.call('PUT', `/api/v2/help_center/articles/${id}/redact`, { text: '  ' })).status).toBe(422);
    expect((await t.call('PUT', `/api/v2/help_center/articles/${id}/redact`, {})).status).toBe(422);
    expect(JSON.stringify(await t.store.db.selectFrom('hc_revisions').selectAll().orderBy('id').execute())).toBe(before);
    const r = ok(await t.call('PUT', `/api/v2/help_center/articles/${id}/redact`, { text: 'Ursula Unger' }));
    expect(r.redactions).toBe(5);
    expect(r.article.title).toBe(`Call ${'▇'.repeat(12)}`);
    expect(r.article.body).toBe('<p>Ask <a>the team</a></p>');
    const all = JSON.stringify([
      await t.store.db.selectFrom('hc_translations').selectAll().execute(),
      await t.store.db.selectFrom('hc_revisions').selectAll().execute(),
    ]);
    expect(all).not.toMatch(/ursula/i);
    const revs = ok(await t.call('GET', `/api/v2/help_center/articles/${id}/revisions`)).revisions;
    expect(revs.map((x: any) => x.body)).toEqual([`<p>Fragen Sie ${'▇'.repeat(13)}</p>`, `<p>Ask ${'▇'.repeat(12)}</p>`]);
    expect(ok(await t.call('GET', '/api/v2/help_center/articles/search?query=ursula')).results).toEqual([]);
    const agent = await t.staff('agent');
    expect((await t.call('PUT', `/api/v2/help_center/articles/${id}/redact`, { text: 'Call' }, agent)).status).toBe(403);
  });
});
