import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { articleIsPublished, getArticleForComments, getPostComment } from '../../db/queries/community.ts';
import { notFound } from '../../errors.ts';
import type { HcVoteItem } from '../../shared/help-centre.ts';
import { postOr404 } from './community-rules.ts';

/** A votable item as the API names it: an article, a post, or a comment of a post. */
export interface VoteTarget {
  itemType: HcVoteItem;
  itemId: number;
  /** For a post comment: the post in the path, which it must belong to. */
  postId?: number;
}

/** 404 unless the item can be voted on and read: a live, published article; a post; a comment of that post. */
export async function assertVotable(db: Kysely<Database>, t: VoteTarget): Promise<void> {
  if (t.itemType === 'article') {
    const a = await getArticleForComments(db, t.itemId);
    if (!a || a.archived_at || !(await articleIsPublished(db, t.itemId))) throw notFound();
  } else if (t.itemType === 'post') {
    await postOr404(db, t.itemId);
  } else {
    const c = await getPostComment(db, t.itemId);
    if (!c || (t.postId !== undefined && c.post_id !== t.postId)) throw notFound();
  }
}
