import { admins, api, deleters, staff, type Row } from './roles-table.ts';
import type { World } from './world.ts';

// The knowledge base (docs/help-centre.md): reads for staff, articles and their translations
// written by staff, the shape of the help centre (categories, sections, their translations,
// archive, restore, delete forever) by admins, redaction with the delete-tickets permission.
// Writes get a fresh target per cell, so a refused call is seen to change nothing.

async function section(w: World): Promise<{ categoryId: number; sectionId: number }> {
  const c = await w.must('POST', api('/help_center/categories'), { category: { name: 'Roles category' } });
  const s = await w.must('POST', api(`/help_center/categories/${c.category.id}/sections`), { section: { name: 'Roles section' } });
  return { categoryId: c.category.id, sectionId: s.section.id };
}

async function article(w: World, opts: { archived?: boolean } = {}): Promise<{ id: number; sectionId: number }> {
  const { sectionId } = await section(w);
  const a = await w.must('POST', api(`/help_center/sections/${sectionId}/articles`), { article: { title: 'Roles article', body: '<p>Order 4711 is late</p>' } });
  if (opts.archived) await w.must('DELETE', api(`/help_center/articles/${a.article.id}`));
  return { id: a.article.id, sectionId };
}

async function attachment(w: World, articleId?: number): Promise<number> {
  const url = articleId === undefined ? '/help_center/articles/attachments?file_name=a.png' : `/help_center/articles/${articleId}/attachments?file_name=a.png`;
  return (await w.must('POST', api(url), Buffer.from('PNG'))).article_attachment.id;
}

const A = 'Help centre';

/** Translation rows for one kind of item: reads for staff, writes as `write`. */
function translationRows(plural: string, make: (w: World) => Promise<number>, write: typeof staff): Row[] {
  return [
    { area: A, action: `list a ${plural} item's translations`, method: 'GET', path: `/help_center/${plural}/{id}/translations`, expect: staff(200), shared: make, make: async (_w, _who, id) => ({ url: api(`/help_center/${plural}/${id}/translations`) }) },
    { area: A, action: `show a ${plural} item's translation`, method: 'GET', path: `/help_center/${plural}/{id}/translations/{locale}`, expect: staff(200), shared: make, make: async (_w, _who, id) => ({ url: api(`/help_center/${plural}/${id}/translations/en-us`) }) },
    { area: A, action: `add a translation to a ${plural} item`, method: 'POST', path: `/help_center/${plural}/{id}/translations`, expect: write(201), make: async (w) => ({ url: api(`/help_center/${plural}/${await make(w)}/translations`), body: { translation: { locale: 'fr', title: 'Bonjour' } } }) },
    { area: A, action: `save a ${plural} item's translation (keeps a revision)`, method: 'PUT', path: `/help_center/${plural}/{id}/translations/{locale}`, expect: write(200), make: async (w) => ({ url: api(`/help_center/${plural}/${await make(w)}/translations/en-us`), body: { translation: { title: 'Renamed' } } }) },
  ];
}

export const helpCentreRows: Row[] = [
  ...['/help_center/categories', '/help_center/{locale}/categories'].map((path): Row => ({ area: A, action: `list categories${path.includes('{locale}') ? ' (in a locale)' : ''}`, method: 'GET', path, expect: staff(200), make: async () => ({ url: api(path.replace('{locale}', 'en-us')) }) })),
  ...['/help_center/categories/{id}', '/help_center/{locale}/categories/{id}'].map((path): Row => ({
    area: A, action: `show a category${path.includes('{locale}') ? ' (in a locale)' : ''}`, method: 'GET', path, expect: staff(200), shared: section,
    make: async (_w, _who, s) => ({ url: api(path.replace('{locale}', 'en-us').replace('{id}', String(s.categoryId))) }),
  })),
  { area: A, action: 'create a category', method: 'POST', path: '/help_center/categories', expect: admins(201), make: async () => ({ url: api('/help_center/categories'), body: { category: { name: 'New' } } }) },
  { area: A, action: 'change a category', method: 'PUT', path: '/help_center/categories/{id}', expect: admins(200), make: async (w) => ({ url: api(`/help_center/categories/${(await section(w)).categoryId}`), body: { category: { position: 3 } } }) },
  {
    area: A, action: 'delete an empty category', method: 'DELETE', path: '/help_center/categories/{id}', expect: admins(204),
    make: async (w) => ({ url: api(`/help_center/categories/${(await w.must('POST', api('/help_center/categories'), { category: { name: 'Empty' } })).category.id}`) }),
  },
  ...['/help_center/sections', '/help_center/{locale}/sections'].map((path): Row => ({ area: A, action: `list sections${path.includes('{locale}') ? ' (in a locale)' : ''}`, method: 'GET', path, expect: staff(200), make: async () => ({ url: api(path.replace('{locale}', 'en-us')) }) })),
  ...['/help_center/categories/{id}/sections', '/help_center/{locale}/categories/{id}/sections'].map((path): Row => ({
    area: A, action: `list a category's sections${path.includes('{locale}') ? ' (in a locale)' : ''}`, method: 'GET', path, expect: staff(200), shared: section,
    make: async (_w, _who, s) => ({ url: api(path.replace('{locale}', 'en-us').replace('{id}', String(s.categoryId))) }),
  })),
  ...['/help_center/sections/{id}', '/help_center/{locale}/sections/{id}'].map((path): Row => ({
    area: A, action: `show a section${path.includes('{locale}') ? ' (in a locale)' : ''}`, method: 'GET', path, expect: staff(200), shared: section,
    make: async (_w, _who, s) => ({ url: api(path.replace('{locale}', 'en-us').replace('{id}', String(s.sectionId))) }),
  })),
  ...['/help_center/categories/{id}/sections', '/help_center/{locale}/categories/{id}/sections'].map((path): Row => ({
    area: A, action: `create a section${path.includes('{locale}') ? ' (in a locale)' : ''}`, method: 'POST', path, expect: admins(201), shared: section,
    make: async (_w, _who, s) => ({ url: api(path.replace('{locale}', 'en-us').replace('{id}', String(s.categoryId))), body: { section: { name: 'More' } } }),
  })),
  { area: A, action: 'change a section', method: 'PUT', path: '/help_center/sections/{id}', expect: admins(200), make: async (w) => ({ url: api(`/help_center/sections/${(await section(w)).sectionId}`), body: { section: { position: 2 } } }) },
  { area: A, action: 'delete an empty section', method: 'DELETE', path: '/help_center/sections/{id}', expect: admins(204), make: async (w) => ({ url: api(`/help_center/sections/${(await section(w)).sectionId}`) }) },

  ...['/help_center/articles', '/help_center/{locale}/articles'].map((path): Row => ({ area: A, action: `list articles${path.includes('{locale}') ? ' (in a locale)' : ''}`, method: 'GET', path, expect: staff(200), make: async () => ({ url: api(path.replace('{locale}', 'en-us')) }) })),
  ...['/help_center/sections/{id}/articles', '/help_center/{locale}/sections/{id}/articles'].map((path): Row => ({
    area: A, action: `list a section's articles${path.includes('{locale}') ? ' (in a locale)' : ''}`, method: 'GET', path, expect: staff(200), shared: (w) => article(w),
    make: async (_w, _who, a) => ({ url: api(path.replace('{locale}', 'en-us').replace('{id}', String(a.sectionId))) }),
  })),
  { area: A, action: 'search articles', method: 'GET', path: '/help_center/articles/search?query=', expect: staff(200), make: async () => ({ url: api('/help_center/articles/search?query=order') }) },
  { area: A, action: 'incremental export of articles', method: 'GET', path: '/help_center/incremental/articles?start_time=', expect: staff(200), make: async () => ({ url: api('/help_center/incremental/articles?start_time=0') }) },
  ...['/help_center/articles/{id}', '/help_center/{locale}/articles/{id}'].map((path): Row => ({
    area: A, action: `show an article${path.includes('{locale}') ? ' (in a locale)' : ''}`, method: 'GET', path, expect: staff(200), shared: (w) => article(w),
    make: async (_w, _who, a) => ({ url: api(path.replace('{locale}', 'en-us').replace('{id}', String(a.id))) }),
  })),
  ...['/help_center/sections/{id}/articles', '/help_center/{locale}/sections/{id}/articles'].map((path): Row => ({
    area: A, action: `write an article${path.includes('{locale}') ? ' (in a locale)' : ''}`, method: 'POST', path, expect: staff(201), shared: section,
    make: async (_w, _who, s) => ({ url: api(path.replace('{locale}', 'en-us').replace('{id}', String(s.sectionId))), body: { article: { title: 'Written' } } }),
  })),
  ...['/help_center/articles/{id}', '/help_center/{locale}/articles/{id}'].map((path): Row => ({
    area: A, action: `change an article's metadata${path.includes('{locale}') ? ' (in a locale)' : ''}`, method: 'PUT', path, expect: staff(200),
    make: async (w) => ({ url: api(path.replace('{locale}', 'en-us').replace('{id}', String((await article(w)).id))), body: { article: { promoted: true } } }),
  })),
  { area: A, action: 'archive an article (Zendesk: delete)', method: 'DELETE', path: '/help_center/articles/{id}', expect: admins(204), make: async (w) => ({ url: api(`/help_center/articles/${(await article(w)).id}`) }) },
  { area: A, action: "list an article's revisions", method: 'GET', path: '/help_center/articles/{id}/revisions', expect: staff(200), shared: (w) => article(w), make: async (_w, _who, a) => ({ url: api(`/help_center/articles/${a.id}/revisions`) }) },
  { area: A, action: 'redact a string in every translation and revision', method: 'PUT', path: '/help_center/articles/{id}/redact', expect: deleters(200), make: async (w) => ({ url: api(`/help_center/articles/${(await article(w)).id}/redact`), body: { text: '4711' } }) },
  { area: A, action: 'list archived articles', method: 'GET', path: '/help_center/archived_articles', expect: staff(200) },
  { area: A, action: 'restore an archived article', method: 'PUT', path: '/help_center/archived_articles/{id}/restore', expect: admins(200), make: async (w) => ({ url: api(`/help_center/archived_articles/${(await article(w, { archived: true })).id}/restore`) }) },
  { area: A, action: 'delete an archived article forever', method: 'DELETE', path: '/help_center/archived_articles/{id}', expect: admins(204), make: async (w) => ({ url: api(`/help_center/archived_articles/${(await article(w, { archived: true })).id}`) }) },

  ...translationRows('articles', async (w) => (await article(w)).id, staff),
  ...translationRows('sections', async (w) => (await section(w)).sectionId, admins),
  ...translationRows('categories', async (w) => (await section(w)).categoryId, admins),
  {
    area: A, action: "delete an article's translation", method: 'DELETE', path: '/help_center/translations/{id}', expect: staff(204),
    make: async (w) => {
      const a = await article(w);
      return { url: api(`/help_center/translations/${(await w.must('POST', api(`/help_center/articles/${a.id}/translations`), { translation: { locale: 'fr', title: 'Bonjour' } })).translation.id}`) };
    },
  },

  ...['', '/inline', '/block'].map((tail): Row => ({
    area: A, action: `list an article's attachments${tail ? ` (${tail.slice(1)})` : ''}`, method: 'GET', path: `/help_center/articles/{id}/attachments${tail}`, expect: staff(200), shared: (w) => article(w),
    make: async (_w, _who, a) => ({ url: api(`/help_center/articles/${a.id}/attachments${tail}`) }),
  })),
  { area: A, action: 'attach a file to an article', method: 'POST', path: '/help_center/articles/{id}/attachments', expect: staff(201), make: async (w) => ({ url: api(`/help_center/articles/${(await article(w)).id}/attachments?file_name=a.png`), body: Buffer.from('PNG') }) },
  { area: A, action: 'upload a file for an article to come', method: 'POST', path: '/help_center/articles/attachments', expect: staff(201), make: async () => ({ url: api('/help_center/articles/attachments?file_name=a.png'), body: Buffer.from('PNG') }) },
  { area: A, action: 'show an article attachment', method: 'GET', path: '/help_center/articles/attachments/{id}', expect: staff(200), shared: async (w) => attachment(w, (await article(w)).id), make: async (_w, _who, id) => ({ url: api(`/help_center/articles/attachments/${id}`) }) },
  { area: A, action: "delete an article's attachment", method: 'DELETE', path: '/help_center/articles/attachments/{id}', expect: staff(204), make: async (w) => ({ url: api(`/help_center/articles/attachments/${await attachment(w, (await article(w)).id)}`) }) },
];
