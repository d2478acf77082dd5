import type { TestApp, Staff } from '../app.ts';

// Knowledge base fixtures through the API (docs/help-centre.md).

export async function multipart(fields: Record<string, string | { name: string; type: string; bytes: Buffer | string }>): Promise<{ payload: Buffer; contentType: string }> {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string') fd.append(k, v);
    else fd.append(k, new Blob([typeof v.bytes === 'string' ? v.bytes : new Uint8Array(v.bytes)], { type: v.type }), v.name);
  }
  const r = new Request('http://x/', { method: 'POST', body: fd });
  return { payload: Buffer.from(await r.arrayBuffer()), contentType: r.headers.get('content-type')! };
}

/** POSTs a multipart form (or raw bytes) as `who`. */
export async function upload(t: TestApp, url: string, form: { payload: Buffer; contentType: string }, who: Staff | null = t.owner) {
  const res = await t.app.inject({ method: 'POST', url, payload: form.payload, headers: { 'content-type': form.contentType, ...(who ? { authorization: who.auth } : {}) } });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
}

/** A category with one section; returns their ids. */
export async function kbSection(t: TestApp, name = 'General'): Promise<{ categoryId: number; sectionId: number }> {
  const c = await t.call('POST', '/api/v2/help_center/categories', { category: { name: `${name} category` } });
  if (c.status !== 201) throw new Error(JSON.stringify(c.body));
  const s = await t.call('POST', `/api/v2/help_center/categories/${c.body.category.id}/sections`, { section: { name } });
  if (s.status !== 201) throw new Error(JSON.stringify(s.body));
  return { categoryId: c.body.category.id, sectionId: s.body.section.id };
}

/** An article in the section; returns its id. */
export async function kbArticle(t: TestApp, sectionId: number, article: Record<string, unknown>, who: Staff = t.owner): Promise<number> {
  const r = await t.call('POST', `/api/v2/help_center/sections/${sectionId}/articles`, { article }, who);
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  return r.body.article.id;
}
