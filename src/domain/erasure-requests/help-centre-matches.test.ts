import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeEachDb } from '../../../test/db.ts';
import { kbArticle, kbSection } from '../../../test/factories/help-centre.ts';
import { allPages } from '../../../test/reads.ts';

// Knowledge base articles in erasure requests (docs/help-centre.md, "Erasing a person"):
// found in every revision of every translation, proposed, carried out, verified.

describeEachDb('erasure requests: help centre articles', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(() => t.close());
  const ok = (r: { status: number; body: any }, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const run = async (userId: number) => {
    const id = ok(await t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: userId } }), 201).erasure_request.id as number;
    await t.drainJobs();
    return id;
  };
  const execute = async (id: number) => {
    ok(await t.call('PUT', `/api/v2/erasure_requests/${id}`, { erasure_request: { confirm_all: true } }));
    ok(await t.call('POST', `/api/v2/erasure_requests/${id}/execute`));
    await t.drainJobs();
    expect(ok(await t.call('GET', `/api/v2/erasure_requests/${id}`)).erasure_request.status).toBe('completed');
    return ok(await t.call('GET', `/api/v2/erasure_requests/${id}/certificate`)).certificate;
  };

  it('finds a person named only in an old revision of a translation, and one an archived article is about; redacts and deletes; verification passes', async () => {
    const nora = await t.contact({ name: 'Nora Quillfeather', email: 'nora.q@quill.test' });
    const { sectionId } = await kbSection(t);
    // Named only in an old revision of the French translation.
    const revised = await kbArticle(t, sectionId, { title: 'Returns', body: '<p>How to return</p>' });
    ok(await t.call('POST', `/api/v2/help_center/articles/${revised}/translations`, { translation: { locale: 'fr', title: 'Retours', body: '<p>Merci à Nora Quillfeather pour son aide</p>' } }), 201);
    ok(await t.call('PUT', `/api/v2/help_center/articles/${revised}/translations/fr`, { translation: { body: '<p>Comment retourner</p>' } }));
    // Named in a link's address only.
    const linked = await kbArticle(t, sectionId, { title: 'Contact', body: '<p>Write to <a href="mailto:nora.q@quill.test">our team</a></p>' });
    // An archived article about her.
    const about = await kbArticle(t, sectionId, { title: 'Nora Quillfeather joins us', body: '<p>Welcome!</p>' });
    ok(await t.call('DELETE', `/api/v2/help_center/articles/${about}`), 204);
    const untouched = await kbArticle(t, sectionId, { title: 'Shipping', body: '<p>Nothing of her</p>' });

    const id = await run(nora);
    const matches = (await allPages(t, `/api/v2/erasure_requests/${id}/matches`, 'matches')).filter((m: any) => m.location === 'article');
    const seen = matches.map((m: any) => `${m.article_id} ${m.field} ${m.proposed_action}`).sort();
    expect(seen).toEqual(
      [`${revised} revision redact_article`, `${linked} translation redact_article`, `${about} translation delete_article`].sort(),
    );
    expect(matches.find((m: any) => m.article_id === revised).snippet).toContain('Nora Quillfeather');
    const cert = await execute(id);
    expect(cert.verification.passed).toBe(true);

    const revs = ok(await t.call('GET', `/api/v2/help_center/articles/${revised}/revisions?locale=fr`)).revisions;
    expect(revs[0].body).toBe(`<p>Merci à ${'▇'.repeat('Nora Quillfeather'.length)} pour son aide</p>`);
    expect(ok(await t.call('GET', `/api/v2/help_center/articles/${linked}`)).article.body).toBe('<p>Write to <a>our team</a></p>');
    expect((await t.call('DELETE', `/api/v2/help_center/archived_articles/${about}`)).status).toBe(404);
    expect(ok(await t.call('GET', `/api/v2/help_center/articles/${untouched}`)).article.body).toBe('<p>Nothing of her</p>');
    const dump = JSON.stringify(await t.store.db.selectFrom('hc_translations').selectAll().execute()) + JSON.stringify(await t.store.db.selectFrom('hc_revisions').selectAll().execute());
    expect(dump).not.toMatch(/quillfeather/i);
    expect(await t.store.db.selectFrom('hc_articles').select('id').where('id', '=', about).execute()).toEqual([]);
  });

  it('keeps the articles an erased agent wrote, with the stub as author; their uploads not in an article go', async () => {
    const agent = await t.staff('agent', { name: 'Walter Wordsmith' });
    const { sectionId } = await kbSection(t);
    const id = await kbArticle(t, sectionId, { title: 'Setup', body: '<p>Step one</p>' }, agent);
    const up = await t.app.inject({ method: 'POST', url: '/api/v2/help_center/articles/attachments?file_name=draft.png', payload: Buffer.from('PNG'), headers: { authorization: agent.auth, 'content-type': 'image/png' } });
    expect(up.statusCode, up.body).toBe(201);
    const used = await t.app.inject({ method: 'POST', url: `/api/v2/help_center/articles/${id}/attachments?file_name=used.png`, payload: Buffer.from('PNG'), headers: { authorization: agent.auth, 'content-type': 'image/png' } });
    expect(used.statusCode, used.body).toBe(201);
    const req = await run(agent.id);
    const cert = await execute(req);
    expect(cert.verification.passed).toBe(true);
    const a = ok(await t.call('GET', `/api/v2/help_center/articles/${id}`)).article;
    expect(a).toMatchObject({ author_id: agent.id, title: 'Setup', body: '<p>Step one</p>' });
    const u = await t.store.db.selectFrom('users').select(['name']).where('id', '=', agent.id).executeTakeFirstOrThrow();
    expect(u.name).toBe('Permanently Deleted User');
    const files = await t.store.db.selectFrom('hc_article_attachments').select(['file_name', 'article_id']).execute();
    expect(files).toEqual([{ file_name: 'used.png', article_id: id }]);
  });
});
