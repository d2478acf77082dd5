import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { getChat, type ChatRow } from '../../db/queries/chat-chats.ts';
import { getUser } from '../../db/queries/users.ts';
import { AppError, notFound } from '../../errors.ts';
import { isBlockedSender } from '../mail/resolve-sender.ts';

// Rules shared by the live chat's actions (docs/chat.md, "How a chat runs").

/** System lines carry one of these words as their body, never a person's text. */
export const SYSTEM_EVENTS = ['joined', 'left', 'ended'] as const;
export type SystemEvent = (typeof SYSTEM_EVENTS)[number];

/** A new secret for a visitor's browser: 32 random bytes, base64url (43 characters). */
export function newVisitorToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored of a visitor's secret: its sha256, hex. */
export function hashVisitorToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The chat, or 404. */
export async function chatOr404(db: Kysely<Database>, id: number): Promise<ChatRow> {
  const chat = await getChat(db, id);
  if (!chat) throw notFound('There is no chat with this id.');
  return chat;
}

/** Refuses a change to an ended chat. */
export function refuseEnded(chat: ChatRow): void {
  if (chat.status === 'ended') throw new AppError('record_invalid', 'This chat has ended.');
}

/**
 * Refuses a suspended contact (a spam sender) as mail-in does: by the linked contact, or by
 * any live identity holding the visitor's email. The words say nothing of why.
 */
export async function refuseSuspended(db: Kysely<Database>, who: { userId: number | null; email: string | null }): Promise<void> {
  const linked = who.userId !== null ? await getUser(db, who.userId) : undefined;
  if ((linked && linked.suspended === 1) || (who.email && (await isBlockedSender(db, [who.email])))) {
    throw new AppError('forbidden', 'Chat is not available.');
  }
}
