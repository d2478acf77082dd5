import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/context.ts';
import { createArticleComment } from '../../src/domain/community/create-article-comment.ts';
import { createPost } from '../../src/domain/community/create-post.ts';
import { createPostComment } from '../../src/domain/community/create-post-comment.ts';
import { castVote } from '../../src/domain/community/cast-vote.ts';
import { uploadCommunityFile } from '../../src/domain/community/upload-community-file.ts';
import { createTestApp, type TestApp } from '../app.ts';
import { dbKinds, type DbKind } from '../db.ts';
import { insertArticle } from '../factories/hc-community.ts';
import { hitsUnder } from './mail-plant.ts';
import { newMarker } from './plant.ts';
import { eraseByRequest } from './erase-by-request.ts';
import { markerInAnyColumn } from './scan-columns.ts';

// Erasure you can prove for the help centre's community (docs/erasure-proof.md,
// docs/help-centre-community.md): ONE unique marker is planted in her community post (title,
// details), an image file of it (bytes and name), her comment on Bob's post, her comment on
// an article, and a post she deleted herself. Bob's post names her. She votes on Bob's post
// and the article. She is soft-deleted, then an erasure request (the marker a term, every
// match confirmed, executed) leaves the marker in no byte of any SQLite file (database, WAL,
// full-text index) and no column of any table; her votes still count, cast by the stub.
// Negative control: the agent rejects the match on Bob's post, and the marker stays there.

const PNG = (m: string) => Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from(`tEXt ${m}`)]);

interface Plant {
  userId: number;
  bobPostId: number;
  articleId: number;
}

async function plant(t: TestApp, m: string): Promise<Plant> {
  const userId = await t.contact({ name: 'Anna Marker', email: 'anna.marker@example.test' });
  const bobId = await t.contact({ name: 'Bob Keeps', email: 'bob@keeps.test' });
  const anna: Actor = { id: userId, role: 'end-user', isOwner: false, canDeleteTickets: false };
  const bob: Actor = { id: bobId, role: 'end-user', isOwner: false, canDeleteTickets: false };
  const topicId = (await t.call('POST', '/api/v2/community/topics', { topic: { name: 'Questions' } })).body.topic.id as number;
  const { articleId } = await insertArticle(t, { authorId: t.owner.id });
  const file = await uploadCommunityFile(t.as(anna), { fileName: `${m}.png`, contentType: 'image/png', data: PNG(m) });
  await createPost(t.as(anna), { topic_id: topicId, title: `Help from ${m}`, details: `<p>I am ${m}</p><p><img src="/hc/community_attachments/${file.id}/${file.fileName}"></p>` });
  const gone = await createPost(t.as(anna), { topic_id: topicId, title: 'Deleted', details: `<p>Call ${m}</p>` });
  expect((await t.call('DELETE', `/api/v2/community/posts/${gone}`)).status).toBe(204);
  const bobPostId = await createPost(t.as(bob), { topic_id: topicId, title: 'Refunds', details: `<p>My neighbour ${m} says refunds are slow.</p>` });
  await createPostComment(t.as(anna), { postId: bobPostId, body: `<p>Yes, ${m} here</p>` });
  await createArticleComment(t.as(anna), { articleId, body: `<p>Thanks, ${m}</p>` });
  await castVote(t.as(anna), { itemType: 'post', itemId: bobPostId, value: 1 });
  await castVote(t.as(anna), { itemType: 'article', itemId: articleId, value: -1 });
  expect((await t.call('DELETE', `/api/v2/users/${userId}`)).status).toBe(200);
  return { userId, bobPostId, articleId };
}

const PLANTED = ['hc_posts.title', 'hc_posts.details', 'hc_posts.search_text', 'hc_post_comments.body', 'hc_article_comments.body', 'hc_community_attachments.data', 'hc_community_attachments.file_name'];

for (const kind of dbKinds) proofFor(kind);

function proofFor(kind: DbKind) {
  describe(`an erasure request reaches the community, to the byte [${kind}]`, () => {
    let t: TestApp;
    let m: string;
    beforeEach(async () => {
      t = await createTestApp(kind);
      if (kind === 'sqlite') await sql`pragma wal_autocheckpoint = 0`.execute(t.store.db);
      m = newMarker();
    });
    afterEach(async () => t.close());

    const columns = () => markerInAnyColumn(t.store.db, kind === 'postgres' ? t.store.pgSchema! : null, m);
    const files = async () => (kind === 'sqlite' ? hitsUnder(t.store.dataDir, m) : []);
    const votes = async (p: Plant) => ({
      post: (await t.call('GET', `/api/v2/community/posts/${p.bobPostId}`)).body.post,
      article: (await t.call('GET', `/api/v2/help_center/articles/${p.articleId}/votes`)).body.votes,
    });

    it('leaves the marker in no file and no column once every match is confirmed; her votes still count', async () => {
      const p = await plant(t, m);
      expect(await columns()).toEqual(expect.arrayContaining(PLANTED));
      if (kind === 'sqlite') expect((await files()).map((h) => h.file)).toEqual(expect.arrayContaining([expect.stringMatching(/^oubli\.db/)]));
      const r = await eraseByRequest(t, p.userId, m, () => false);
      // Bob's post names her: one match, proposed redact; her own posts and comments go with her.
      expect(r.matches.filter((x: any) => x.location === 'community').map((x: any) => [x.field, x.community_id, x.proposed_action])).toEqual([['post', p.bobPostId, 'redact_community']]);
      expect(r.status, JSON.stringify(r.certificate?.verification)).toBe('completed');
      expect(r.certificate.verification.passed).toBe(true);
      expect(await columns()).toEqual([]);
      expect(await files()).toEqual([]);
      const v = await votes(p);
      expect(v.post).toMatchObject({ vote_sum: 1, vote_count: 1, comment_count: 0 });
      expect(v.post.details).toContain('▇');
      expect(v.article).toEqual([expect.objectContaining({ value: -1, user_id: p.userId })]);
      const stub = (await t.call('GET', `/api/v2/users/${p.userId}`)).body.user;
      expect(stub?.name ?? 'Permanently Deleted User').not.toContain('Anna');
    });

    it('finds the marker afterwards in Bob\'s post when the agent rejects its match (negative control)', async () => {
      const p = await plant(t, m);
      const r = await eraseByRequest(t, p.userId, m, (x) => x.location === 'community');
      expect(r.certificate.verification.search_before_erasure.hits_in_rejected).toBe(1);
      const left = await columns();
      expect(left).toEqual(expect.arrayContaining(['hc_posts.details', 'hc_posts.search_text']));
      expect(left.every((c) => c.includes('hc_posts'))).toBe(true);
      if (kind === 'sqlite') expect((await files()).length).toBeGreaterThan(0);
      expect((await t.call('GET', `/api/v2/community/posts/${p.bobPostId}`)).body.post.details).toContain(m);
    });
  });
}
