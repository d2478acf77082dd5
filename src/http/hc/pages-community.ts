import type { FastifyInstance, FastifyRequest } from 'fastify';
import { communityHtml, communityPlain, type CommunityText } from '../../domain/community/community-html.ts';
import { createPost } from '../../domain/community/create-post.ts';
import { createPostComment } from '../../domain/community/create-post-comment.ts';
import { deletePost } from '../../domain/community/delete-post.ts';
import { deletePostComment } from '../../domain/community/delete-post-comment.ts';
import { readAuthorNames } from '../../domain/community/read-author-names.ts';
import { listPostComments } from '../../domain/community/read-post-comments.ts';
import { postsForReaders, readPost } from '../../domain/community/read-posts.ts';
import { readTopic, topicsForReaders } from '../../domain/community/read-topics.ts';
import { myVote, readVoteTotals } from '../../domain/community/read-votes.ts';
import { uploadCommunityFile } from '../../domain/community/upload-community-file.ts';
import { AppError } from '../../errors.ts';
import { canChangeHelpCentreItem } from '../../shared/policy.ts';
import { isIdText } from '../../shared/ids.ts';
import { idParam } from '../body.ts';
import { pageCtx } from './index.ts';
import { readCheckedForm, type Form } from './forms.ts';
import { applyVote, voteForms } from './pages-kb.ts';
import { csrfField, h, page, seeOther, sendPage, when } from './render.ts';

// The community as anyone reads it (topics, posts, comments) and signed-in readers write it:
// a new post or a comment is a form with an optional image, which becomes a community file
// shown in it (/hc/community_attachments/…).

type P = { Params: { id: string; cid: string } };

const TITLE_MAX = 255;
const TEXT_MAX = 20_000;

/** The text of a form's textarea with the form's image (uploaded first) shown under it. */
async function textWithImage(req: FastifyRequest, form: Form, field: string): Promise<CommunityText> {
  const text = (form.fields.get(field) ?? '').trim();
  if (!text) throw new AppError('record_invalid', 'Write something first.');
  if (text.length > TEXT_MAX) throw new AppError('record_invalid', `Keep it under ${TEXT_MAX} characters.`);
  const file = form.files.get('image');
  if (!file) return communityPlain(text);
  const up = await uploadCommunityFile(req.ctx, file);
  return communityHtml(`${communityPlain(text).html}<p><img src="/hc/community_attachments/${up.id}/${encodeURIComponent(up.fileName)}" alt=""></p>`);
}

function deleteButton(action: string, label: string, csrf: string): string {
  return `<form method="post" action="${h(action)}" class="inline">${csrf}<button type="submit">${h(label)}</button></form>`;
}

/** The community's pages. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/hc/community/topics', async (req, reply) => {
    const p = await pageCtx(req, reply);
    const topics = await topicsForReaders(req.ctx);
    const list = topics.map((t) => `<li><a href="/hc/community/topics/${t.id}">${h(t.name)}</a><br><span class="meta">${h(t.description)}</span></li>`).join('');
    return sendPage(reply, page(p, 'Community', `<h1>Community</h1>${list ? `<ul>${list}</ul>` : '<p>No topics yet.</p>'}`));
  });

  app.get<P>('/hc/community/topics/:id', async (req, reply) => {
    const p = await pageCtx(req, reply);
    const topic = await readTopic(req.ctx, { topicId: idParam(req.params.id) });
    const posts = await postsForReaders(req.ctx, { topicId: topic.id });
    const names = await readAuthorNames(req.ctx, { ids: posts.map((x) => x.author_id) });
    const list = posts.map((x) => `<li><a href="/hc/community/posts/${x.id}">${h(x.title)}</a> <span class="meta">${h(names.get(x.author_id))} · ${when(x.created_at)}${x.pinned ? ' · pinned' : ''}</span></li>`).join('');
    const newPost = p.actor ? `<p><a href="/hc/community/posts/new?topic_id=${topic.id}">New post</a></p>` : '<p><a href="/hc/signin">Sign in to post</a></p>';
    return sendPage(reply, page(p, topic.name, `<h1>${h(topic.name)}</h1><p>${h(topic.description)}</p>${newPost}${list ? `<ul>${list}</ul>` : '<p>No posts yet.</p>'}`));
  });

  app.get('/hc/community/posts/new', async (req, reply) => {
    const p = await pageCtx(req, reply);
    if (!p.actor) return seeOther(reply, '/hc/signin');
    const q = (req.query as { topic_id?: unknown }).topic_id;
    const chosen = typeof q === 'string' && isIdText(q) ? Number(q) : null;
    const topics = await topicsForReaders(req.ctx);
    if (!topics.length) throw new AppError('not_found', 'Not found');
    const options = topics.map((t) => `<option value="${t.id}"${t.id === chosen ? ' selected' : ''}>${h(t.name)}</option>`).join('');
    const form = `<h1>New post</h1><form method="post" action="/hc/community/posts" enctype="multipart/form-data">${csrfField(p)}
<label for="post-topic">Topic</label><select id="post-topic" name="topic_id">${options}</select>
<label for="post-title">Title</label><input id="post-title" name="title" type="text" required maxlength="${TITLE_MAX}">
<label for="post-details">Details</label><textarea id="post-details" name="details" required maxlength="${TEXT_MAX}"></textarea>
<label for="post-image">Image (PNG, JPEG, GIF or WebP; optional)</label><input id="post-image" name="image" type="file" accept="image/png,image/jpeg,image/gif,image/webp">
<button type="submit">Post</button></form>`;
    return sendPage(reply, page(p, 'New post', form));
  });

  app.post('/hc/community/posts', async (req, reply) => {
    const form = await readCheckedForm(app, req);
    const title = (form.fields.get('title') ?? '').trim();
    const topicText = form.fields.get('topic_id') ?? '';
    if (!title || title.length > TITLE_MAX || /[\r\n]/.test(title)) throw new AppError('record_invalid', `Give a title of one line, up to ${TITLE_MAX} characters.`);
    if (!isIdText(topicText)) throw new AppError('record_invalid', 'Choose a topic.');
    await readTopic(req.ctx, { topicId: Number(topicText) });
    const details = await textWithImage(req, form, 'details');
    const id = await createPost(req.ctx, { title, details: details.html, detailsText: details, topic_id: Number(topicText) });
    return seeOther(reply, `/hc/community/posts/${id}`);
  });

  app.get<P>('/hc/community/posts/:id', async (req, reply) => {
    const p = await pageCtx(req, reply);
    const post = await readPost(req.ctx, { postId: idParam(req.params.id) });
    const comments = await (await listPostComments(req.ctx, { postId: post.id })).fetch({ limit: 500 });
    const names = await readAuthorNames(req.ctx, { ids: [post.author_id, ...comments.map((c) => c.author_id)] });
    const postVotes = (await readVoteTotals(req.ctx, 'post', [post.id]))(post.id);
    const commentVotes = await readVoteTotals(req.ctx, 'post_comment', comments.map((c) => c.id));
    const mine = (await myVote(req.ctx, 'post', post.id))?.value ?? null;
    const csrf = csrfField(p);
    const mayChange = (authorId: number) => !!p.actor && canChangeHelpCentreItem(p.actor, authorId).ok;
    const commentHtml: string[] = [];
    for (const c of comments) {
      const my = (await myVote(req.ctx, 'post_comment', c.id))?.value ?? null;
      commentHtml.push(`<div class="comment" id="comment-${c.id}"><p class="meta">${h(names.get(c.author_id))}${c.official ? ' · official' : ''} · ${when(c.created_at)}</p><div>${c.body}</div>
${voteForms(p, `/hc/community/posts/${post.id}/comments/${c.id}/vote`, commentVotes(c.id), my, 'this comment')}${mayChange(c.author_id) ? deleteButton(`/hc/community/posts/${post.id}/comments/${c.id}/delete`, 'Delete comment', csrf) : ''}</div>`);
    }
    const form = post.closed && p.actor?.role !== 'admin'
      ? '<p>This post is closed for comments.</p>'
      : p.actor
        ? `<form method="post" action="/hc/community/posts/${post.id}/comments" enctype="multipart/form-data">${csrf}<label for="comment-body">Add a comment</label><textarea id="comment-body" name="body" required maxlength="${TEXT_MAX}"></textarea>
<label for="comment-image">Image (optional)</label><input id="comment-image" name="image" type="file" accept="image/png,image/jpeg,image/gif,image/webp"><button type="submit">Post comment</button></form>`
        : '<p><a href="/hc/signin">Sign in to comment</a></p>';
    const body = `<article class="post"><h1>${h(post.title)}</h1><p class="meta">${h(names.get(post.author_id))} · ${when(post.created_at)}</p><div>${post.details}</div>
${voteForms(p, `/hc/community/posts/${post.id}/vote`, postVotes, mine, 'this post')}${mayChange(post.author_id) ? deleteButton(`/hc/community/posts/${post.id}/delete`, 'Delete post', csrf) : ''}</article>
<section aria-labelledby="comments-h"><h2 id="comments-h">Comments (${comments.length})</h2>${commentHtml.join('')}${form}</section>
<p><a href="/hc/community/topics/${post.topic_id}">Back to the topic</a></p>`;
    return sendPage(reply, page(p, post.title, body));
  });

  app.post<P>('/hc/community/posts/:id/comments', async (req, reply) => {
    const postId = idParam(req.params.id);
    const form = await readCheckedForm(app, req);
    await readPost(req.ctx, { postId });
    const body = await textWithImage(req, form, 'body');
    const id = await createPostComment(req.ctx, { postId, body: body.html, bodyText: body });
    return seeOther(reply, `/hc/community/posts/${postId}#comment-${id}`);
  });

  app.post<P>('/hc/community/posts/:id/delete', async (req, reply) => {
    const post = await readPost(req.ctx, { postId: idParam(req.params.id) });
    await readCheckedForm(app, req);
    await deletePost(req.ctx, { postId: post.id });
    return seeOther(reply, `/hc/community/topics/${post.topic_id}`);
  });
  app.post<P>('/hc/community/posts/:id/comments/:cid/delete', async (req, reply) => {
    const postId = idParam(req.params.id);
    await readCheckedForm(app, req);
    await deletePostComment(req.ctx, { postId, commentId: idParam(req.params.cid) });
    return seeOther(reply, `/hc/community/posts/${postId}#comments-h`);
  });

  app.post<P>('/hc/community/posts/:id/vote', async (req, reply) => {
    const postId = idParam(req.params.id);
    const form = await readCheckedForm(app, req);
    await applyVote(req, form.fields.get('value'), { itemType: 'post', itemId: postId });
    return seeOther(reply, `/hc/community/posts/${postId}`);
  });
  app.post<P>('/hc/community/posts/:id/comments/:cid/vote', async (req, reply) => {
    const postId = idParam(req.params.id);
    const cid = idParam(req.params.cid);
    const form = await readCheckedForm(app, req);
    await applyVote(req, form.fields.get('value'), { itemType: 'post_comment', itemId: cid, postId });
    return seeOther(reply, `/hc/community/posts/${postId}#comment-${cid}`);
  });
}
