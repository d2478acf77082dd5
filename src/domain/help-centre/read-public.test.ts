import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeEachDb } from '../../../test/db.ts';
import { createArticle } from './create-article.ts';
import { createCategory } from './create-category.ts';
import { createSection } from './create-section.ts';
import { createTranslation } from './create-translation.ts';
import { articlesOfSection, listPublishedCategories, readPublishedArticle, searchPublishedArticles, sectionsOf } from './read-public.ts';
import { updateTranslation } from './update-translation.ts';

// The public reads of the knowledge base (docs/help-centre.md, "Published").

describeEachDb('help centre: published articles', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(() => t.close());

  it('shows published articles in the reader locale, falls back to the source locale, hides drafts, searches what is shown', async () => {
    const me = t.as(t.owner);
    const cat = await createCategory(me, { name: 'Billing', description: 'Money matters' });
    await createTranslation(me, { type: 'category', sourceId: cat, locale: 'fr', title: 'Facturation' });
    const sec = await createSection(me, { categoryId: cat, name: 'Invoices' });
    const a = await createArticle(me, { sectionId: sec, title: 'Paying an invoice', body: '<p>Use the <b>blue</b> button.<script>x()</script></p>' });
    await createTranslation(me, { type: 'article', sourceId: a, locale: 'fr', title: 'Payer une facture', body: '<p>Le bouton bleu.</p>' });
    const draft = await createArticle(me, { sectionId: sec, title: 'Refund secrets', body: '<p>draftonly words</p>', draft: true });
    await createTranslation(me, { type: 'article', sourceId: draft, locale: 'de', title: 'Erstattung', body: '<p>deutsch</p>' });

    expect((await listPublishedCategories(t.ctx, { locale: 'fr' })).map((c) => c.name)).toEqual(['Facturation']);
    expect((await listPublishedCategories(t.ctx, { locale: 'de' })).map((c) => c.name)).toEqual(['Billing']);
    expect((await sectionsOf(t.ctx, { categoryId: cat })).map((s) => s.name)).toEqual(['Invoices']);
    expect((await articlesOfSection(t.ctx, { sectionId: sec, locale: 'en-us' })).map((x) => x.id)).toEqual([a]);
    // The draft's source translation is a draft; its German one is published and shown to German readers only.
    expect((await articlesOfSection(t.ctx, { sectionId: sec, locale: 'de' })).map((x) => x.id).sort()).toEqual([a, draft].sort());
    const en = await readPublishedArticle(t.ctx, { id: a, locale: 'es' });
    expect(en).toMatchObject({ title: 'Paying an invoice', locale: 'en-us', body: '<p>Use the <b>blue</b> button.</p>', locales: ['en-us', 'fr'] });
    expect((await readPublishedArticle(t.ctx, { id: a, locale: 'FR' }))!.title).toBe('Payer une facture');
    expect(await readPublishedArticle(t.ctx, { id: draft })).toBeNull();

    // An old text is a revision, never shown nor found by the public search.
    await updateTranslation(me, { type: 'article', sourceId: a, locale: 'en-us', body: '<p>Use the green button.</p>' });
    expect((await searchPublishedArticles(t.ctx, { query: 'green button' })).map((h) => h.id)).toEqual([a]);
    expect(await searchPublishedArticles(t.ctx, { query: 'blue' })).toEqual([]);
    expect(await searchPublishedArticles(t.ctx, { query: 'draftonly' })).toEqual([]);
    expect((await searchPublishedArticles(t.ctx, { query: 'bouton', locale: 'fr' })).map((h) => h.title)).toEqual(['Payer une facture']);
    // A French match is not shown to an English reader, who sees the English text.
    expect(await searchPublishedArticles(t.ctx, { query: 'bouton', locale: 'en-us' })).toEqual([]);
    const revs = await t.store.db.selectFrom('hc_revisions').selectAll().execute();
    expect(revs.map((r) => r.search_text)).toEqual(['Paying an invoice\nUse the blue button.']);
    // A save that changes nothing keeps no revision.
    await updateTranslation(me, { type: 'article', sourceId: a, locale: 'en-us', body: '<p>Use the green button.</p>' });
    expect((await t.store.db.selectFrom('hc_revisions').selectAll().execute()).length).toBe(1);
  });
});
