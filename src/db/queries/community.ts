import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { HcVoteItem } from '../../shared/help-centre.ts';
import type { Database } from '../schema.ts';
import type {
  HcArticleCommentsTable,
  HcCommunityAttachmentsTable,
  HcPostCommentsTable,
  HcPostsTable,
  HcTopicsTable,
  HcVotesTable,
} from '../schema-help-centre.ts';
import { fetchPage, type PageOpts } from './paging.ts';

// What people write in the help centre (docs/help-centre-community.md): community topics,
// posts, post comments and their files, article comments, and votes on articles, posts and
// post comments. Deletes go deepest first (votes, files, comments, then the post) in the
// caller's transaction; the full-text rows follow through the database's own triggers or
// expression indexes.

export type TopicRow = Selectable<HcTopicsTable>;
export type PostRow = Selectable<HcPostsTable>;
export type PostCommentRow = Selectable<HcPostCommentsTable>;
export type ArticleCommentRow = Selectable<HcArticleCommentsTable>;
export type VoteRow = Selectable<HcVotesTable>;
/** A community file without its bytes. */
export type CommunityFileRow = Omit<Selectable<HcCommunityAttachmentsTable>, 'data'>;

const FILE_COLUMNS = ['id', 'post_id', 'comment_id', 'uploader_id', 'file_name', 'content_type', 'size', 'created_at'] as const;

const count = async (q: { executeTakeFirstOrThrow(): Promise<{ n: unknown }> }) => Number((await q.executeTakeFirstOrThrow()).n);

// Topics

export async function getTopic(db: Kysely<Database>, id: number): Promise<TopicRow | undefined> {
  return db.selectFrom('hc_topics').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listTopicRows(db: Kysely<Database>, page: PageOpts): Promise<TopicRow[]> {
  return fetchPage(db.selectFrom('hc_topics').selectAll(), 'id', page);
}

export async function countTopics(db: Kysely<Database>): Promise<number> {
  return count(db.selectFrom('hc_topics').select((eb) => eb.fn.countAll().as('n')));
}

/** Every topic in the order readers see them (position, then id): the public pages. */
export async function topicsInOrder(db: Kysely<Database>, limit = 500): Promise<TopicRow[]> {
  return db.selectFrom('hc_topics').selectAll().orderBy('position').orderBy('id').limit(limit).execute();
}

export async function insertTopic(db: Kysely<Database>, row: Insertable<HcTopicsTable>): Promise<number> {
  return (await db.insertInto('hc_topics').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateTopicRow(db: Kysely<Database>, id: number, patch: Updateable<HcTopicsTable>): Promise<void> {
  await db.updateTable('hc_topics').set(patch).where('id', '=', id).execute();
}

export async function deleteTopicRow(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('hc_topics').where('id', '=', id).execute();
}

// Posts

export async function getPost(db: Kysely<Database>, id: number): Promise<PostRow | undefined> {
  return db.selectFrom('hc_posts').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface PostFilter {
  topicId?: number;
  authorId?: number;
}

function postsWhere(db: Kysely<Database>, f: PostFilter) {
  let q = db.selectFrom('hc_posts');
  if (f.topicId !== undefined) q = q.where('topic_id', '=', f.topicId);
  if (f.authorId !== undefined) q = q.where('author_id', '=', f.authorId);
  return q;
}

export async function listPostRows(db: Kysely<Database>, f: PostFilter, page: PageOpts): Promise<PostRow[]> {
  return fetchPage(postsWhere(db, f).selectAll(), 'id', page);
}

export async function countPosts(db: Kysely<Database>, f: PostFilter): Promise<number> {
  return count(postsWhere(db, f).select((eb) => eb.fn.countAll().as('n')));
}

/** A topic's posts for its public page: pinned first, then newest. */
export async function postsOfTopicForReaders(db: Kysely<Database>, topicId: number, limit = 100): Promise<PostRow[]> {
  return db.selectFrom('hc_posts').selectAll().where('topic_id', '=', topicId).orderBy('pinned', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function insertPost(db: Kysely<Database>, row: Insertable<HcPostsTable>): Promise<number> {
  return (await db.insertInto('hc_posts').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updatePostRow(db: Kysely<Database>, id: number, patch: Updateable<HcPostsTable>): Promise<void> {
  await db.updateTable('hc_posts').set(patch).where('id', '=', id).execute();
}

/** Deletes a post with everything under it: votes on it and its comments, files, comments. */
export async function deletePostTree(db: Kysely<Database>, postId: number): Promise<{ comments: number; files: number }> {
  const commentIds = (await db.selectFrom('hc_post_comments').select('id').where('post_id', '=', postId).execute()).map((r) => r.id);
  if (commentIds.length) {
    await db.deleteFrom('hc_votes').where('item_type', '=', 'post_comment').where('item_id', 'in', commentIds).execute();
  }
  await db.deleteFrom('hc_votes').where('item_type', '=', 'post').where('item_id', '=', postId).execute();
  const files = await db
    .deleteFrom('hc_community_attachments')
    .where((eb) => eb.or([eb('post_id', '=', postId), ...(commentIds.length ? [eb('comment_id', 'in', commentIds)] : [])]))
    .executeTakeFirst();
  await db.deleteFrom('hc_post_comments').where('post_id', '=', postId).execute();
  await db.deleteFrom('hc_posts').where('id', '=', postId).execute();
  return { comments: commentIds.length, files: Number(files.numDeletedRows) };
}

export async function countPostsOfTopic(db: Kysely<Database>, topicId: number): Promise<number> {
  return countPosts(db, { topicId });
}

// Post comments

export async function getPostComment(db: Kysely<Database>, id: number): Promise<PostCommentRow | undefined> {
  return db.selectFrom('hc_post_comments').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface CommentFilter {
  postId?: number;
  authorId?: number;
}

function postCommentsWhere(db: Kysely<Database>, f: CommentFilter) {
  let q = db.selectFrom('hc_post_comments');
  if (f.postId !== undefined) q = q.where('post_id', '=', f.postId);
  if (f.authorId !== undefined) q = q.where('author_id', '=', f.authorId);
  return q;
}

export async function listPostCommentRows(db: Kysely<Database>, f: CommentFilter, page: PageOpts): Promise<PostCommentRow[]> {
  return fetchPage(postCommentsWhere(db, f).selectAll(), 'id', page);
}

export async function countPostComments(db: Kysely<Database>, f: CommentFilter): Promise<number> {
  return count(postCommentsWhere(db, f).select((eb) => eb.fn.countAll().as('n')));
}

export async function insertPostComment(db: Kysely<Database>, row: Insertable<HcPostCommentsTable>): Promise<number> {
  return (await db.insertInto('hc_post_comments').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updatePostCommentRow(db: Kysely<Database>, id: number, patch: Updateable<HcPostCommentsTable>): Promise<void> {
  await db.updateTable('hc_post_comments').set(patch).where('id', '=', id).execute();
}

/** Deletes a post comment with its votes and files. */
export async function deletePostCommentTree(db: Kysely<Database>, commentId: number): Promise<{ files: number }> {
  await db.deleteFrom('hc_votes').where('item_type', '=', 'post_comment').where('item_id', '=', commentId).execute();
  const files = await db.deleteFrom('hc_community_attachments').where('comment_id', '=', commentId).executeTakeFirst();
  await db.deleteFrom('hc_post_comments').where('id', '=', commentId).execute();
  return { files: Number(files.numDeletedRows) };
}

// Article comments

export async function getArticleComment(db: Kysely<Database>, id: number): Promise<ArticleCommentRow | undefined> {
  return db.selectFrom('hc_article_comments').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ArticleCommentFilter {
  articleId?: number;
  authorId?: number;
}

function articleCommentsWhere(db: Kysely<Database>, f: ArticleCommentFilter) {
  let q = db.selectFrom('hc_article_comments');
  if (f.articleId !== undefined) q = q.where('article_id', '=', f.articleId);
  if (f.authorId !== undefined) q = q.where('author_id', '=', f.authorId);
  return q;
}

export async function listArticleCommentRows(db: Kysely<Database>, f: ArticleCommentFilter, page: PageOpts): Promise<ArticleCommentRow[]> {
  return fetchPage(articleCommentsWhere(db, f).selectAll(), 'id', page);
}

export async function countArticleComments(db: Kysely<Database>, f: ArticleCommentFilter): Promise<number> {
  return count(articleCommentsWhere(db, f).select((eb) => eb.fn.countAll().as('n')));
}

export async function insertArticleComment(db: Kysely<Database>, row: Insertable<HcArticleCommentsTable>): Promise<number> {
  return (await db.insertInto('hc_article_comments').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateArticleCommentRow(db: Kysely<Database>, id: number, patch: Updateable<HcArticleCommentsTable>): Promise<void> {
  await db.updateTable('hc_article_comments').set(patch).where('id', '=', id).execute();
}

export async function deleteArticleCommentRow(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('hc_article_comments').where('id', '=', id).execute();
}

/** The article an article comment may be written on: live (not archived) with its comment switch. */
export async function getArticleForComments(db: Kysely<Database>, id: number) {
  return db.selectFrom('hc_articles').select(['id', 'comments_disabled', 'archived_at', 'source_locale']).where('id', '=', id).executeTakeFirst();
}

/** Whether the article has a published (not draft) translation: readers see only those. */
export async function articleIsPublished(db: Kysely<Database>, id: number): Promise<boolean> {
  const r = await db
    .selectFrom('hc_translations')
    .select('id')
    .where('source_type', '=', 'article')
    .where('source_id', '=', id)
    .where('draft', '=', 0)
    .limit(1)
    .executeTakeFirst();
  return !!r;
}

// Votes

export async function findVote(db: Kysely<Database>, itemType: HcVoteItem, itemId: number, userId: number): Promise<VoteRow | undefined> {
  return db.selectFrom('hc_votes').selectAll().where('item_type', '=', itemType).where('item_id', '=', itemId).where('user_id', '=', userId).executeTakeFirst();
}

export async function getVote(db: Kysely<Database>, id: number): Promise<VoteRow | undefined> {
  return db.selectFrom('hc_votes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertVote(db: Kysely<Database>, row: Insertable<HcVotesTable>): Promise<number> {
  return (await db.insertInto('hc_votes').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateVoteRow(db: Kysely<Database>, id: number, value: 1 | -1, now: string): Promise<void> {
  await db.updateTable('hc_votes').set({ value, updated_at: now }).where('id', '=', id).execute();
}

export async function deleteVoteRow(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('hc_votes').where('id', '=', id).execute();
}

export async function listVoteRows(db: Kysely<Database>, itemType: HcVoteItem, itemId: number, page: PageOpts): Promise<VoteRow[]> {
  return fetchPage(db.selectFrom('hc_votes').selectAll().where('item_type', '=', itemType).where('item_id', '=', itemId), 'id', page);
}

export async function countVotes(db: Kysely<Database>, itemType: HcVoteItem, itemId: number): Promise<number> {
  return count(db.selectFrom('hc_votes').select((eb) => eb.fn.countAll().as('n')).where('item_type', '=', itemType).where('item_id', '=', itemId));
}

/** vote_sum and vote_count of each item (items without votes are absent). */
export async function voteTotals(db: Kysely<Database>, itemType: HcVoteItem, itemIds: number[]): Promise<Map<number, { sum: number; count: number }>> {
  const out = new Map<number, { sum: number; count: number }>();
  if (!itemIds.length) return out;
  const rows = await db
    .selectFrom('hc_votes')
    .select((eb) => ['item_id', eb.fn.sum<number>('value').as('sum'), eb.fn.countAll<number>().as('n')])
    .where('item_type', '=', itemType)
    .where('item_id', 'in', itemIds)
    .groupBy('item_id')
    .execute();
  for (const r of rows) out.set(Number(r.item_id), { sum: Number(r.sum), count: Number(r.n) });
  return out;
}

/** The number of comments of each post. */
export async function commentCounts(db: Kysely<Database>, postIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!postIds.length) return out;
  const rows = await db
    .selectFrom('hc_post_comments')
    .select((eb) => ['post_id', eb.fn.countAll<number>().as('n')])
    .where('post_id', 'in', postIds)
    .groupBy('post_id')
    .execute();
  for (const r of rows) out.set(Number(r.post_id), Number(r.n));
  return out;
}

// Community files

export async function insertCommunityFile(db: Kysely<Database>, row: Insertable<HcCommunityAttachmentsTable>): Promise<number> {
  return (await db.insertInto('hc_community_attachments').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function getCommunityFile(db: Kysely<Database>, id: number): Promise<CommunityFileRow | undefined> {
  return db.selectFrom('hc_community_attachments').select(FILE_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function getCommunityFileBytes(db: Kysely<Database>, id: number): Promise<Buffer | undefined> {
  return (await db.selectFrom('hc_community_attachments').select('data').where('id', '=', id).executeTakeFirst())?.data;
}

export async function filesOf(db: Kysely<Database>, of: { postId?: number; commentIds?: number[] }): Promise<CommunityFileRow[]> {
  let q = db.selectFrom('hc_community_attachments').select(FILE_COLUMNS);
  if (of.postId !== undefined) q = q.where('post_id', '=', of.postId).where('comment_id', 'is', null);
  else if (of.commentIds?.length) q = q.where('comment_id', 'in', of.commentIds);
  else return [];
  return q.orderBy('id').execute();
}

/** Gives unused uploads of this person to a post or comment; returns how many were claimed. */
export async function claimFiles(db: Kysely<Database>, ids: number[], uploaderId: number, to: { postId: number; commentId: number | null }): Promise<number> {
  if (!ids.length) return 0;
  const r = await db
    .updateTable('hc_community_attachments')
    .set({ post_id: to.postId, comment_id: to.commentId })
    .where('id', 'in', ids)
    .where('uploader_id', '=', uploaderId)
    .where('post_id', 'is', null)
    .where('comment_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

const VOTE_TABLES = { article: 'hc_articles', post: 'hc_posts', post_comment: 'hc_post_comments' } as const;

/**
 * Whether the item exists, locking its row for the transaction where the dialect locks rows,
 * so that two votes of one person on one item cannot both be inserted (SQLite serializes writers).
 */
export async function lockVoteItem(db: Kysely<Database>, itemType: HcVoteItem, itemId: number, rowLocks: boolean): Promise<boolean> {
  const q = db.selectFrom(VOTE_TABLES[itemType]).select('id').where('id', '=', itemId);
  return !!(await (rowLocks ? q.forUpdate() : q).executeTakeFirst());
}
