import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { getArticleAttachment, setAttachmentArticle } from '../../db/queries/help-centre.ts';
import { actingUserId } from '../auth/actor.ts';
import { invalidField } from '../../errors.ts';
import { inlineAttachmentIds } from './article-html.ts';

/**
 * Attaches to the article, inside the caller's transaction, the uploads its body shows as
 * images (inline) and the ones named in `attachmentIds` (block, unless the body shows them).
 * Only uploads not yet in an article qualify, and only the uploader's own (or any, for the
 * system); an image of another article stays where it is and keeps working.
 */
export async function attachInlineImages(ctx: Ctx, trx: Kysely<Database>, input: { articleId: number; body: string; attachmentIds: number[] }): Promise<void> {
  const shown = new Set(inlineAttachmentIds(input.body));
  const me = actingUserId(ctx.actor);
  for (const id of new Set([...shown, ...input.attachmentIds])) {
    const a = await getArticleAttachment(trx, id);
    const named = input.attachmentIds.includes(id);
    if (!a || (a.article_id === null && me !== null && a.uploader_id !== me && a.uploader_id !== null)) {
      if (named) throw invalidField('attachment_ids', `Attachment ids: no upload ${id} of yours waits for an article.`);
      continue;
    }
    if (a.article_id !== null) {
      if (named && a.article_id !== input.articleId) throw invalidField('attachment_ids', `Attachment ids: ${id} belongs to another article.`);
      continue;
    }
    await setAttachmentArticle(trx, id, input.articleId, shown.has(id) ? 1 : 0);
  }
}
