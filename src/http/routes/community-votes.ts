import type { FastifyInstance, FastifyRequest } from 'fastify';
import { castVote } from '../../domain/community/cast-vote.ts';
import { createArticleComment } from '../../domain/community/create-article-comment.ts';
import { deleteArticleComment } from '../../domain/community/delete-article-comment.ts';
import { listArticleComments, readArticleComment } from '../../domain/community/read-article-comments.ts';
import { listVotes, readVote } from '../../domain/community/read-votes.ts';
import { updateArticleComment } from '../../domain/community/update-article-comment.ts';
import type { VoteTarget } from '../../domain/community/vote-items.ts';
import { withdrawVote } from '../../domain/community/withdraw-vote.ts';
import { ArticleCommentCreateSchema, ArticleCommentUpdateSchema } from '../../shared/community.ts';
import { idParam, parseRoot } from '../body.ts';
import { paginate } from '../pagination.ts';
import { presentArticleComments, presentVotes } from '../presenters/community.ts';

// Zendesk's Help Center API for article comments and for votes on articles, posts and post
// comments (docs/api.md "Help centre: community"). Staff, as every API route.

type P = { Params: { id: string; cid: string } };

const oneComment = async (req: FastifyRequest, articleId: number, id: number) => ({
  comment: presentArticleComments(req, [await readArticleComment(req.ctx, { articleId, commentId: id })])[0],
});

/** The three votable items, as their paths name them. */
const TARGETS: { path: string; of: (p: P['Params']) => VoteTarget }[] = [
  { path: '/help_center/articles/:id', of: (p) => ({ itemType: 'article', itemId: idParam(p.id) }) },
  { path: '/community/posts/:id', of: (p) => ({ itemType: 'post', itemId: idParam(p.id) }) },
  { path: '/community/posts/:id/comments/:cid', of: (p) => ({ itemType: 'post_comment', itemId: idParam(p.cid), postId: idParam(p.id) }) },
];

/** Article comments and votes. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get<P>('/help_center/articles/:id/comments', async (req) =>
    paginate(req, 'comments', await listArticleComments(req.ctx, { articleId: idParam(req.params.id) }), (rows) => presentArticleComments(req, rows)),
  );
  app.get<P>('/help_center/users/:id/comments', async (req) =>
    paginate(req, 'comments', await listArticleComments(req.ctx, { authorId: idParam(req.params.id) }), (rows) => presentArticleComments(req, rows)),
  );
  app.post<P>('/help_center/articles/:id/comments', async (req, reply) => {
    const articleId = idParam(req.params.id);
    const id = await createArticleComment(req.ctx, { ...parseRoot(ArticleCommentCreateSchema, 'comment', req.body), articleId });
    reply.status(201);
    return oneComment(req, articleId, id);
  });
  app.get<P>('/help_center/articles/:id/comments/:cid', async (req) => oneComment(req, idParam(req.params.id), idParam(req.params.cid)));
  app.put<P>('/help_center/articles/:id/comments/:cid', async (req) => {
    const articleId = idParam(req.params.id);
    const id = idParam(req.params.cid);
    await updateArticleComment(req.ctx, { articleId, commentId: id, patch: parseRoot(ArticleCommentUpdateSchema, 'comment', req.body) });
    return oneComment(req, articleId, id);
  });
  app.delete<P>('/help_center/articles/:id/comments/:cid', async (req, reply) => {
    await deleteArticleComment(req.ctx, { articleId: idParam(req.params.id), commentId: idParam(req.params.cid) });
    reply.status(204);
  });

  for (const t of TARGETS) {
    app.get<P>(`${t.path}/votes`, async (req) => paginate(req, 'votes', await listVotes(req.ctx, t.of(req.params)), (rows) => presentVotes(req, rows)));
    for (const [dir, value] of [['up', 1], ['down', -1]] as const) {
      app.post<P>(`${t.path}/${dir}`, async (req, reply) => {
        const id = await castVote(req.ctx, { ...t.of(req.params), value });
        reply.status(200);
        return { vote: presentVotes(req, [await readVote(req.ctx, { voteId: id })])[0] };
      });
    }
  }
  app.get<P>('/help_center/votes/:id', async (req) => ({ vote: presentVotes(req, [await readVote(req.ctx, { voteId: idParam(req.params.id) })])[0] }));
  app.delete<P>('/help_center/votes/:id', async (req, reply) => {
    await withdrawVote(req.ctx, { voteId: idParam(req.params.id) });
    reply.status(204);
  });
}
