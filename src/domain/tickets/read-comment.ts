import type { Ctx } from '../../context.ts';
import { getComment, type CommentRow } from '../../db/queries/comments.ts';
import { notFound } from '../../errors.ts';

export interface ReadCommentInput {
  commentId: number;
}

/** A comment as the action that just changed it (a redaction) answers with it; 404 if it is gone. */
export async function readComment(ctx: Ctx, input: ReadCommentInput): Promise<CommentRow> {
  const row = await getComment(ctx.db, input.commentId);
  if (!row) throw notFound();
  return row;
}
