import type { TestApp } from './app.ts';
import { ok, type Row } from './audit-rows-channels.ts';
import { multipart, upload } from './factories/help-centre.ts';

// The audit actions of the knowledge base (docs/help-centre.md), for src/domain/events.test.ts:
// each through its route, with the marker in every title, body, name and file.

async function section(t: TestApp, m: string): Promise<{ categoryId: number; sectionId: number }> {
  const c = await ok(t.call('POST', '/api/v2/help_center/categories', { category: { name: `Cat ${m}`, description: `About ${m}` } }), 201);
  const s = await ok(t.call('POST', `/api/v2/help_center/categories/${c.category.id}/sections`, { section: { name: `Sec ${m}` } }), 201);
  return { categoryId: c.category.id, sectionId: s.section.id };
}

async function article(t: TestApp, m: string): Promise<number> {
  const { sectionId } = await section(t, m);
  const a = await ok(t.call('POST', `/api/v2/help_center/sections/${sectionId}/articles`, { article: { title: `Title ${m}`, body: `<p>Body ${m}</p>`, label_names: [`label${m}`] } }), 201);
  return a.article.id;
}

const file = (m: string) => multipart({ file: { name: `${m}.png`, type: 'image/png', bytes: `png ${m}` }, inline: 'true' });

export function helpCentreRows(): Row[] {
  return [
    {
      action: 'hc_category.created',
      async drive(t, m) {
        const { categoryId } = await section(t, m);
        return { subjectType: 'hc_category', subjectId: categoryId };
      },
    },
    {
      action: 'hc_category.updated',
      async drive(t, m) {
        const { categoryId } = await section(t, m);
        await ok(t.call('PUT', `/api/v2/help_center/categories/${categoryId}`, { category: { position: 4 } }));
        return { subjectType: 'hc_category', subjectId: categoryId };
      },
    },
    {
      action: 'hc_category.deleted',
      async drive(t, m) {
        const c = await ok(t.call('POST', '/api/v2/help_center/categories', { category: { name: `Cat ${m}` } }), 201);
        await ok(t.call('DELETE', `/api/v2/help_center/categories/${c.category.id}`), 204);
        return { subjectType: 'hc_category', subjectId: c.category.id };
      },
    },
    {
      action: 'hc_section.created',
      async drive(t, m) {
        const { sectionId } = await section(t, m);
        return { subjectType: 'hc_section', subjectId: sectionId };
      },
    },
    {
      action: 'hc_section.updated',
      async drive(t, m) {
        const { sectionId } = await section(t, m);
        await ok(t.call('PUT', `/api/v2/help_center/sections/${sectionId}`, { section: { position: 2 } }));
        return { subjectType: 'hc_section', subjectId: sectionId };
      },
    },
    {
      action: 'hc_section.deleted',
      async drive(t, m) {
        const { sectionId } = await section(t, m);
        await ok(t.call('DELETE', `/api/v2/help_center/sections/${sectionId}`), 204);
        return { subjectType: 'hc_section', subjectId: sectionId };
      },
    },
    {
      action: 'hc_article.created',
      async drive(t, m) {
        return { subjectType: 'hc_article', subjectId: await article(t, m) };
      },
    },
    {
      action: 'hc_article.updated',
      async drive(t, m) {
        const id = await article(t, m);
        await ok(t.call('PUT', `/api/v2/help_center/articles/${id}`, { article: { label_names: [`other${m}`], promoted: true } }));
        return { subjectType: 'hc_article', subjectId: id };
      },
    },
    {
      action: 'hc_article.archived',
      async drive(t, m) {
        const id = await article(t, m);
        await ok(t.call('DELETE', `/api/v2/help_center/articles/${id}`), 204);
        return { subjectType: 'hc_article', subjectId: id };
      },
    },
    {
      action: 'hc_article.restored',
      async drive(t, m) {
        const id = await article(t, m);
        await ok(t.call('DELETE', `/api/v2/help_center/articles/${id}`), 204);
        await ok(t.call('PUT', `/api/v2/help_center/archived_articles/${id}/restore`));
        return { subjectType: 'hc_article', subjectId: id };
      },
    },
    {
      action: 'hc_article.deleted_forever',
      async drive(t, m) {
        const id = await article(t, m);
        await ok(t.call('DELETE', `/api/v2/help_center/articles/${id}`), 204);
        await ok(t.call('DELETE', `/api/v2/help_center/archived_articles/${id}`), 204);
        return { subjectType: 'hc_article', subjectId: id };
      },
    },
    {
      action: 'hc_article.redacted',
      async drive(t, m) {
        const id = await article(t, m);
        await ok(t.call('PUT', `/api/v2/help_center/articles/${id}/redact`, { text: m }));
        return { subjectType: 'hc_article', subjectId: id };
      },
    },
    {
      action: 'hc_translation.created',
      async drive(t, m) {
        const id = await article(t, m);
        await ok(t.call('POST', `/api/v2/help_center/articles/${id}/translations`, { translation: { locale: 'fr', title: `Titre ${m}`, body: `<p>${m}</p>` } }), 201);
        return { subjectType: 'hc_article', subjectId: id };
      },
    },
    {
      action: 'hc_translation.updated',
      async drive(t, m) {
        const id = await article(t, m);
        await ok(t.call('PUT', `/api/v2/help_center/articles/${id}/translations/en-us`, { translation: { body: `<p>New ${m}</p>` } }));
        return { subjectType: 'hc_article', subjectId: id };
      },
    },
    {
      action: 'hc_translation.deleted',
      async drive(t, m) {
        const id = await article(t, m);
        const tr = await ok(t.call('POST', `/api/v2/help_center/articles/${id}/translations`, { translation: { locale: 'fr', title: `Titre ${m}` } }), 201);
        await ok(t.call('DELETE', `/api/v2/help_center/translations/${tr.translation.id}`), 204);
        return { subjectType: 'hc_article', subjectId: id };
      },
    },
    {
      action: 'hc_article_attachment.created',
      async drive(t, m) {
        const id = await article(t, m);
        const r = await upload(t, `/api/v2/help_center/articles/${id}/attachments`, await file(m));
        if (r.status !== 201) throw new Error(JSON.stringify(r.body));
        return { subjectType: 'hc_article_attachment', subjectId: r.body.article_attachment.id };
      },
    },
    {
      action: 'hc_article_attachment.deleted',
      async drive(t, m) {
        const r = await upload(t, '/api/v2/help_center/articles/attachments', await file(m));
        if (r.status !== 201) throw new Error(JSON.stringify(r.body));
        await ok(t.call('DELETE', `/api/v2/help_center/articles/attachments/${r.body.article_attachment.id}`), 204);
        return { subjectType: 'hc_article_attachment', subjectId: r.body.article_attachment.id };
      },
    },
  ];
}
