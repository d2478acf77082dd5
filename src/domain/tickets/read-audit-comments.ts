import type { Ctx } from '../../context.ts';
import type { CommentRow } from '../../db/queries/comments.ts';
import { commentsOfTicketByIds } from '../../db/queries/ticket-audits.ts';

export interface ReadAuditCommentsInput {
  ticketId: number;
  commentIds: number[];
}

/**
 * The comments that audits name, as they are now: a redacted comment shows its redacted
 * text, since the audit itself never held any (ticket-audit.ts).
 */
export async function readAuditComments(ctx: Ctx, input: ReadAuditCommentsInput): Promise<CommentRow[]> {
  return commentsOfTicketByIds(ctx.db, input.ticketId, input.commentIds);
}
