import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createPost } from '../../domain/community/create-post.ts';
import { createPostComment } from '../../domain/community/create-post-comment.ts';
import { createTopic } from '../../domain/community/create-topic.ts';
import { deletePost } from '../../domain/community/delete-post.ts';
import { deletePostComment } from '../../domain/community/delete-post-comment.ts';
import { deleteTopic } from '../../domain/community/delete-topic.ts';
import { listPostComments, readPostComment } from '../../domain/community/read-post-comments.ts';
import { listPosts, readPost } from '../../domain/community/read-posts.ts';
import { listTopics, readTopic } from '../../domain/community/read-topics.ts';
import { updatePost } from '../../domain/community/update-post.ts';
import { updatePostComment } from '../../domain/community/update-post-comment.ts';
import { updateTopic } from '../../domain/community/update-topic.ts';
import { PostCommentCreateSchema, PostCommentUpdateSchema, PostCreateSchema, PostUpdateSchema, TopicCreateSchema, TopicUpdateSchema } from '../../shared/community.ts';
import { idParam, parseRoot } from '../body.ts';
import { paginate } from '../pagination.ts';
import { presentPostComments, presentPosts, presentTopics } from '../presenters/community.ts';

// Zendesk's Help Center community API (docs/api.md "Help centre: community";
// docs/help-centre-community.md): topics, posts and post comments. For staff, like every API
// route; end users take part through the public pages on /hc, whose session never opens the API.

type P = { Params: { id: string; cid: string } };

const oneTopic = async (req: FastifyRequest, id: number) => ({ topic: presentTopics(req, [await readTopic(req.ctx, { topicId: id })])[0] });
const onePost = async (req: FastifyRequest, id: number) => ({ post: (await presentPosts(req, req.ctx, [await readPost(req.ctx, { postId: id })]))[0] });
const oneComment = async (req: FastifyRequest, postId: number, id: number) => ({
  comment: (await presentPostComments(req, req.ctx, [await readPostComment(req.ctx, { postId, commentId: id })]))[0],
});

/** Community topics, posts and post comments. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/community/topics', async (req) => paginate(req, 'topics', listTopics(req.ctx), (rows) => presentTopics(req, rows)));
  app.post('/community/topics', async (req, reply) => {
    const id = await createTopic(req.ctx, parseRoot(TopicCreateSchema, 'topic', req.body));
    reply.status(201);
    return oneTopic(req, id);
  });
  app.get<P>('/community/topics/:id', async (req) => oneTopic(req, idParam(req.params.id)));
  app.put<P>('/community/topics/:id', async (req) => {
    const id = idParam(req.params.id);
    await updateTopic(req.ctx, { topicId: id, patch: parseRoot(TopicUpdateSchema, 'topic', req.body) });
    return oneTopic(req, id);
  });
  app.delete<P>('/community/topics/:id', async (req, reply) => {
    await deleteTopic(req.ctx, { topicId: idParam(req.params.id) });
    reply.status(204);
  });

  app.get('/community/posts', async (req) => paginate(req, 'posts', await listPosts(req.ctx, {}), (rows) => presentPosts(req, req.ctx, rows)));
  app.get<P>('/community/topics/:id/posts', async (req) =>
    paginate(req, 'posts', await listPosts(req.ctx, { topicId: idParam(req.params.id) }), (rows) => presentPosts(req, req.ctx, rows)),
  );
  app.get<P>('/community/users/:id/posts', async (req) =>
    paginate(req, 'posts', await listPosts(req.ctx, { authorId: idParam(req.params.id) }), (rows) => presentPosts(req, req.ctx, rows)),
  );
  app.post('/community/posts', async (req, reply) => {
    const id = await createPost(req.ctx, parseRoot(PostCreateSchema, 'post', req.body));
    reply.status(201);
    return onePost(req, id);
  });
  app.get<P>('/community/posts/:id', async (req) => onePost(req, idParam(req.params.id)));
  app.put<P>('/community/posts/:id', async (req) => {
    const id = idParam(req.params.id);
    await updatePost(req.ctx, { postId: id, patch: parseRoot(PostUpdateSchema, 'post', req.body) });
    return onePost(req, id);
  });
  app.delete<P>('/community/posts/:id', async (req, reply) => {
    await deletePost(req.ctx, { postId: idParam(req.params.id) });
    reply.status(204);
  });

  app.get<P>('/community/posts/:id/comments', async (req) =>
    paginate(req, 'comments', await listPostComments(req.ctx, { postId: idParam(req.params.id) }), (rows) => presentPostComments(req, req.ctx, rows)),
  );
  app.get<P>('/community/users/:id/comments', async (req) =>
    paginate(req, 'comments', await listPostComments(req.ctx, { authorId: idParam(req.params.id) }), (rows) => presentPostComments(req, req.ctx, rows)),
  );
  app.post<P>('/community/posts/:id/comments', async (req, reply) => {
    const postId = idParam(req.params.id);
    const id = await createPostComment(req.ctx, { ...parseRoot(PostCommentCreateSchema, 'comment', req.body), postId });
    reply.status(201);
    return oneComment(req, postId, id);
  });
  app.get<P>('/community/posts/:id/comments/:cid', async (req) => oneComment(req, idParam(req.params.id), idParam(req.params.cid)));
  app.put<P>('/community/posts/:id/comments/:cid', async (req) => {
    const postId = idParam(req.params.id);
    const id = idParam(req.params.cid);
    await updatePostComment(req.ctx, { postId, commentId: id, patch: parseRoot(PostCommentUpdateSchema, 'comment', req.body) });
    return oneComment(req, postId, id);
  });
  app.delete<P>('/community/posts/:id/comments/:cid', async (req, reply) => {
    await deletePostComment(req.ctx, { postId: idParam(req.params.id), commentId: idParam(req.params.cid) });
    reply.status(204);
  });
}
