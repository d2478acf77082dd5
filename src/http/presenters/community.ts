import type { FastifyRequest } from 'fastify';
import type { ArticleCommentRow, PostCommentRow, PostRow, TopicRow, VoteRow } from '../../domain/community/community-types.ts';
import type { Ctx } from '../../context.ts';
import { readCommentCounts } from '../../domain/community/read-post-comments.ts';
import { readVoteTotals } from '../../domain/community/read-votes.ts';
import { VOTE_ITEM_TYPES } from '../../shared/community.ts';
import { apiBase, bool, ts } from './common.ts';

// Zendesk's Help Center API shapes of community topics, posts and comments, article comments
// and votes (docs/api.md "Help centre: community"). html_url is the public page on /hc.

function siteBase(req: FastifyRequest): string {
  return `${req.protocol}://${req.headers.host ?? 'localhost'}`;
}

export function presentTopics(req: FastifyRequest, rows: TopicRow[]) {
  return rows.map((t) => ({
    id: t.id,
    url: `${apiBase(req)}/community/topics/${t.id}.json`,
    html_url: `${siteBase(req)}/hc/community/topics/${t.id}`,
    name: t.name,
    description: t.description,
    position: t.position,
    follower_count: 0,
    manageable_by: 'managers',
    user_segment_id: null,
    created_at: ts(t.created_at),
    updated_at: ts(t.updated_at),
  }));
}

export async function presentPosts(req: FastifyRequest, ctx: Ctx, rows: PostRow[]) {
  const ids = rows.map((p) => p.id);
  const [votes, comments] = await Promise.all([readVoteTotals(ctx, 'post', ids), readCommentCounts(ctx, { postIds: ids })]);
  return rows.map((p) => ({
    id: p.id,
    url: `${apiBase(req)}/community/posts/${p.id}.json`,
    html_url: `${siteBase(req)}/hc/community/posts/${p.id}`,
    title: p.title,
    details: p.details,
    author_id: p.author_id,
    topic_id: p.topic_id,
    ...votes(p.id),
    comment_count: comments(p.id),
    follower_count: 0,
    status: p.status,
    pinned: bool(p.pinned),
    featured: bool(p.featured),
    closed: bool(p.closed),
    frozen: false,
    created_at: ts(p.created_at),
    updated_at: ts(p.updated_at),
  }));
}

export async function presentPostComments(req: FastifyRequest, ctx: Ctx, rows: PostCommentRow[]) {
  const votes = await readVoteTotals(ctx, 'post_comment', rows.map((c) => c.id));
  return rows.map((c) => ({
    id: c.id,
    url: `${apiBase(req)}/community/posts/${c.post_id}/comments/${c.id}.json`,
    html_url: `${siteBase(req)}/hc/community/posts/${c.post_id}#comment-${c.id}`,
    body: c.body,
    author_id: c.author_id,
    post_id: c.post_id,
    official: bool(c.official),
    ...votes(c.id),
    created_at: ts(c.created_at),
    updated_at: ts(c.updated_at),
  }));
}

export function presentArticleComments(req: FastifyRequest, rows: ArticleCommentRow[]) {
  return rows.map((c) => ({
    id: c.id,
    url: `${apiBase(req)}/help_center/articles/${c.article_id}/comments/${c.id}.json`,
    html_url: `${siteBase(req)}/hc/articles/${c.article_id}#comment-${c.id}`,
    body: c.body,
    author_id: c.author_id,
    source_id: c.article_id,
    source_type: 'Article',
    locale: c.locale,
    created_at: ts(c.created_at),
    updated_at: ts(c.updated_at),
  }));
}

export function presentVotes(req: FastifyRequest, rows: VoteRow[]) {
  return rows.map((v) => ({
    id: v.id,
    url: `${apiBase(req)}/help_center/votes/${v.id}.json`,
    user_id: v.user_id,
    value: v.value,
    item_id: v.item_id,
    item_type: VOTE_ITEM_TYPES[v.item_type],
    created_at: ts(v.created_at),
    updated_at: ts(v.updated_at),
  }));
}
