import { SYSTEM_ACTOR, withActor, type Ctx } from '../../context.ts';
import { getVisitor, updateVisitorRow } from '../../db/queries/chat-visitors.ts';
import { getTicket } from '../../db/queries/tickets.ts';
import { notFound } from '../../errors.ts';
import { normalizeIdentity } from '../contacts/identity-values.ts';
import { createTicket } from '../tickets/create-ticket.ts';
import { refuseSuspended } from './chat-rules.ts';

/**
 * No agent online: the visitor's name, email and text become a ticket (channel `chat`) from
 * the contact of that email (made when nobody holds it), who gets the acknowledgement mail;
 * the visitor is linked to that contact. A suspended contact's email is refused, as mail-in
 * refuses their mail, and nothing is written.
 */
export async function leaveOfflineMessage(ctx: Ctx, input: { visitorId: number; name: string; email: string; text: string }): Promise<{ ticketId: number }> {
  const v = await getVisitor(ctx.db, input.visitorId);
  if (!v) throw notFound('There is no such visitor.');
  await refuseSuspended(ctx.db, { userId: v.user_id, email: input.email });
  const email = normalizeIdentity('email', input.email).value;
  const { ticketId } = await createTicket(withActor(ctx, SYSTEM_ACTOR), {
    requester: { name: input.name, email },
    subject: `Offline message from ${input.name}`,
    channel: 'chat',
    comment: { body: input.text, public: true },
  });
  const ticket = await getTicket(ctx.db, ticketId);
  const now = ctx.now().toISOString();
  await updateVisitorRow(ctx.db, v.id, { name: input.name, email, user_id: ticket?.requester_id ?? v.user_id, updated_at: now });
  return { ticketId };
}
