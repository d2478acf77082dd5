import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type Staff, type TestApp } from '../../../test/app.ts';
import { describeEachDb } from '../../../test/db.ts';
import { insertArticle } from '../../../test/factories/hc-community.ts';
import { uploadCommunityFile } from '../../domain/community/upload-community-file.ts';

// The Help Center community API (docs/help-centre-community.md, docs/api.md): topics, posts,
// post comments, article comments and votes, in Zendesk's paths and fields; bad input
// changes nothing; deleting a post takes its comments, files and votes at once.

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describeEachDb('community API', (kind) => {
  let t: TestApp;
  let agent: Staff;
  beforeEach(async () => {
    t = await createTestApp(kind);
    agent = await t.staff('agent');
  });
  afterEach(async () => t.close());

  const topic = async () => (await t.call('POST', '/api/v2/community/topics', { topic: { name: 'Ideas', description: 'Tell us' } })).body.topic.id as number;
  const count = async (table: string) => Number((await (t.store.db as any).selectFrom(table).select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('topics: admins create, change and delete them; agents read but cannot change them', async () => {
    const r = await t.call('POST', '/api/v2/community/topics', { topic: { name: 'Ideas', description: 'Tell us', position: 2 } });
    expect(r.status).toBe(201);
    expect(r.body.topic).toMatchObject({ name: 'Ideas', description: 'Tell us', position: 2, html_url: expect.stringMatching(/\/hc\/community\/topics\/\d+$/) });
    const id = r.body.topic.id;
    expect((await t.call('POST', '/api/v2/community/topics', { topic: { name: 'X' } }, agent)).status).toBe(403);
    expect((await t.call('PUT', `/api/v2/community/topics/${id}`, { topic: { name: 'Y' } }, agent)).status).toBe(403);
    expect((await t.call('GET', '/api/v2/community/topics', undefined, agent)).body).toMatchObject({ topics: [{ id, name: 'Ideas' }], count: 1 });
    expect((await t.call('PUT', `/api/v2/community/topics/${id}`, { topic: { name: 'Feature requests' } })).body.topic.name).toBe('Feature requests');
    // Bad input: 422 naming the field, the topic as it was.
    const bad = await t.call('PUT', `/api/v2/community/topics/${id}`, { topic: { name: '' } });
    expect(bad.status).toBe(422);
    expect((await t.call('GET', `/api/v2/community/topics/${id}`)).body.topic.name).toBe('Feature requests');
    // A topic with posts is not deleted with them.
    const post = await t.call('POST', '/api/v2/community/posts', { post: { title: 'Dark mode', details: '<p>Please</p>', topic_id: id } }, agent);
    expect((await t.call('DELETE', `/api/v2/community/topics/${id}`)).status).toBe(422);
    expect((await t.call('DELETE', `/api/v2/community/posts/${post.body.post.id}`)).status).toBe(204);
    expect((await t.call('DELETE', `/api/v2/community/topics/${id}`)).status).toBe(204);
    expect((await t.call('GET', `/api/v2/community/topics/${id}`)).status).toBe(404);
  });

  it('posts and comments: sanitized, with Zendesk fields; author or admin changes them; moderator fields need an admin', async () => {
    const topicId = await topic();
    const r = await t.call('POST', '/api/v2/community/posts', { post: { title: 'Dark mode', details: '<p onclick="x()">Please <script>alert(1)</script><img src="https://tracker.example/p.gif"></p>', topic_id: topicId } }, agent);
    expect(r.status).toBe(201);
    const post = r.body.post;
    expect(post).toMatchObject({ title: 'Dark mode', details: '<p>Please </p>', author_id: agent.id, topic_id: topicId, vote_sum: 0, vote_count: 0, comment_count: 0, status: 'none', pinned: false, closed: false });
    expect((await t.call('POST', '/api/v2/community/posts', { post: { title: 'x', details: 'y', topic_id: topicId, pinned: true } }, agent)).status).toBe(403);
    expect((await t.call('POST', '/api/v2/community/posts', { post: { title: 'x', details: 'y', topic_id: 999999 } }, agent)).status).toBe(404);
    const other = await t.staff('agent');
    expect((await t.call('PUT', `/api/v2/community/posts/${post.id}`, { post: { title: 'Mine now' } }, other)).status).toBe(403);
    expect((await t.call('PUT', `/api/v2/community/posts/${post.id}`, { post: { title: 'Dark mode, please' } }, agent)).body.post.title).toBe('Dark mode, please');
    expect((await t.call('PUT', `/api/v2/community/posts/${post.id}`, { post: { status: 'planned', pinned: true } })).body.post).toMatchObject({ status: 'planned', pinned: true });
    const c = await t.call('POST', `/api/v2/community/posts/${post.id}/comments`, { comment: { body: '<b>Yes</b>' } }, other);
    expect(c.status).toBe(201);
    expect(c.body.comment).toMatchObject({ body: '<b>Yes</b>', post_id: post.id, author_id: other.id, official: false, vote_sum: 0 });
    expect((await t.call('GET', `/api/v2/community/posts/${post.id}/comments`)).body.comments).toHaveLength(1);
    expect((await t.call('GET', `/api/v2/community/users/${other.id}/comments`)).body.comments).toHaveLength(1);
    expect((await t.call('GET', `/api/v2/community/users/${agent.id}/posts`)).body.posts.map((p: any) => p.id)).toEqual([post.id]);
    expect((await t.call('GET', `/api/v2/community/topics/${topicId}/posts`)).body.posts[0].comment_count).toBe(1);
    // A comment is reached only through its own post.
    const post2 = (await t.call('POST', '/api/v2/community/posts', { post: { title: 'B', details: 'b', topic_id: topicId } }, agent)).body.post;
    expect((await t.call('GET', `/api/v2/community/posts/${post2.id}/comments/${c.body.comment.id}`)).status).toBe(404);
    expect((await t.call('DELETE', `/api/v2/community/posts/${post2.id}/comments/${c.body.comment.id}`)).status).toBe(404);
    // A closed post takes no comments but an admin's.
    await t.call('PUT', `/api/v2/community/posts/${post.id}`, { post: { closed: true } });
    expect((await t.call('POST', `/api/v2/community/posts/${post.id}/comments`, { comment: { body: 'late' } }, other)).status).toBe(403);
    expect((await t.call('PUT', `/api/v2/community/posts/${post.id}/comments/${c.body.comment.id}`, { comment: { body: 'No' } }, agent)).status).toBe(403);
    expect((await t.call('DELETE', `/api/v2/community/posts/${post.id}/comments/${c.body.comment.id}`, undefined, other)).status).toBe(204);
  });

  it('votes: one per person and item, changed, withdrawn; vote_sum and vote_count computed', async () => {
    const topicId = await topic();
    const post = (await t.call('POST', '/api/v2/community/posts', { post: { title: 'Vote', details: 'me', topic_id: topicId } }, agent)).body.post;
    const up = await t.call('POST', `/api/v2/community/posts/${post.id}/up`, undefined, agent);
    expect(up.status).toBe(200);
    expect(up.body.vote).toMatchObject({ user_id: agent.id, value: 1, item_id: post.id, item_type: 'Post' });
    const again = await t.call('POST', `/api/v2/community/posts/${post.id}/up`, undefined, agent);
    expect(again.body.vote.id).toBe(up.body.vote.id);
    await t.call('POST', `/api/v2/community/posts/${post.id}/down`);
    expect((await t.call('GET', `/api/v2/community/posts/${post.id}`)).body.post).toMatchObject({ vote_sum: 0, vote_count: 2 });
    const changed = await t.call('POST', `/api/v2/community/posts/${post.id}/down`, undefined, agent);
    expect(changed.body.vote).toMatchObject({ id: up.body.vote.id, value: -1 });
    expect((await t.call('GET', `/api/v2/community/posts/${post.id}`)).body.post).toMatchObject({ vote_sum: -2, vote_count: 2 });
    expect((await t.call('GET', `/api/v2/community/posts/${post.id}/votes`)).body.votes).toHaveLength(2);
    const other = await t.staff('agent');
    expect((await t.call('DELETE', `/api/v2/help_center/votes/${up.body.vote.id}`, undefined, other)).status).toBe(403);
    expect((await t.call('DELETE', `/api/v2/help_center/votes/${up.body.vote.id}`, undefined, agent)).status).toBe(204);
    expect((await t.call('GET', `/api/v2/help_center/votes/${up.body.vote.id}`)).status).toBe(404);
    expect((await t.call('GET', `/api/v2/community/posts/${post.id}`)).body.post).toMatchObject({ vote_sum: -1, vote_count: 1 });
    // Comments and articles are voted on the same way.
    const c = (await t.call('POST', `/api/v2/community/posts/${post.id}/comments`, { comment: { body: 'hi' } })).body.comment;
    expect((await t.call('POST', `/api/v2/community/posts/${post.id}/comments/${c.id}/up`, undefined, agent)).body.vote.item_type).toBe('PostComment');
    expect((await t.call('GET', `/api/v2/community/posts/${post.id}/comments/${c.id}`)).body.comment).toMatchObject({ vote_sum: 1, vote_count: 1 });
    const { articleId } = await insertArticle(t, { authorId: t.owner.id });
    expect((await t.call('POST', `/api/v2/help_center/articles/${articleId}/down`, undefined, agent)).body.vote).toMatchObject({ item_type: 'Article', value: -1 });
    expect((await t.call('GET', `/api/v2/help_center/articles/${articleId}/votes`)).body.count).toBe(1);
    expect((await t.call('POST', '/api/v2/help_center/articles/999999/up')).status).toBe(404);
  });

  it('article comments: on published articles that take comments only', async () => {
    const { articleId } = await insertArticle(t, { authorId: t.owner.id });
    const r = await t.call('POST', `/api/v2/help_center/articles/${articleId}/comments`, { comment: { body: '<p>Thanks!</p>' } }, agent);
    expect(r.status).toBe(201);
    expect(r.body.comment).toMatchObject({ body: '<p>Thanks!</p>', author_id: agent.id, source_id: articleId, source_type: 'Article', locale: 'en-us' });
    const id = r.body.comment.id;
    expect((await t.call('GET', `/api/v2/help_center/articles/${articleId}/comments`)).body.comments.map((c: any) => c.id)).toEqual([id]);
    expect((await t.call('GET', `/api/v2/help_center/users/${agent.id}/comments`)).body.count).toBe(1);
    expect((await t.call('PUT', `/api/v2/help_center/articles/${articleId}/comments/${id}`, { comment: { body: 'Thanks a lot' } }, agent)).body.comment.body).toBe('Thanks a lot');
    const other = await t.staff('agent');
    expect((await t.call('DELETE', `/api/v2/help_center/articles/${articleId}/comments/${id}`, undefined, other)).status).toBe(403);
    const draft = await insertArticle(t, { authorId: t.owner.id, draft: true });
    expect((await t.call('POST', `/api/v2/help_center/articles/${draft.articleId}/comments`, { comment: { body: 'x' } })).status).toBe(404);
    const closed = await insertArticle(t, { authorId: t.owner.id, commentsDisabled: true });
    expect((await t.call('POST', `/api/v2/help_center/articles/${closed.articleId}/comments`, { comment: { body: 'x' } })).status).toBe(403);
    const archived = await insertArticle(t, { authorId: t.owner.id, archived: true });
    expect((await t.call('POST', `/api/v2/help_center/articles/${archived.articleId}/comments`, { comment: { body: 'x' } })).status).toBe(404);
    expect((await t.call('POST', `/api/v2/help_center/articles/${articleId}/comments`, { comment: {} })).status).toBe(422);
    expect(await count('hc_article_comments')).toBe(1);
    expect((await t.call('DELETE', `/api/v2/help_center/articles/${articleId}/comments/${id}`, undefined, agent)).status).toBe(204);
    expect(await count('hc_article_comments')).toBe(0);
  });

  it('deleting a post removes its comments, files and votes in one go; its files are 404 at once', async () => {
    const topicId = await topic();
    const file = await uploadCommunityFile(t.as(agent), { fileName: 'shot.png', contentType: 'image/png', data: PNG });
    const src = `/hc/community_attachments/${file.id}/${file.fileName}`;
    // An upload not yet used is its uploader's alone.
    expect((await t.app.inject({ method: 'GET', url: src })).statusCode).toBe(404);
    const post = (await t.call('POST', '/api/v2/community/posts', { post: { title: 'Bug', details: `<p>See <img src="${src}"></p>`, topic_id: topicId } }, agent)).body.post;
    expect(post.details).toContain(`<img src="${src}"`);
    const got = await t.app.inject({ method: 'GET', url: src });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.rawPayload.equals(PNG)).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: `/hc/community_attachments/${file.id}/other.png` })).statusCode).toBe(404);
    const c = (await t.call('POST', `/api/v2/community/posts/${post.id}/comments`, { comment: { body: 'Same here' } })).body.comment;
    await t.call('POST', `/api/v2/community/posts/${post.id}/up`);
    await t.call('POST', `/api/v2/community/posts/${post.id}/comments/${c.id}/up`);
    // Someone else's upload cannot be claimed.
    const theirs = await uploadCommunityFile(t.as(t.owner), { fileName: 'a.png', contentType: 'image/png', data: PNG });
    const refused = await t.call('POST', '/api/v2/community/posts', { post: { title: 'x', details: 'y', topic_id: topicId, attachment_ids: [theirs.id] } }, agent);
    expect(refused.status).toBe(422);
    expect(await count('hc_posts')).toBe(1);
    expect((await t.call('DELETE', `/api/v2/community/posts/${post.id}`, undefined, agent)).status).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: src })).statusCode).toBe(404);
    expect(await count('hc_posts')).toBe(0);
    expect(await count('hc_post_comments')).toBe(0);
    expect(await count('hc_votes')).toBe(0);
    expect(await count('hc_community_attachments')).toBe(1); // the owner's unused upload
    expect((await t.call('GET', `/api/v2/community/posts/${post.id}`)).status).toBe(404);
  });

  it('the community API is for staff: nobody signed in is refused (end users: test/e2e/help-centre-public.test.ts)', async () => {
    const topicId = await topic();
    const anon = await t.call('GET', '/api/v2/community/topics', undefined, null);
    expect(anon.status).toBe(401);
    expect((await t.call('POST', '/api/v2/community/posts', { post: { title: 'x', details: 'y', topic_id: topicId } }, null)).status).toBe(401);
  });
});
