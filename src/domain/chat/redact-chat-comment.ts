import type { Ctx } from '../../context.ts';
import { chatsOfTicket, commentTextsOfTicket, filesOfChats, messagesOfChats, setMessageBody, updateChatRow } from '../../db/queries/chat-records.ts';
import { invalidField, notFound } from '../../errors.ts';
import { recordEvent } from '../events.ts';
import { authorize, canDeleteChatFiles } from '../policy.ts';
import { checkpointAfter, closedTicketRefusal } from '../redaction/common.ts';
import { redactCommentTextInTransaction } from '../redaction/redact-comment.ts';
import { countMatches, redactionPattern, REDACTED } from '../redaction/text-match.ts';
import { getTicketForUpdate } from '../../db/queries/tickets.ts';
import { historyItems } from './history.ts';

// Zendesk's Redact Chat Comment (PUT /chat_redactions/{ticket_id}): the body names a message
// of a chat that became this ticket (`message_id`, or its place `chat_index` in the history)
// and repeats its text with `<redact>…</redact>` around what goes. The marked characters
// become ▇ in the message, and each marked string is redacted in the ticket's comments that
// hold the message (the transcript the chat wrote). A closed ticket cannot change (422).

export interface RedactChatCommentInput {
  ticketId: number;
  chatId: number;
  chatIndex?: number;
  messageId?: number;
  text: string;
}

const TAG = /<redact>([\s\S]*?)<\/redact>/gu;

/** The text without tags, and the [start, end) ranges the tags marked in it. */
export function parseRedactTags(text: string): { plain: string; ranges: [number, number][] } {
  let plain = '';
  const ranges: [number, number][] = [];
  let last = 0;
  for (const m of text.matchAll(TAG)) {
    plain += text.slice(last, m.index);
    ranges.push([plain.length, plain.length + m[1]!.length]);
    plain += m[1]!;
    last = m.index! + m[0].length;
  }
  plain += text.slice(last);
  return { plain, ranges };
}

const squash = (s: string) => s.replace(/\s+/gu, ' ').trim();

/** Redacts the marked parts of one chat message and of the ticket's transcript, in one transaction. */
export async function redactChatComment(ctx: Ctx, input: RedactChatCommentInput): Promise<{ chatId: number; messageId: number; characters: number; comments: number }> {
  authorize(canDeleteChatFiles(ctx.actor!));
  const { plain, ranges } = parseRedactTags(input.text);
  if (!ranges.some(([a, b]) => b > a)) throw invalidField('text', 'Text: put <redact>…</redact> around what to redact.');
  const r = await ctx.db.transaction().execute(async (trx) => {
    const t = await getTicketForUpdate(trx, input.ticketId, ctx.caps.rowLocks);
    if (!t || t.state === 'erased' || t.state === 'deleted') throw notFound();
    if (t.status === 'closed') throw closedTicketRefusal();
    const chat = (await chatsOfTicket(trx, t.id)).find((c) => c.id === input.chatId);
    if (!chat) throw notFound('Not found: no such chat on this ticket.');
    const messages = await messagesOfChats(trx, [chat.id]);
    let m = input.messageId !== undefined ? messages.find((x) => x.id === input.messageId) : undefined;
    if (input.chatIndex !== undefined) {
      const item = historyItems(messages, await filesOfChats(trx, [chat.id]))[input.chatIndex];
      if (!item || item.kind !== 'message') throw invalidField('chat_index', `chat_index ${input.chatIndex} is not a message of this chat.`);
      m = item.row;
    }
    if (!m || m.author_kind === 'system') throw notFound('Not found: no such message in this chat.');
    if (plain !== m.body) throw invalidField('text', 'Text: must be the message as it is, with <redact> tags added (it differs: nothing was changed).');
    const chars = [...m.body];
    // Ranges are in UTF-16 units; a code point is replaced whole.
    let at = 0;
    let characters = 0;
    const out = chars.map((ch) => {
      const inside = ranges.some(([a, b]) => at >= a && at < b);
      at += ch.length;
      if (!inside || ch === '\n' || ch === '\r') return ch;
      characters++;
      return REDACTED;
    });
    await setMessageBody(trx, m.id, out.join(''));
    await updateChatRow(trx, chat.id, { updated_at: ctx.now().toISOString() });
    // The transcript: the ticket's comments that hold this message's text.
    const strings = ranges.map(([a, b]) => plain.slice(a, b)).filter((s) => s.trim() !== '' && s.replaceAll(REDACTED, '').trim() !== '');
    const whole = redactionPattern([m.body])!;
    let comments = 0;
    for (const c of await commentTextsOfTicket(trx, t.id)) {
      if (!countMatches(c.plain_body, whole) && !squash(c.plain_body).includes(squash(m.body))) continue;
      for (const s of strings) {
        const p = redactionPattern([s])!;
        if (!countMatches(c.plain_body, p) && !countMatches(c.body, p)) continue;
        await redactCommentTextInTransaction(ctx, trx, { ticketId: t.id, commentId: c.id, text: s });
        comments++;
      }
    }
    await recordEvent(ctx, trx, {
      action: 'chat.redacted',
      subjectType: 'chat',
      subjectId: chat.id,
      details: { chat_id: chat.id, ticket_id: t.id, message_id: m.id, messages: 1, characters, comments },
    });
    return { chatId: chat.id, messageId: m.id, characters, comments };
  });
  await checkpointAfter(ctx, 'chat.redacted', { chat_id: r.chatId });
  return r;
}
