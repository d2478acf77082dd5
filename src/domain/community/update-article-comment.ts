import type { Ctx } from '../../context.ts';
import { updateArticleCommentRow } from '../../db/queries/community.ts';
import type { ArticleCommentUpdate } from '../../shared/community.ts';
import { canChangeHelpCentreItem } from '../../shared/policy.ts';
import { recordEvent } from '../events.ts';
import { authorize } from '../policy.ts';
import { communityHtml } from './community-html.ts';
import { participant } from './community-rules.ts';
import { articleCommentOr404 } from './article-comment-rules.ts';

/** Changes an article comment (its author or an admin). */
export async function updateArticleComment(ctx: Ctx, input: { articleId: number; commentId: number; patch: ArticleCommentUpdate }): Promise<void> {
  const actor = participant(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    const c = await articleCommentOr404(trx, input.articleId, input.commentId);
    authorize(canChangeHelpCentreItem(actor, c.author_id));
    const p = input.patch;
    await updateArticleCommentRow(trx, c.id, {
      ...(p.body !== undefined ? { body: communityHtml(p.body).html } : {}),
      ...(p.locale ? { locale: p.locale } : {}),
      updated_at: ctx.now().toISOString(),
    });
    await recordEvent(ctx, trx, { action: 'article_comment.updated', subjectType: 'article_comment', subjectId: c.id, details: { fields: Object.keys(p) } });
  });
}
