import type { Transaction } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { deleteArticleRows, getArticleForUpdate } from '../../db/queries/help-centre.ts';
import { notFound } from '../../errors.ts';
import { canManageHelpCentre } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';

/**
 * Deletes an archived article forever (DELETE /help_center/archived_articles/{id}, admins):
 * every translation, every revision, its labels, its attachments' bytes, its comments and
 * votes, in one transaction; the search rows go with them (FTS5 triggers with secure-delete
 * on SQLite, the expression indexes on PostgreSQL), and the write-ahead log is checkpointed
 * after commit. Only an archived article can be deleted forever: archive it first (an
 * erasure request, which proposed the deletion and had it confirmed, deletes a live one).
 */
export async function deleteArticleForever(ctx: Ctx, input: { id: number }): Promise<void> {
  authorize(canManageHelpCentre(ctx.actor!));
  await ctx.db.transaction().execute(async (trx) => {
    const a = await getArticleForUpdate(trx, input.id, ctx.caps.rowLocks);
    if (!a || a.archived_at === null) throw notFound();
    await deleteArticleForeverInTransaction(ctx, trx, { id: a.id });
  });
  await ctx.checkpoint?.();
}

/** The deletion inside the caller's transaction (the erasure request's job; it checkpoints after commit). False when the article is gone. */
export async function deleteArticleForeverInTransaction(ctx: Ctx, trx: Transaction<Database>, input: { id: number; erasureRequestId?: number }): Promise<boolean> {
  authorize(canManageHelpCentre(ctx.actor!));
  const a = await getArticleForUpdate(trx, input.id, ctx.caps.rowLocks);
  if (!a) return false;
  const n = await deleteArticleRows(trx, a.id);
  await recordEvent(ctx, trx, {
    action: 'hc_article.deleted_forever',
    subjectType: 'hc_article',
    subjectId: a.id,
    details: { article_id: a.id, ...n, ...(input.erasureRequestId !== undefined ? { erasure_request_id: input.erasureRequestId } : {}) },
  });
  return true;
}
