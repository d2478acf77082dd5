import { requestSigninLink } from '../src/domain/hc-auth/request-signin-link.ts';
import { redeemSigninLink } from '../src/domain/hc-auth/redeem-signin-link.ts';
import { signOutHc } from '../src/domain/hc-auth/sign-out-hc.ts';
import { uploadCommunityFile } from '../src/domain/community/upload-community-file.ts';
import { withActor } from '../src/context.ts';
import type { TestApp } from './app.ts';
import { ok, type Row } from './audit-rows-channels.ts';
import { insertArticle } from './factories/hc-community.ts';

// The audit actions of the help centre's community and its sign-in (docs/help-centre-community.md),
// for src/domain/events.test.ts: driven through the API (the sign-in through its domain
// actions, as the /hc form does), with a marker in every text and file name they touch.

const topicOf = async (t: TestApp, m: string) => (await ok(t.call('POST', '/api/v2/community/topics', { topic: { name: `Topic ${m}`, description: m } }), 201)).topic.id as number;
const postOf = async (t: TestApp, m: string) =>
  (await ok(t.call('POST', '/api/v2/community/posts', { post: { title: `I am ${m}`, details: `<p>Mail me at ${m}@example.test</p>`, topic_id: await topicOf(t, m) } }), 201)).post.id as number;
async function commentOf(t: TestApp, m: string) {
  const p = await postOf(t, m);
  return { p, c: (await ok(t.call('POST', `/api/v2/community/posts/${p}/comments`, { comment: { body: `Call ${m}` } }), 201)).comment.id as number };
}
async function articleCommentOf(t: TestApp, m: string) {
  const { articleId } = await insertArticle(t, { authorId: t.owner.id });
  return { a: articleId, c: (await ok(t.call('POST', `/api/v2/help_center/articles/${articleId}/comments`, { comment: { body: `Thanks, ${m}` } }), 201)).comment.id as number };
}
async function endUserLink(t: TestApp, m: string) {
  const id = await t.contact({ name: `Name ${m}`, email: `${m}@example.test` });
  const link = (await requestSigninLink(withActor(t.ctx, null), { email: `${m}@example.test`, clientAddress: '198.51.100.7' }))!;
  return { id, link };
}

/** The community rows. */
export function communityRows(): Row[] {
  return [
    { action: 'community_topic.created', drive: async (t, m) => ({ subjectType: 'community_topic', subjectId: await topicOf(t, m) }) },
    {
      action: 'community_topic.updated',
      async drive(t, m) {
        const id = await topicOf(t, m);
        await ok(t.call('PUT', `/api/v2/community/topics/${id}`, { topic: { name: `Renamed ${m}` } }));
        return { subjectType: 'community_topic', subjectId: id };
      },
    },
    {
      action: 'community_topic.deleted',
      async drive(t, m) {
        const id = await topicOf(t, m);
        await ok(t.call('DELETE', `/api/v2/community/topics/${id}`), 204);
        return { subjectType: 'community_topic', subjectId: id };
      },
    },
    { action: 'community_post.created', drive: async (t, m) => ({ subjectType: 'community_post', subjectId: await postOf(t, m) }) },
    {
      action: 'community_post.updated',
      async drive(t, m) {
        const id = await postOf(t, m);
        await ok(t.call('PUT', `/api/v2/community/posts/${id}`, { post: { title: `Still ${m}`, details: `<p>${m}</p>` } }));
        return { subjectType: 'community_post', subjectId: id };
      },
    },
    {
      action: 'community_post.deleted',
      async drive(t, m) {
        const id = await postOf(t, m);
        await ok(t.call('DELETE', `/api/v2/community/posts/${id}`), 204);
        return { subjectType: 'community_post', subjectId: id };
      },
    },
    { action: 'community_comment.created', drive: async (t, m) => ({ subjectType: 'community_comment', subjectId: (await commentOf(t, m)).c }) },
    {
      action: 'community_comment.updated',
      async drive(t, m) {
        const { p, c } = await commentOf(t, m);
        await ok(t.call('PUT', `/api/v2/community/posts/${p}/comments/${c}`, { comment: { body: `Again ${m}` } }));
        return { subjectType: 'community_comment', subjectId: c };
      },
    },
    {
      action: 'community_comment.deleted',
      async drive(t, m) {
        const { p, c } = await commentOf(t, m);
        await ok(t.call('DELETE', `/api/v2/community/posts/${p}/comments/${c}`), 204);
        return { subjectType: 'community_comment', subjectId: c };
      },
    },
    { action: 'article_comment.created', drive: async (t, m) => ({ subjectType: 'article_comment', subjectId: (await articleCommentOf(t, m)).c }) },
    {
      action: 'article_comment.updated',
      async drive(t, m) {
        const { a, c } = await articleCommentOf(t, m);
        await ok(t.call('PUT', `/api/v2/help_center/articles/${a}/comments/${c}`, { comment: { body: `Again ${m}` } }));
        return { subjectType: 'article_comment', subjectId: c };
      },
    },
    {
      action: 'article_comment.deleted',
      async drive(t, m) {
        const { a, c } = await articleCommentOf(t, m);
        await ok(t.call('DELETE', `/api/v2/help_center/articles/${a}/comments/${c}`), 204);
        return { subjectType: 'article_comment', subjectId: c };
      },
    },
    {
      action: 'vote.cast',
      async drive(t, m) {
        const v = await ok(t.call('POST', `/api/v2/community/posts/${await postOf(t, m)}/up`));
        return { subjectType: 'vote', subjectId: v.vote.id };
      },
    },
    {
      action: 'vote.withdrawn',
      async drive(t, m) {
        const v = await ok(t.call('POST', `/api/v2/community/posts/${await postOf(t, m)}/down`));
        await ok(t.call('DELETE', `/api/v2/help_center/votes/${v.vote.id}`), 204);
        return { subjectType: 'vote', subjectId: v.vote.id };
      },
    },
    {
      action: 'community_file.uploaded',
      async drive(t, m) {
        const f = await uploadCommunityFile(t.as(t.owner), { fileName: `${m}.png`, contentType: 'image/png', data: Buffer.from(`PNG ${m}`) });
        return { subjectType: 'community_file', subjectId: f.id };
      },
    },
    {
      action: 'hc_session.link_sent',
      async drive(t, m) {
        const { id } = await endUserLink(t, m);
        return { subjectType: 'user', subjectId: id };
      },
    },
    {
      action: 'hc_session.signed_in',
      async drive(t, m) {
        const { id, link } = await endUserLink(t, m);
        await redeemSigninLink(withActor(t.ctx, null), { token: link.token });
        return { subjectType: 'user', subjectId: id };
      },
    },
    {
      action: 'hc_session.signed_out',
      async drive(t, m) {
        const { id, link } = await endUserLink(t, m);
        const s = await redeemSigninLink(withActor(t.ctx, null), { token: link.token });
        await signOutHc(withActor(t.ctx, null), { token: s.token });
        return { subjectType: 'user', subjectId: id };
      },
    },
  ];
}
