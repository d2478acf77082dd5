import type { Ctx } from '../../context.ts';
import { chatIdsOfVisitors, deleteVisitorRows, getChats, getVisitor, rememberDeletedExternalId } from '../../db/queries/chat-records.ts';
import { notFound } from '../../errors.ts';
import { recordEvent } from '../events.ts';
import { authorize, canDeleteChat } from '../policy.ts';
import { checkpointAfter } from '../redaction/common.ts';
import { externalIdHash } from './delete-chat.ts';

export interface DeleteVisitorResult {
  visitorId: number;
  chats: number;
  messages: number;
  files: number;
  sessions: number;
  pages: number;
}

/**
 * Deletes a visitor with every chat, session and page (DELETE /visitors/{id}, admins), in one
 * transaction; each chat's external id is remembered so a re-sync cannot bring it back.
 */
export async function deleteVisitor(ctx: Ctx, input: { visitorId: number }): Promise<DeleteVisitorResult> {
  authorize(canDeleteChat(ctx.actor!));
  const r = await ctx.db.transaction().execute(async (trx) => {
    const v = await getVisitor(trx, input.visitorId);
    if (!v) throw notFound();
    const now = ctx.now().toISOString();
    const chats = await getChats(trx, await chatIdsOfVisitors(trx, [v.id]));
    for (const c of chats) if (c.external_id !== null) await rememberDeletedExternalId(trx, externalIdHash(c.external_id), now);
    const removed = await deleteVisitorRows(trx, v.id);
    for (const c of chats) {
      await recordEvent(ctx, trx, { action: 'chat.deleted', subjectType: 'chat', subjectId: c.id, details: { chat_id: c.id, visitor_id: v.id, ticket_id: c.ticket_id, why: 'visitor_deleted' } });
    }
    await recordEvent(ctx, trx, { action: 'visitor.deleted', subjectType: 'visitor', subjectId: v.id, details: { visitor_id: v.id, why: 'api', ...removed } });
    return { visitorId: v.id, ...removed };
  });
  await checkpointAfter(ctx, 'visitor.deleted', { visitor_id: r.visitorId });
  return r;
}
