import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

// What an erasure request reads and changes of the community (src/domain/erasure-requests/
// community-matches.ts): posts, post comments and article comments in id ranges, their text
// as stored, and the redaction of a term in it.

export type CommunityField = 'post' | 'post_comment' | 'article_comment';

export interface CommunityText {
  field: CommunityField;
  id: number;
  authorId: number;
  texts: string[];
}

/** The largest id of each table (planning walks them in ranges). */
export async function maxCommunityId(db: Kysely<Database>): Promise<number> {
  const [a, b, c] = await Promise.all([
    db.selectFrom('hc_posts').select((eb) => eb.fn.max('id').as('n')).executeTakeFirst(),
    db.selectFrom('hc_post_comments').select((eb) => eb.fn.max('id').as('n')).executeTakeFirst(),
    db.selectFrom('hc_article_comments').select((eb) => eb.fn.max('id').as('n')).executeTakeFirst(),
  ]);
  return Math.max(Number(a?.n ?? 0), Number(b?.n ?? 0), Number(c?.n ?? 0));
}

/** The posts and comments with ids in (after, upTo], with the texts a term may be in. */
export async function communityTextsInRange(db: Kysely<Database>, after: number, upTo: number): Promise<CommunityText[]> {
  const [posts, comments, articleComments] = await Promise.all([
    db.selectFrom('hc_posts').select(['id', 'author_id', 'title', 'details']).where('id', '>', after).where('id', '<=', upTo).orderBy('id').execute(),
    db.selectFrom('hc_post_comments').select(['id', 'author_id', 'body']).where('id', '>', after).where('id', '<=', upTo).orderBy('id').execute(),
    db.selectFrom('hc_article_comments').select(['id', 'author_id', 'body']).where('id', '>', after).where('id', '<=', upTo).orderBy('id').execute(),
  ]);
  return [
    ...posts.map((p) => ({ field: 'post' as const, id: p.id, authorId: p.author_id, texts: [p.title, p.details] })),
    ...comments.map((c) => ({ field: 'post_comment' as const, id: c.id, authorId: c.author_id, texts: [c.body] })),
    ...articleComments.map((c) => ({ field: 'article_comment' as const, id: c.id, authorId: c.author_id, texts: [c.body] })),
  ];
}

/** One post or comment's stored text, or undefined when it is gone. */
export async function communityTextOf(db: Kysely<Database>, field: CommunityField, id: number) {
  if (field === 'post') return db.selectFrom('hc_posts').select(['id', 'title', 'details']).where('id', '=', id).executeTakeFirst();
  if (field === 'post_comment') return db.selectFrom('hc_post_comments').select(['id', 'post_id', 'body']).where('id', '=', id).executeTakeFirst();
  return db.selectFrom('hc_article_comments').select(['id', 'article_id', 'body']).where('id', '=', id).executeTakeFirst();
}

export async function setPostText(db: Kysely<Database>, id: number, v: { title: string; details: string; search_text: string }, now: string): Promise<void> {
  await db.updateTable('hc_posts').set({ ...v, updated_at: now }).where('id', '=', id).execute();
}

export async function setPostCommentText(db: Kysely<Database>, id: number, v: { body: string; search_text: string }, now: string): Promise<void> {
  await db.updateTable('hc_post_comments').set({ ...v, updated_at: now }).where('id', '=', id).execute();
}

export async function setArticleCommentText(db: Kysely<Database>, id: number, body: string, now: string): Promise<void> {
  await db.updateTable('hc_article_comments').set({ body, updated_at: now }).where('id', '=', id).execute();
}
