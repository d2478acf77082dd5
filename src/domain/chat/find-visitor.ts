import type { Ctx } from '../../context.ts';
import { findVisitorByTokenHash } from '../../db/queries/chat-visitors.ts';
import { AppError } from '../../errors.ts';
import { hashVisitorToken } from './chat-rules.ts';

/** The visitor a widget's secret stands for (the HTTP file routes), or 401. */
export async function findVisitorByToken(ctx: Ctx, input: { token: string | undefined }): Promise<{ visitorId: number }> {
  const v = input.token && input.token.length <= 200 ? await findVisitorByTokenHash(ctx.db, hashVisitorToken(input.token)) : undefined;
  if (!v) throw new AppError('unauthenticated', 'Send the visitor token the chat gave this browser in the X-Chat-Visitor-Token header.');
  return { visitorId: v.id };
}
