import type { Kysely } from 'kysely';
import type { Actor, Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { claimFiles, getPost, getTopic, type PostRow, type TopicRow } from '../../db/queries/community.ts';
import { AppError, notFound } from '../../errors.ts';
import { canTakePartInHelpCentre } from '../../shared/policy.ts';
import { authorize } from '../policy.ts';
import { fileIdsIn } from './community-html.ts';

// Rules the community's actions share (docs/help-centre-community.md).

/** The signed-in person taking part; 403 for nobody (the public pages ask them to sign in first). */
export function participant(ctx: Ctx): Actor {
  authorize(canTakePartInHelpCentre(ctx.actor));
  return ctx.actor!;
}

export async function topicOr404(db: Kysely<Database>, id: number): Promise<TopicRow> {
  const t = await getTopic(db, id);
  if (!t) throw notFound();
  return t;
}

export async function postOr404(db: Kysely<Database>, id: number): Promise<PostRow> {
  const p = await getPost(db, id);
  if (!p) throw notFound();
  return p;
}

/** A closed post takes no new comments, except an admin's. */
export function assertOpen(post: PostRow, actor: Actor): void {
  if (post.closed && actor.role !== 'admin') throw new AppError('forbidden', 'This post is closed for comments.');
}

/**
 * Gives the author's unused uploads to what they wrote: those named by id and those its HTML
 * shows. An id that is not an unused upload of theirs is refused (422), and nothing is saved.
 */
export async function claimUploads(trx: Kysely<Database>, actor: Actor, html: string, ids: number[] | null | undefined, to: { postId: number; commentId: number | null }): Promise<void> {
  const named = [...new Set(ids ?? [])];
  const shown = fileIdsIn(html).filter((id) => !named.includes(id));
  if (named.length) {
    const n = await claimFiles(trx, named, actor.id, to);
    if (n !== named.length) throw new AppError('record_invalid', 'attachment_ids: name only your own uploads that no post or comment uses yet.', { attachment_ids: [{ description: 'name only your own uploads that no post or comment uses yet' }] });
  }
  // Images in the HTML that are the author's own unused uploads become this item's too.
  if (shown.length) await claimFiles(trx, shown, actor.id, to);
}
