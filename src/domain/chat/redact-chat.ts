import type { Transaction } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { getChatForUpdate, messagesOfChats, setMessageBody, updateChatRow } from '../../db/queries/chat-records.ts';
import { invalidField, notFound } from '../../errors.ts';
import { recordEvent } from '../events.ts';
import { authorize, canDeleteChatFiles } from '../policy.ts';
import { checkpointAfter } from '../redaction/common.ts';
import { countMatches, redactionPattern, redactPlain, REDACTED } from '../redaction/text-match.ts';

// Redacting a string in a chat (PUT /chat/chats/{id}/redact {text}): every character of
// every occurrence in the chat's messages becomes ▇ (U+2587), with the matching rules of
// comment redaction (case-insensitive, any whitespace run matches any). The search index
// follows the table. Deleters only (canDeleteChatFiles), as redaction in tickets.

export interface RedactChatInput {
  chatId: number;
  text: string;
  /** Set by the erasure-request job, recorded in the audit event. */
  erasureRequestId?: number;
}

export interface RedactChatResult {
  chatId: number;
  messages: number;
  occurrences: number;
  characters: number;
}

/** The string to redact, or a 422 naming `text`. */
export function checkRedactionText(text: string): string {
  if (text.trim() === '') throw invalidField('text', 'Text: give the text to redact.');
  if (text.replaceAll(REDACTED, '').trim() === '') throw invalidField('text', 'Text: this text is already redacted.');
  return text;
}

/** Redacts inside the caller's transaction; `requireMatch` refuses (422) a string found nowhere. */
export async function redactChatInTransaction(ctx: Ctx, trx: Transaction<Database>, input: RedactChatInput, opts: { requireMatch: boolean }): Promise<RedactChatResult> {
  authorize(canDeleteChatFiles(ctx.actor!));
  const text = checkRedactionText(input.text);
  return redactChatPatternInTransaction(ctx, trx, { ...input, pattern: redactionPattern([text])!, checkLeft: !text.includes(REDACTED) }, opts);
}

/**
 * The same with a ready pattern (an erasure request's term with its variants); `checkLeft`
 * reads the messages again and throws when the pattern still matches.
 */
export async function redactChatPatternInTransaction(
  ctx: Ctx,
  trx: Transaction<Database>,
  input: { chatId: number; pattern: RegExp; checkLeft: boolean; erasureRequestId?: number },
  opts: { requireMatch: boolean },
): Promise<RedactChatResult> {
  authorize(canDeleteChatFiles(ctx.actor!));
  const pattern = input.pattern;
  const chat = await getChatForUpdate(trx, input.chatId, ctx.caps.rowLocks);
  if (!chat) throw notFound();
  let messages = 0;
  let occurrences = 0;
  let characters = 0;
  for (const m of await messagesOfChats(trx, [chat.id])) {
    const r = redactPlain(m.body, pattern);
    if (!r.occurrences) continue;
    await setMessageBody(trx, m.id, r.text);
    messages++;
    occurrences += r.occurrences;
    characters += r.characters;
  }
  if (!occurrences) {
    if (opts.requireMatch) throw invalidField('text', 'Text: the text was not found in this chat (nothing was changed).');
    return { chatId: chat.id, messages, occurrences, characters };
  }
  // Never report a redaction as done while the text stays (unless ▇ itself completes a match).
  if (input.checkLeft) {
    const left = (await messagesOfChats(trx, [chat.id])).reduce((s, m) => s + countMatches(m.body, pattern), 0);
    if (left) throw new Error('chat redaction left the text behind: nothing was changed');
  }
  await updateChatRow(trx, chat.id, { updated_at: ctx.now().toISOString() });
  await recordEvent(ctx, trx, {
    action: 'chat.redacted',
    subjectType: 'chat',
    subjectId: chat.id,
    details: { chat_id: chat.id, messages, occurrences, characters, ...(input.erasureRequestId !== undefined ? { erasure_request_id: input.erasureRequestId } : {}) },
  });
  return { chatId: chat.id, messages, occurrences, characters };
}

/** Redacts a string in a chat's messages, then checkpoints. */
export async function redactChat(ctx: Ctx, input: RedactChatInput): Promise<RedactChatResult> {
  const r = await ctx.db.transaction().execute((trx) => redactChatInTransaction(ctx, trx, input, { requireMatch: true }));
  await checkpointAfter(ctx, 'chat.redacted', { chat_id: r.chatId });
  return r;
}
