import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { castVote } from '../../domain/community/cast-vote.ts';
import { createArticleComment } from '../../domain/community/create-article-comment.ts';
import { communityPlain } from '../../domain/community/community-html.ts';
import { deleteArticleComment } from '../../domain/community/delete-article-comment.ts';
import { readAuthorNames } from '../../domain/community/read-author-names.ts';
import { listArticleComments } from '../../domain/community/read-article-comments.ts';
import { readPublicArticle, readPublicCategories, readPublicCategory, readPublicSection, searchPublicArticles } from '../../domain/community/read-help-centre.ts';
import { myVote, readVoteTotals } from '../../domain/community/read-votes.ts';
import { withdrawVote } from '../../domain/community/withdraw-vote.ts';
import { AppError } from '../../errors.ts';
import { canChangeHelpCentreItem } from '../../shared/policy.ts';
import { idParam } from '../body.ts';
import { pageCtx } from './index.ts';
import { readCheckedForm } from './forms.ts';
import { csrfField, h, hcUrl, page, seeOther, sendPage, when, type PageCtx } from './render.ts';

// The knowledge base as anyone reads it: categories, sections, published articles with their
// files and comments, and search. Signed-in readers comment and vote with plain forms.

type P = { Params: { id: string; cid: string; locale?: string } };

/** Registers a page under /hc/… and /hc/{locale}/…. */
function both(app: FastifyInstance, path: string, handler: (req: FastifyRequest<P>, reply: FastifyReply) => Promise<unknown>) {
  app.get<P>(`/hc${path}`, handler);
  app.get<P>(`/hc/:locale${path}`, handler);
}

/** Vote buttons for a signed-in reader (a form each: works without JavaScript). */
export function voteForms(p: PageCtx, action: string, totals: { vote_sum: number; vote_count: number }, mine: 1 | -1 | null, what: string): string {
  const summary = `<span class="meta">${h(totals.vote_sum)} (${h(totals.vote_count)} ${totals.vote_count === 1 ? 'vote' : 'votes'})</span>`;
  if (!p.actor) return `<p>${summary} <a href="/hc/signin">Sign in to vote</a></p>`;
  const btn = (value: string, label: string, pressed: boolean) =>
    `<form method="post" action="${h(action)}" class="inline">${csrfField(p)}<input type="hidden" name="value" value="${value}"><button type="submit" aria-pressed="${pressed}">${label}<span class="skip"> ${h(what)}</span></button></form>`;
  return `<p>${btn(mine === 1 ? 'withdraw' : 'up', 'Vote up', mine === 1)} ${btn(mine === -1 ? 'withdraw' : 'down', 'Vote down', mine === -1)} ${summary}</p>`;
}

/** Applies a vote form: up, down, or withdraw the reader's vote. */
export async function applyVote(req: FastifyRequest, value: string | undefined, target: Parameters<typeof castVote>[1] extends infer T ? Omit<T & object, 'value'> : never): Promise<void> {
  if (value === 'up' || value === 'down') {
    await castVote(req.ctx, { ...target, value: value === 'up' ? 1 : -1 });
    return;
  }
  if (value !== 'withdraw') throw new AppError('invalid_request', 'Choose up or down.');
  const mine = await myVote(req.ctx, target.itemType, target.itemId);
  if (mine) await withdrawVote(req.ctx, { voteId: mine.id });
}

/** The knowledge-base pages. */
export default async function routes(app: FastifyInstance): Promise<void> {
  const home = async (req: FastifyRequest<P>, reply: FastifyReply) => {
    const p = await pageCtx(req, reply);
    const cats = await readPublicCategories(req.ctx, p.locale);
    const list = cats.length ? `<ul>${cats.map((c) => `<li><a href="${hcUrl(p, `/categories/${c.id}`)}">${h(c.name)}</a><br><span class="meta">${h(c.description)}</span></li>`).join('')}</ul>` : '<p>Nothing here yet.</p>';
    return sendPage(reply, page(p, 'Help Center', `<h1>Help Center</h1><h2>Categories</h2>${list}<h2>Community</h2><p><a href="/hc/community/topics">Ask the community</a></p>`));
  };
  app.get<P>('/hc', home);
  app.get<P>('/hc/:locale', home);

  both(app, '/categories/:id', async (req, reply) => {
    const p = await pageCtx(req, reply);
    const { category, sections } = await readPublicCategory(req.ctx, idParam(req.params.id), p.locale);
    const list = sections.map((s) => `<li><a href="${hcUrl(p, `/sections/${s.id}`)}">${h(s.name)}</a></li>`).join('');
    return sendPage(reply, page(p, category.name, `<h1>${h(category.name)}</h1><p>${h(category.description)}</p><ul>${list}</ul>`));
  });

  both(app, '/sections/:id', async (req, reply) => {
    const p = await pageCtx(req, reply);
    const { section, articles } = await readPublicSection(req.ctx, idParam(req.params.id), p.locale);
    const list = articles.map((a) => `<li><a href="${hcUrl(p, `/articles/${a.id}`)}">${h(a.title)}</a></li>`).join('');
    return sendPage(reply, page(p, section.name, `<h1>${h(section.name)}</h1><p>${h(section.description)}</p>${list ? `<ul>${list}</ul>` : '<p>No articles yet.</p>'}`));
  });

  both(app, '/articles/:id', async (req, reply) => {
    const p = await pageCtx(req, reply);
    const id = idParam(req.params.id);
    const article = await readPublicArticle(req.ctx, id, p.locale);
    const comments = await (await listArticleComments(req.ctx, { articleId: id })).fetch({ limit: 200 });
    const names = await readAuthorNames(req.ctx, { ids: comments.map((c) => c.author_id) });
    const totals = (await readVoteTotals(req.ctx, 'article', [id]))(id);
    const mine = (await myVote(req.ctx, 'article', id))?.value ?? null;
    const fileList = article.attachments.filter((f) => !f.inline).map((f) => `<li><a href="${h(f.content_url)}">${h(f.file_name)}</a></li>`).join('');
    const commentList = comments
      .map((c) => {
        const del = p.actor && canChangeHelpCentreItem(p.actor, c.author_id).ok
          ? `<form method="post" action="/hc/articles/${id}/comments/${c.id}/delete" class="inline">${csrfField(p)}<button type="submit">Delete comment</button></form>` : '';
        return `<div class="comment" id="comment-${c.id}"><p class="meta">${h(names.get(c.author_id))} · ${when(c.created_at)}</p><div>${c.body}</div>${del}</div>`;
      })
      .join('');
    const form = article.comments_disabled
      ? ''
      : p.actor
        ? `<form method="post" action="/hc/articles/${id}/comments">${csrfField(p)}<label for="comment-body">Add a comment</label><textarea id="comment-body" name="body" required maxlength="20000"></textarea><button type="submit">Post comment</button></form>`
        : '<p><a href="/hc/signin">Sign in to comment</a></p>';
    const body = `<article><h1>${h(article.title)}</h1><div>${article.body}</div>${fileList ? `<h2>Attachments</h2><ul>${fileList}</ul>` : ''}</article>
<h2>Was this article helpful?</h2>${voteForms(p, `/hc/articles/${id}/vote`, totals, mine, 'this article')}
<section aria-labelledby="comments-h"><h2 id="comments-h">Comments (${comments.length})</h2>${commentList}${form}</section>`;
    return sendPage(reply, page(p, article.title, body));
  });

  app.post<P>('/hc/articles/:id/comments', async (req, reply) => {
    const id = idParam(req.params.id);
    const form = await readCheckedForm(app, req);
    const text = (form.fields.get('body') ?? '').trim();
    if (!text) throw new AppError('record_invalid', 'Write something first.');
    const cid = await createArticleComment(req.ctx, { articleId: id, body: text, bodyText: communityPlain(text) });
    return seeOther(reply, `/hc/articles/${id}#comment-${cid}`);
  });
  app.post<P>('/hc/articles/:id/comments/:cid/delete', async (req, reply) => {
    const id = idParam(req.params.id);
    await readCheckedForm(app, req);
    await deleteArticleComment(req.ctx, { articleId: id, commentId: idParam(req.params.cid) });
    return seeOther(reply, `/hc/articles/${id}#comments-h`);
  });
  app.post<P>('/hc/articles/:id/vote', async (req, reply) => {
    const id = idParam(req.params.id);
    const form = await readCheckedForm(app, req);
    await applyVote(req, form.fields.get('value'), { itemType: 'article', itemId: id });
    return seeOther(reply, `/hc/articles/${id}`);
  });

  both(app, '/search', async (req, reply) => {
    const p = await pageCtx(req, reply);
    const q = (req.query as { query?: unknown }).query;
    const query = typeof q === 'string' ? q.trim().slice(0, 500) : '';
    const found = query ? await searchPublicArticles(req.ctx, query, p.locale) : [];
    const list = found.map((a) => `<li><a href="${hcUrl(p, `/articles/${a.id}`)}">${h(a.title)}</a><br><span class="meta">${h(a.snippet)}</span></li>`).join('');
    const result = !query ? '<p>Type what you are looking for.</p>' : found.length ? `<p>${found.length} ${found.length === 1 ? 'result' : 'results'}</p><ul>${list}</ul>` : '<p>No articles match.</p>';
    return sendPage(reply, page(p, 'Search', `<h1>Search results</h1>${result}`));
  });
}
