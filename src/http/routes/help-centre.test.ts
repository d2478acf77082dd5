import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeEachDb } from '../../../test/db.ts';
import { kbArticle, kbSection } from '../../../test/factories/help-centre.ts';

// The knowledge base's API (docs/help-centre.md): categories, sections, articles and
// translations in Zendesk's shapes; revisions; bad input changes nothing.

describeEachDb('help centre API: content', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(() => t.close());
  const ok = (r: { status: number; body: any }, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };

  it('creates categories, sections and articles in Zendesk shapes, with locale spellings', async () => {
    const cat = ok(await t.call('POST', '/api/v2/help_center/categories', { category: { name: 'Billing', description: 'Money', position: 2 } }), 201).category;
    expect(cat).toMatchObject({ name: 'Billing', description: 'Money', position: 2, locale: 'en-us', source_locale: 'en-us', outdated: false });
    expect(cat.html_url).toMatch(new RegExp(`/hc/en-us/categories/${cat.id}$`));
    const sec = ok(await t.call('POST', `/api/v2/help_center/categories/${cat.id}/sections`, { section: { name: 'Invoices' } }), 201).section;
    expect(sec).toMatchObject({ category_id: cat.id, name: 'Invoices', parent_section_id: null, locale: 'en-us' });
    const art = ok(
      await t.call('POST', `/api/v2/help_center/sections/${sec.id}/articles`, {
        article: { title: 'Paying', body: '<p onclick="x()">Pay <script>alert(1)</script>now</p><img src="javascript:x">', label_names: ['pay', 'Pay', 'money'], promoted: true },
      }),
      201,
    ).article;
    expect(art).toMatchObject({
      title: 'Paying',
      body: '<p>Pay now</p>',
      author_id: t.owner.id,
      section_id: sec.id,
      draft: false,
      promoted: true,
      comments_disabled: false,
      vote_sum: 0,
      vote_count: 0,
      locale: 'en-us',
      source_locale: 'en-us',
      label_names: ['money', 'pay'],
      archived_at: null,
    });
    for (const k of ['id', 'url', 'html_url', 'position', 'created_at', 'updated_at', 'edited_at', 'outdated']) expect(art).toHaveProperty(k);
    expect(ok(await t.call('GET', '/api/v2/help_center/categories')).categories.map((c: any) => c.id)).toEqual([cat.id]);
    expect(ok(await t.call('GET', `/api/v2/help_center/categories/${cat.id}/sections`)).sections.map((s: any) => s.id)).toEqual([sec.id]);
    expect(ok(await t.call('GET', '/api/v2/help_center/sections')).count).toBe(1);
    expect(ok(await t.call('GET', `/api/v2/help_center/sections/${sec.id}/articles`)).articles.map((a: any) => a.id)).toEqual([art.id]);
    expect(ok(await t.call('GET', `/api/v2/help_center/en-us/articles/${art.id}`)).article.title).toBe('Paying');
    expect(ok(await t.call('GET', `/api/v2/help_center/articles?label_names=money`)).articles.map((a: any) => a.id)).toEqual([art.id]);
    expect(ok(await t.call('GET', `/api/v2/help_center/articles?label_names=nothing`)).articles).toEqual([]);
    // Not in that locale yet.
    expect((await t.call('GET', `/api/v2/help_center/fr/articles/${art.id}`)).status).toBe(404);
    // An image keeps its text alternative (and only that), and the alt text is searched like the rest.
    const pictured = ok(
      await t.call('POST', `/api/v2/help_center/sections/${sec.id}/articles`, {
        article: { title: 'Where to click', body: '<p>See below.</p><img src="https://cdn.example/a.png" alt="Settings &amp; gearwheel" title="x" width="9">', draft: true },
      }),
      201,
    ).article;
    expect(pictured.body).toBe('<p>See below.</p><img src="https://cdn.example/a.png" alt="Settings &amp; gearwheel" />');
    expect(ok(await t.call('GET', '/api/v2/help_center/articles/search?query=gearwheel')).results.map((a: any) => a.id)).toEqual([pictured.id]);
    expect((await t.call('PUT', `/api/v2/help_center/articles/${pictured.id}/redact`, { text: 'gearwheel' })).status).toBe(200);
    expect(ok(await t.call('GET', '/api/v2/help_center/articles/search?query=gearwheel')).results).toEqual([]);
    expect((await t.call('DELETE', `/api/v2/help_center/articles/${pictured.id}`)).status).toBe(204);

    // A French translation, then saves: every save keeps the replaced text as a revision; a no-op save keeps none.
    const fr = ok(await t.call('POST', `/api/v2/help_center/articles/${art.id}/translations`, { translation: { locale: 'FR', title: 'Payer', body: '<p>v1</p>' } }), 201).translation;
    expect(fr).toMatchObject({ locale: 'fr', source_type: 'article', source_id: art.id, title: 'Payer', body: '<p>v1</p>', draft: false });
    const other = await kbArticle(t, sec.id, { title: 'English only' });
    const frList = ok(await t.call('GET', '/api/v2/help_center/fr/articles'));
    expect([frList.count, frList.articles.map((x: any) => [x.id, x.locale])]).toEqual([1, [[art.id, 'fr']]]);
    const page1 = ok(await t.call('GET', '/api/v2/help_center/articles?per_page=1'));
    expect(page1).toMatchObject({ count: 2, page: 1, per_page: 1, page_count: 2, previous_page: null });
    expect(page1.next_page).toMatch(/page=2/);
    expect(ok(await t.call('GET', '/api/v2/help_center/articles?per_page=1&page=2')).articles.map((x: any) => x.id)).toEqual([other]);
    ok(await t.call('PUT', `/api/v2/help_center/articles/${art.id}/translations/fr`, { translation: { body: '<p>v2</p>' } }));
    ok(await t.call('PUT', `/api/v2/help_center/articles/${art.id}/translations/fr`, { translation: { body: '<p>v3</p>', title: 'Payer!' } }));
    ok(await t.call('PUT', `/api/v2/help_center/articles/${art.id}/translations/fr`, { translation: { body: '<p>v3</p>' } }));
    const revs = ok(await t.call('GET', `/api/v2/help_center/articles/${art.id}/revisions?locale=fr`)).revisions;
    expect(revs.map((r: any) => [r.title, r.body, r.locale])).toEqual([
      ['Payer', '<p>v2</p>', 'fr'],
      ['Payer', '<p>v1</p>', 'fr'],
    ]);
    expect(ok(await t.call('GET', `/api/v2/help_center/articles/${art.id}/revisions`)).count).toBe(2);
    expect(ok(await t.call('GET', `/api/v2/help_center/fr/articles/${art.id}`)).article).toMatchObject({ title: 'Payer!', body: '<p>v3</p>', locale: 'fr' });
    expect(ok(await t.call('GET', `/api/v2/help_center/articles/${art.id}/translations`)).translations.map((x: any) => x.locale)).toEqual(['en-us', 'fr']);
    // The source locale translation cannot be deleted; another one goes with its revisions.
    const en = ok(await t.call('GET', `/api/v2/help_center/articles/${art.id}/translations/en-us`)).translation;
    expect((await t.call('DELETE', `/api/v2/help_center/translations/${en.id}`)).status).toBe(422);
    expect((await t.call('DELETE', `/api/v2/help_center/translations/${fr.id}`)).status).toBe(204);
    expect(ok(await t.call('GET', `/api/v2/help_center/articles/${art.id}/revisions`)).revisions).toEqual([]);
    // Section and category translations.
    ok(await t.call('POST', `/api/v2/help_center/sections/${sec.id}/translations`, { translation: { locale: 'de', title: 'Rechnungen' } }), 201);
    expect(ok(await t.call('GET', `/api/v2/help_center/de/sections/${sec.id}`)).section.name).toBe('Rechnungen');
    ok(await t.call('PUT', `/api/v2/help_center/categories/${cat.id}/translations/en-us`, { translation: { title: 'Payments' } }));
    expect(ok(await t.call('GET', `/api/v2/help_center/categories/${cat.id}`)).category.name).toBe('Payments');
  });

  it('updates metadata only, refuses bad input with clear errors, and changes nothing then', async () => {
    const { categoryId, sectionId } = await kbSection(t);
    const other = (await kbSection(t, 'Other')).sectionId;
    const id = await kbArticle(t, sectionId, { title: 'Hello', body: '<p>x</p>' });
    const art = ok(await t.call('PUT', `/api/v2/help_center/articles/${id}`, { article: { section_id: other, position: 3, label_names: ['a'], comments_disabled: true } })).article;
    expect(art).toMatchObject({ section_id: other, position: 3, label_names: ['a'], comments_disabled: true });
    const before = JSON.stringify(ok(await t.call('GET', `/api/v2/help_center/articles/${id}`)));
    const translationsBefore = JSON.stringify(await t.store.db.selectFrom('hc_translations').selectAll().orderBy('id').execute());
    const bad: [string, string, unknown, number, string][] = [
      ['PUT', `/api/v2/help_center/articles/${id}`, { article: { title: 'New' } }, 422, 'translations'],
      ['PUT', `/api/v2/help_center/articles/${id}`, { article: { section_id: 999999 } }, 422, 'section'],
      ['PUT', `/api/v2/help_center/articles/${id}`, { article: { position: -1 } }, 422, 'position'],
      ['PUT', `/api/v2/help_center/articles/${id}`, { article: { label_names: 'a' } }, 422, 'label_names'],
      ['PUT', `/api/v2/help_center/articles/${id}`, { article: { source_locale: 'fr' } }, 422, 'no translation in fr'],
      ['PUT', `/api/v2/help_center/articles/${id}`, { nope: 1 }, 400, 'article'],
      ['POST', `/api/v2/help_center/sections/${sectionId}/articles`, { article: { title: '  ' } }, 422, 'blank'],
      ['POST', `/api/v2/help_center/sections/${sectionId}/articles`, { article: { title: 'x', locale: 'not a locale' } }, 422, 'locale'],
      ['POST', `/api/v2/help_center/sections/${sectionId}/articles`, { article: { title: 'x', author_id: 999999 } }, 422, 'Author'],
      ['POST', '/api/v2/help_center/sections/999999/articles', { article: { title: 'x' } }, 404, 'Not found'],
      ['POST', `/api/v2/help_center/articles/${id}/translations`, { translation: { locale: 'en-us', title: 'dup' } }, 422, 'already exists'],
      ['PUT', `/api/v2/help_center/articles/${id}/translations/fr`, { translation: { title: 'x' } }, 404, 'Not found'],
      ['PUT', `/api/v2/help_center/articles/${id}/translations/en-us`, { translation: { title: '' } }, 422, 'blank'],
      ['POST', '/api/v2/help_center/categories', { category: { description: 'no name' } }, 422, 'name'],
      ['PUT', `/api/v2/help_center/categories/${categoryId}`, { category: { name: 'x' } }, 422, 'translation'],
      ['PUT', `/api/v2/help_center/sections/${sectionId}`, { section: { parent_section_id: sectionId } }, 422, 'inside itself'],
      ['GET', '/api/v2/help_center/articles?per_page=x', undefined, 400, 'per_page'],
      ['GET', '/api/v2/help_center/articles/search', undefined, 400, 'query'],
      ['GET', '/api/v2/help_center/incremental/articles', undefined, 400, 'start_time'],
    ];
    for (const [method, url, body, status, words] of bad) {
      const r = await t.call(method, url, body);
      expect(r.status, `${method} ${url} ${JSON.stringify(r.body)}`).toBe(status);
      expect(JSON.stringify(r.body), `${method} ${url}`).toContain(words);
    }
    expect(JSON.stringify(ok(await t.call('GET', `/api/v2/help_center/articles/${id}`)))).toBe(before);
    expect(JSON.stringify(await t.store.db.selectFrom('hc_translations').selectAll().orderBy('id').execute())).toBe(translationsBefore);
    expect(await t.store.db.selectFrom('hc_revisions').selectAll().execute()).toEqual([]);
  });

  it('refuses to delete a section or category that still holds something; deletes empty ones', async () => {
    const { categoryId, sectionId } = await kbSection(t);
    const id = await kbArticle(t, sectionId, { title: 'Kept' });
    expect((await t.call('DELETE', `/api/v2/help_center/categories/${categoryId}`)).status).toBe(409);
    const r = await t.call('DELETE', `/api/v2/help_center/sections/${sectionId}`);
    expect(r.status).toBe(409);
    expect(r.body.description).toContain('1 article(s)');
    ok(await t.call('DELETE', `/api/v2/help_center/articles/${id}`), 204);
    // An archived article still holds the section.
    expect((await t.call('DELETE', `/api/v2/help_center/sections/${sectionId}`)).status).toBe(409);
    ok(await t.call('DELETE', `/api/v2/help_center/archived_articles/${id}`), 204);
    ok(await t.call('DELETE', `/api/v2/help_center/sections/${sectionId}`), 204);
    ok(await t.call('DELETE', `/api/v2/help_center/categories/${categoryId}`), 204);
    expect(await t.store.db.selectFrom('hc_translations').selectAll().execute()).toEqual([]);
  });

  it('searches current text (drafts included, never revisions) and exports changes incrementally', async () => {
    const { sectionId } = await kbSection(t);
    const a = await kbArticle(t, sectionId, { title: 'Printer setup', body: '<p>Plug the <b>zebra</b> cable</p>' });
    const d = await kbArticle(t, sectionId, { title: 'Draft zebra', body: '<p>soon</p>', draft: true });
    ok(await t.call('PUT', `/api/v2/help_center/articles/${a}/translations/en-us`, { translation: { body: '<p>Plug the cable</p>' } }));
    const s = ok(await t.call('GET', '/api/v2/help_center/articles/search?query=zebra')).results;
    expect(s.map((x: any) => x.id)).toEqual([d]);
    expect(ok(await t.call('GET', '/api/v2/help_center/articles/search?query=plug%20cable')).results[0]).toMatchObject({ id: a, result_type: 'article', snippet: 'Printer setup Plug the cable' });
    t.clock.advance(5000);
    const start = Math.floor(t.clock.now().getTime() / 1000);
    t.clock.advance(5000);
    ok(await t.call('PUT', `/api/v2/help_center/articles/${a}`, { article: { promoted: true } }));
    const inc = ok(await t.call('GET', `/api/v2/help_center/incremental/articles?start_time=${start}`));
    expect(inc.articles.map((x: any) => x.id)).toEqual([a]);
    expect(inc).toMatchObject({ count: 1, next_page: null });
    expect(typeof inc.end_time).toBe('number');
    ok(await t.call('DELETE', `/api/v2/help_center/articles/${d}`), 204);
    const inc2 = ok(await t.call('GET', `/api/v2/help_center/incremental/articles?start_time=${start}`));
    expect(inc2.articles.map((x: any) => [x.id, x.archived_at !== null])).toEqual([
      [a, false],
      [d, true],
    ]);
  });
});
