import type { Ctx } from '../../context.ts';
import { insertChat, insertChatFile, openChatOfVisitor } from '../../db/queries/chat-chats.ts';
import { getVisitor, latestVisitorSessionId } from '../../db/queries/chat-visitors.ts';
import { notFound } from '../../errors.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { cleanFileName, uploadContentType } from '../tickets/upload-rules.ts';
import { chatOr404, refuseEnded, refuseSuspended } from './chat-rules.ts';

/** Who attaches: a visitor to their open chat (one is opened when none is), or staff to a chat they name. */
export type AttachChatFileInput = ({ by: 'visitor'; visitorId: number } | { by: 'agent'; chatId: number }) & {
  fileName: string;
  contentType?: string;
  data: Buffer;
};

/**
 * Stores a file in a chat, not yet sent: the next message naming its id (`file_ids`) shows it
 * to the other side. Names and types are cleaned as uploads' are.
 */
export async function attachChatFile(ctx: Ctx, input: AttachChatFileInput): Promise<{ fileId: number; chatId: number; opened: boolean }> {
  if (input.by === 'agent') authorize(canWorkTickets(ctx.actor!));
  const fileName = cleanFileName(input.fileName);
  const contentType = uploadContentType(input.contentType, fileName);
  const now = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    let chatId: number;
    let opened = false;
    if (input.by === 'agent') {
      const chat = await chatOr404(trx, input.chatId);
      refuseEnded(chat);
      chatId = chat.id;
    } else {
      const v = await getVisitor(trx, input.visitorId);
      if (!v) throw notFound('There is no such visitor.');
      await refuseSuspended(trx, { userId: v.user_id, email: v.email });
      const open = await openChatOfVisitor(trx, v.id);
      opened = !open;
      // A chat the upload opens belongs to the visit it came from (the latest), as a chat a
      // message opens does: its IP and pages show with it, and the idle-visit sweep keeps them.
      const sessionId = open ? null : await latestVisitorSessionId(trx, v.id);
      chatId = open?.id ?? (await insertChat(trx, { visitor_id: v.id, session_id: sessionId, status: 'waiting', agent_id: null, ticket_id: null, external_id: null, started_at: now, ended_at: null, updated_at: now }));
    }
    const fileId = await insertChatFile(trx, { chat_id: chatId, message_id: null, file_name: fileName, content_type: contentType, size: input.data.length, redacted: 0, data: input.data, created_at: now });
    return { fileId, chatId, opened };
  });
}
