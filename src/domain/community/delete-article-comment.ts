import type { Ctx } from '../../context.ts';
import { deleteArticleCommentRow } from '../../db/queries/community.ts';
import { canChangeHelpCentreItem } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';
import { participant } from './community-rules.ts';
import { articleCommentOr404 } from './article-comment-rules.ts';

/** Deletes an article comment (its author or an admin). Votes are on articles, not their comments. */
export async function deleteArticleComment(ctx: Ctx, input: { articleId: number; commentId: number }): Promise<void> {
  const actor = participant(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    const c = await articleCommentOr404(trx, input.articleId, input.commentId);
    authorize(canChangeHelpCentreItem(actor, c.author_id));
    await deleteArticleCommentRow(trx, c.id);
    await recordEvent(ctx, trx, { action: 'article_comment.deleted', subjectType: 'article_comment', subjectId: c.id, details: { article_id: c.article_id } });
  });
  await ctx.checkpoint?.();
}
