import { insertArticle } from '../factories/hc-community.ts';
import { admins, api, staff, type Row } from './roles-table.ts';
import type { World } from './world.ts';

// The help centre's community API (docs/help-centre-community.md): topics, posts, post
// comments, article comments and votes. Staff only, as every API route: end users take part
// through the public pages on /hc. Fixtures are written by the owner, so changing or deleting
// them is the author's (the owner's) or an admin's.

const topic = async (w: World) => (await w.must('POST', api('/community/topics'), { topic: { name: `Topic ${Math.random()}` } })).topic.id as number;
const post = async (w: World) => (await w.must('POST', api('/community/posts'), { post: { title: 'Dark mode', details: '<p>Please</p>', topic_id: await topic(w) } })).post.id as number;
async function comment(w: World) {
  const p = await post(w);
  const c = (await w.must('POST', api(`/community/posts/${p}/comments`), { comment: { body: 'Me too' } })).comment.id as number;
  return { p, c };
}
const article = async (w: World) => (await insertArticle(w.t, { authorId: w.t.owner.id })).articleId;
async function articleComment(w: World) {
  const a = await article(w);
  const c = (await w.must('POST', api(`/help_center/articles/${a}/comments`), { comment: { body: 'Thanks' } })).comment.id as number;
  return { a, c };
}
const vote = async (w: World) => (await w.must('POST', api(`/community/posts/${await post(w)}/up`))).vote.id as number;

const A = 'Help centre: community';

export const communityRows: Row[] = [
  { area: A, action: 'list topics', method: 'GET', path: '/community/topics', expect: staff(200) },
  { area: A, action: 'create a topic', method: 'POST', path: '/community/topics', expect: admins(201), make: async (_w, who) => ({ url: api('/community/topics'), body: { topic: { name: `Ideas ${who}` } } }) },
  { area: A, action: 'show a topic', method: 'GET', path: '/community/topics/{id}', expect: staff(200), make: async (w) => ({ url: api(`/community/topics/${await topic(w)}`) }) },
  { area: A, action: 'update a topic', method: 'PUT', path: '/community/topics/{id}', expect: admins(200), make: async (w) => ({ url: api(`/community/topics/${await topic(w)}`), body: { topic: { name: 'Renamed' } } }) },
  { area: A, action: 'delete an empty topic', method: 'DELETE', path: '/community/topics/{id}', expect: admins(204), make: async (w) => ({ url: api(`/community/topics/${await topic(w)}`) }) },
  { area: A, action: 'list posts', method: 'GET', path: '/community/posts', expect: staff(200) },
  { area: A, action: "list a topic's posts", method: 'GET', path: '/community/topics/{id}/posts', expect: staff(200), make: async (w) => ({ url: api(`/community/topics/${await topic(w)}/posts`) }) },
  { area: A, action: "list a user's posts", method: 'GET', path: '/community/users/{id}/posts', expect: staff(200), make: async (w) => ({ url: api(`/community/users/${w.t.owner.id}/posts`) }) },
  { area: A, action: 'create a post', method: 'POST', path: '/community/posts', expect: staff(201), make: async (w) => ({ url: api('/community/posts'), body: { post: { title: 'Idea', details: 'Text', topic_id: await topic(w) } } }) },
  { area: A, action: 'show a post', method: 'GET', path: '/community/posts/{id}', expect: staff(200), make: async (w) => ({ url: api(`/community/posts/${await post(w)}`) }) },
  { area: A, action: 'update a post (author or admin)', method: 'PUT', path: '/community/posts/{id}', expect: admins(200), make: async (w) => ({ url: api(`/community/posts/${await post(w)}`), body: { post: { title: 'Changed' } } }) },
  { area: A, action: 'delete a post (author or admin)', method: 'DELETE', path: '/community/posts/{id}', expect: admins(204), make: async (w) => ({ url: api(`/community/posts/${await post(w)}`) }) },
  { area: A, action: "list a post's comments", method: 'GET', path: '/community/posts/{id}/comments', expect: staff(200), make: async (w) => ({ url: api(`/community/posts/${await post(w)}/comments`) }) },
  { area: A, action: "list a user's post comments", method: 'GET', path: '/community/users/{id}/comments', expect: staff(200), make: async (w) => ({ url: api(`/community/users/${w.t.owner.id}/comments`) }) },
  { area: A, action: 'comment on a post', method: 'POST', path: '/community/posts/{id}/comments', expect: staff(201), make: async (w) => ({ url: api(`/community/posts/${await post(w)}/comments`), body: { comment: { body: 'Yes' } } }) },
  { area: A, action: 'show a post comment', method: 'GET', path: '/community/posts/{id}/comments/{cid}', expect: staff(200), make: async (w) => { const { p, c } = await comment(w); return { url: api(`/community/posts/${p}/comments/${c}`) }; } },
  { area: A, action: 'update a post comment (author or admin)', method: 'PUT', path: '/community/posts/{id}/comments/{cid}', expect: admins(200), make: async (w) => { const { p, c } = await comment(w); return { url: api(`/community/posts/${p}/comments/${c}`), body: { comment: { body: 'Changed' } } }; } },
  { area: A, action: 'delete a post comment (author or admin)', method: 'DELETE', path: '/community/posts/{id}/comments/{cid}', expect: admins(204), make: async (w) => { const { p, c } = await comment(w); return { url: api(`/community/posts/${p}/comments/${c}`) }; } },
  { area: A, action: "list an article's comments", method: 'GET', path: '/help_center/articles/{id}/comments', expect: staff(200), make: async (w) => ({ url: api(`/help_center/articles/${await article(w)}/comments`) }) },
  { area: A, action: "list a user's article comments", method: 'GET', path: '/help_center/users/{id}/comments', expect: staff(200), make: async (w) => ({ url: api(`/help_center/users/${w.t.owner.id}/comments`) }) },
  { area: A, action: 'comment on an article', method: 'POST', path: '/help_center/articles/{id}/comments', expect: staff(201), make: async (w) => ({ url: api(`/help_center/articles/${await article(w)}/comments`), body: { comment: { body: 'Thanks' } } }) },
  { area: A, action: 'show an article comment', method: 'GET', path: '/help_center/articles/{id}/comments/{cid}', expect: staff(200), make: async (w) => { const { a, c } = await articleComment(w); return { url: api(`/help_center/articles/${a}/comments/${c}`) }; } },
  { area: A, action: 'update an article comment (author or admin)', method: 'PUT', path: '/help_center/articles/{id}/comments/{cid}', expect: admins(200), make: async (w) => { const { a, c } = await articleComment(w); return { url: api(`/help_center/articles/${a}/comments/${c}`), body: { comment: { body: 'Changed' } } }; } },
  { area: A, action: 'delete an article comment (author or admin)', method: 'DELETE', path: '/help_center/articles/{id}/comments/{cid}', expect: admins(204), make: async (w) => { const { a, c } = await articleComment(w); return { url: api(`/help_center/articles/${a}/comments/${c}`) }; } },
  { area: A, action: "list an article's votes", method: 'GET', path: '/help_center/articles/{id}/votes', expect: staff(200), make: async (w) => ({ url: api(`/help_center/articles/${await article(w)}/votes`) }) },
  { area: A, action: 'vote an article up', method: 'POST', path: '/help_center/articles/{id}/up', expect: staff(200), make: async (w) => ({ url: api(`/help_center/articles/${await article(w)}/up`) }) },
  { area: A, action: 'vote an article down', method: 'POST', path: '/help_center/articles/{id}/down', expect: staff(200), make: async (w) => ({ url: api(`/help_center/articles/${await article(w)}/down`) }) },
  { area: A, action: "list a post's votes", method: 'GET', path: '/community/posts/{id}/votes', expect: staff(200), make: async (w) => ({ url: api(`/community/posts/${await post(w)}/votes`) }) },
  { area: A, action: 'vote a post up', method: 'POST', path: '/community/posts/{id}/up', expect: staff(200), make: async (w) => ({ url: api(`/community/posts/${await post(w)}/up`) }) },
  { area: A, action: 'vote a post down', method: 'POST', path: '/community/posts/{id}/down', expect: staff(200), make: async (w) => ({ url: api(`/community/posts/${await post(w)}/down`) }) },
  { area: A, action: "list a post comment's votes", method: 'GET', path: '/community/posts/{id}/comments/{cid}/votes', expect: staff(200), make: async (w) => { const { p, c } = await comment(w); return { url: api(`/community/posts/${p}/comments/${c}/votes`) }; } },
  { area: A, action: 'vote a post comment up', method: 'POST', path: '/community/posts/{id}/comments/{cid}/up', expect: staff(200), make: async (w) => { const { p, c } = await comment(w); return { url: api(`/community/posts/${p}/comments/${c}/up`) }; } },
  { area: A, action: 'vote a post comment down', method: 'POST', path: '/community/posts/{id}/comments/{cid}/down', expect: staff(200), make: async (w) => { const { p, c } = await comment(w); return { url: api(`/community/posts/${p}/comments/${c}/down`) }; } },
  { area: A, action: 'show a vote', method: 'GET', path: '/help_center/votes/{id}', expect: staff(200), make: async (w) => ({ url: api(`/help_center/votes/${await vote(w)}`) }) },
  { area: A, action: 'withdraw a vote (voter or admin)', method: 'DELETE', path: '/help_center/votes/{id}', expect: admins(204), make: async (w) => ({ url: api(`/help_center/votes/${await vote(w)}`) }) },
];
