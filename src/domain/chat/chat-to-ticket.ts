import type { Ctx } from '../../context.ts';
import { chatFilesWithData, messagesOfChats, setChatTicket } from '../../db/queries/chat-chats.ts';
import { getVisitor, updateVisitorRow } from '../../db/queries/chat-visitors.ts';
import { getUser, getUsers } from '../../db/queries/users.ts';
import { AppError } from '../../errors.ts';
import { createUserInTransaction } from '../contacts/create-user.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { createTicket } from '../tickets/create-ticket.ts';
import { findSender } from '../mail/resolve-sender.ts';
import { chatOr404 } from './chat-rules.ts';
import { chatTranscript } from './chat-transcript.ts';

/**
 * Turns a chat into a ticket (channel `chat`): the transcript is its first comment, written by
 * the requester, with the chat's files attached. The requester is the linked contact, else
 * the contact of the visitor's email (made when nobody holds it), else a new contact named
 * after the visitor with no email. Once only: a chat that has a ticket is refused (422). All
 * of it is one transaction.
 */
export async function chatToTicket(ctx: Ctx, input: { chatId: number }): Promise<{ ticketId: number }> {
  authorize(canWorkTickets(ctx.actor!));
  const chat = await chatOr404(ctx.db, input.chatId);
  if (chat.ticket_id !== null) throw new AppError('record_invalid', `This chat is already ticket #${chat.ticket_id}.`);
  const v = (await getVisitor(ctx.db, chat.visitor_id))!;
  const messages = await messagesOfChats(ctx.db, [chat.id]);
  const files = await chatFilesWithData(ctx.db, chat.id);
  if (!messages.some((m) => m.author_kind !== 'system') && !files.length) throw new AppError('record_invalid', 'This chat has no messages to make a ticket of.');
  const agentIds = [...new Set(messages.flatMap((m) => (m.agent_id === null ? [] : [m.agent_id])))];
  const names = new Map((await getUsers(ctx.db, agentIds)).map((u) => [u.id, u.alias || u.name]));
  const visitorName = v.name || `Visitor ${v.id}`;

  // The requester is found or made in the ticket's transaction, and the chat is marked as
  // this ticket's in it too: a refused ticket leaves no stray contact, and of two agents
  // converting at once only the first makes a ticket (the other's is rolled back).
  const now = ctx.now().toISOString();
  const body = chatTranscript(messages, files, names, visitorName);
  const { ticketId } = await createTicket(ctx, {
    requesterOf: async (trx) => {
      const linked = v.user_id !== null ? await getUser(trx, v.user_id) : undefined;
      if (linked && !linked.deleted_at && !linked.erased_at) return linked.id;
      const byEmail = v.email ? await findSender(trx, v.email) : undefined;
      return byEmail?.id ?? createUserInTransaction(ctx, trx, { name: visitorName, ...(v.email ? { email: v.email } : {}) });
    },
    subject: `Chat with ${visitorName}`,
    channel: 'chat',
    commentByRequester: true,
    comment: {
      body,
      public: true,
      attachments: files.map((f) => ({ file_name: f.file_name, content_type: f.content_type, data: Buffer.from(f.data) })),
    },
    alsoWrite: async (trx, ids) => {
      if (!(await setChatTicket(trx, chat.id, ids.ticketId, now))) throw new AppError('record_invalid', 'This chat was just made into a ticket by someone else.');
      if (v.user_id === null) await updateVisitorRow(trx, v.id, { user_id: ids.requesterId, updated_at: now });
    },
  });
  return { ticketId };
}
