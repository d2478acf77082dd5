import type { Ctx } from '../../context.ts';
import { chatsChangedSince, chatsNewestFirst, fileOfChat, getChat, getChats, searchChats } from '../../db/queries/chat-records.ts';
import { notFound } from '../../errors.ts';
import { textTokens } from '../../search/syntax.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { loadChatBundle, type ChatBundle } from './chat-bundle.ts';

// Reading chats (GET /chat/chats, /chat/chats/{id}, ?ids=, /chat/chats/search,
// /chat/incremental/chats): staff only, as every chat is a customer's conversation.

export interface ChatCursor {
  at: string;
  id: number;
}

/** One page of chats, newest first; `next` is where the following page starts. */
export async function listChats(ctx: Ctx, input: { limit: number; before?: ChatCursor }): Promise<{ bundle: ChatBundle; next: ChatCursor | null }> {
  authorize(canWorkTickets(ctx.actor!));
  const rows = await chatsNewestFirst(ctx.db, input.limit + 1, input.before);
  return page(ctx, rows, input.limit);
}

async function page(ctx: Ctx, rows: Awaited<ReturnType<typeof chatsNewestFirst>>, limit: number) {
  const more = rows.length > limit;
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return { bundle: await loadChatBundle(ctx.db, shown), next: more && last ? { at: last.started_at, id: last.id } : null };
}

/** One chat; 404 when there is none. */
export async function readChat(ctx: Ctx, input: { chatId: number }): Promise<ChatBundle> {
  authorize(canWorkTickets(ctx.actor!));
  const c = await getChat(ctx.db, input.chatId);
  if (!c) throw notFound();
  return loadChatBundle(ctx.db, [c]);
}

/** The chats of `ids` that exist (Zendesk's bulk read leaves the others out). */
export async function readChatsByIds(ctx: Ctx, input: { ids: number[] }): Promise<ChatBundle> {
  authorize(canWorkTickets(ctx.actor!));
  return loadChatBundle(ctx.db, await getChats(ctx.db, input.ids));
}

/**
 * Chats whose messages hold every word of the query (a "quoted phrase" as one), through the
 * full-text index of chat messages; newest first.
 */
export async function searchChatRecords(ctx: Ctx, input: { q: string; limit: number; before?: ChatCursor }): Promise<{ bundle: ChatBundle; next: ChatCursor | null }> {
  authorize(canWorkTickets(ctx.actor!));
  const phrases = [...input.q.matchAll(/"([^"]*)"|(\S+)/gu)]
    .map((m) => textTokens(m[1] ?? m[2] ?? ''))
    .filter((t) => t.length > 0)
    .map((tokens) => ({ tokens, prefix: false }));
  if (!phrases.length) return { bundle: await loadChatBundle(ctx.db, []), next: null };
  const rows = await searchChats(ctx.db, ctx.caps, phrases.slice(0, 10), input.limit + 1, input.before);
  return page(ctx, rows, input.limit);
}

/** Chats changed at or after `since` (after `afterId` at that instant), oldest change first. */
export async function exportChatsSince(ctx: Ctx, input: { since: string; afterId: number; limit: number }): Promise<ChatBundle> {
  authorize(canWorkTickets(ctx.actor!));
  return loadChatBundle(ctx.db, await chatsChangedSince(ctx.db, input.since, input.afterId, input.limit));
}

/** A chat file's bytes (staff); a blanked file has nothing to read (404). */
export async function readChatFileContent(ctx: Ctx, input: { chatId: number; fileId: number }) {
  authorize(canWorkTickets(ctx.actor!));
  const f = await fileOfChat(ctx.db, input.chatId, input.fileId);
  if (!f || f.redacted === 1) throw notFound();
  return f;
}
