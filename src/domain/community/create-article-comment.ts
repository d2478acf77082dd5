import type { Ctx } from '../../context.ts';
import { insertArticleComment } from '../../db/queries/community.ts';
import type { ArticleCommentCreate } from '../../shared/community.ts';
import { recordEvent } from '../events.ts';
import { communityHtml, type CommunityText } from './community-html.ts';
import { participant } from './community-rules.ts';
import { commentableArticle } from './article-comment-rules.ts';

/** Comments on a published article that takes comments (anyone signed in). */
export async function createArticleComment(ctx: Ctx, input: ArticleCommentCreate & { articleId: number; bodyText?: CommunityText }): Promise<number> {
  const actor = participant(ctx);
  const body = input.bodyText ?? communityHtml(input.body);
  const now = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const a = await commentableArticle(trx, input.articleId);
    const id = await insertArticleComment(trx, { article_id: a.id, author_id: actor.id, locale: input.locale ?? a.source_locale, body: body.html, created_at: now, updated_at: now });
    await recordEvent(ctx, trx, { action: 'article_comment.created', subjectType: 'article_comment', subjectId: id, details: { article_id: a.id } });
    return id;
  });
}
