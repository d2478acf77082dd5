import type { Kysely, Transaction } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { chatsWithVisitorsInRange, fileNamesInRange, filesOfChats, getChatForUpdate, maxChatId, messageHitsInRange } from '../../db/queries/chat-records.ts';
import { markApplied, type NewMatch } from '../../db/queries/erasure-requests.ts';
import { rejectedPlaces } from '../../db/queries/erasure-request-records.ts';
import type { MatchAction, TermKind } from '../../shared/erasure-requests.ts';
import { deleteChatInTransaction } from '../chat/delete-chat.ts';
import { deleteChatFilesInTransaction } from '../chat/delete-chat-files.ts';
import { redactChatPatternInTransaction } from '../chat/redact-chat.ts';
import type { RecordApply } from './apply-places.ts';
import { occurrences, snippetAt, termPattern } from './matching.ts';
import type { MatchKind } from './match-kinds.ts';
import { matchRow, passTerms, type PlanStep } from './plan-common.ts';
import { termVariants, type TermVariant } from './terms.ts';

// Chats in an erasure request (docs/chat.md, docs/erasure-requests.md): the request's terms
// in chat messages (through the full-text index), in visitors' name, email, phone and notes,
// and in chat file names; and every chat of a visitor linked to the person. One match per
// chat, term and field (`messages`, `visitor`, `files`, `linked_visitor`). Proposed: redact
// the term in the messages, delete the files, delete the chat (a visitor's own fields, or a
// linked visitor's chat: the visitor goes with their last chat). Chats are walked in id
// ranges, so every step is bounded.

/** Chat ids per planning or verification step. */
const SPAN = 2000;

type Field = 'messages' | 'visitor' | 'files' | 'linked_visitor';

const PROPOSED: Record<Field, MatchAction> = { messages: 'redact_chat', files: 'delete_chat_files', visitor: 'delete_chat', linked_visitor: 'delete_chat' };

interface ChatPlace {
  chatId: number;
  field: Field;
  texts: string[];
}

/** The places of chats in (after, upTo] that may hold the terms (message hits come from the index). */
async function placesInRange(db: Kysely<Database>, ctx: Pick<Ctx, 'caps'>, variants: TermVariant[], userId: number, after: number, upTo: number): Promise<ChatPlace[]> {
  const [chats, hits, files] = await Promise.all([
    chatsWithVisitorsInRange(db, after, upTo),
    messageHitsInRange(db, ctx.caps, variants, after, upTo),
    fileNamesInRange(db, after, upTo),
  ]);
  const places: ChatPlace[] = [];
  for (const c of chats) {
    const msgs = hits.filter((h) => h.chat_id === c.id).map((h) => h.body);
    if (msgs.length) places.push({ chatId: c.id, field: 'messages', texts: msgs });
    const v = [c.name, c.email, c.phone, c.notes].filter((x): x is string => !!x);
    if (v.length) places.push({ chatId: c.id, field: 'visitor', texts: v });
    const f = files.filter((x) => x.chat_id === c.id).map((x) => x.file_name);
    if (f.length) places.push({ chatId: c.id, field: 'files', texts: f });
    if (c.user_id === userId) places.push({ chatId: c.id, field: 'linked_visitor', texts: [] });
  }
  return places;
}

/** One range of chats: matches for each term found, and each chat of a visitor linked to the person. */
export async function planChats(ctx: Ctx, trx: Kysely<Database>, r: { id: number; user_id: number; plan_cursor: number }, now: string): Promise<PlanStep> {
  const terms = await passTerms(trx, r.id);
  const max = await maxChatId(trx);
  if (r.plan_cursor >= max) return { matches: [], cursor: null };
  const upTo = Math.min(r.plan_cursor + SPAN, max);
  const places = await placesInRange(trx, ctx, terms.flatMap((t) => t.variants), r.user_id, r.plan_cursor, upTo);
  const matches: NewMatch[] = [];
  for (const p of places) {
    const where = { location: 'chat' as const, source_id: p.chatId, field: p.field };
    if (p.field === 'linked_visitor') {
      matches.push({ ...matchRow(r, now, null, where, null), proposed_action: PROPOSED[p.field], decision: 'pending' });
      continue;
    }
    for (const t of terms) {
      const hit = p.texts.map((text) => ({ text, found: occurrences(text, t.pattern) })).find((x) => x.found.length);
      if (!hit) continue;
      matches.push({ ...matchRow(r, now, t.id, where, snippetAt(hit.text, hit.found[0]!)), proposed_action: PROPOSED[p.field], decision: 'pending' });
    }
  }
  return { matches, cursor: upTo >= max ? null : upTo };
}

/** Carries out confirmed chat matches: a chat with any `delete_chat` goes whole; else its files, then the terms in its messages. */
export async function applyChats(ctx: Ctx, trx: Kysely<Database>, a: RecordApply): Promise<void> {
  const byChat = new Map<number, typeof a.matches>();
  for (const m of a.matches) byChat.set(m.source_id, [...(byChat.get(m.source_id) ?? []), m]);
  const t = trx as Transaction<Database>;
  for (const [chatId, ms] of byChat) {
    const chat = await getChatForUpdate(t, chatId, ctx.caps.rowLocks);
    if (!chat) {
      await markApplied(trx, ms.map((m) => m.id), 'gone', a.now);
      continue;
    }
    if (ms.some((m) => m.proposed_action === 'delete_chat')) {
      await deleteChatInTransaction(ctx, t, chat, 'erasure_request', { erasure_request_id: a.r.id });
      await markApplied(trx, ms.map((m) => m.id), 'delete_chat', a.now);
      continue;
    }
    const files = ms.filter((m) => m.proposed_action === 'delete_chat_files');
    if (files.length) {
      const ids = (await filesOfChats(trx, [chatId])).map((f) => f.id);
      const r = await deleteChatFilesInTransaction(ctx, t, { chatId, fileIds: ids, erasureRequestId: a.r.id });
      await markApplied(trx, files.map((m) => m.id), r.fileIds.length ? 'delete_chat_files' : 'gone', a.now);
    }
    for (const m of ms.filter((x) => x.proposed_action === 'redact_chat')) {
      const pattern = m.term_id !== null ? a.patterns.get(m.term_id) : undefined;
      const r = pattern ? await redactChatPatternInTransaction(ctx, t, { chatId, pattern, checkLeft: true, erasureRequestId: a.r.id }, { requireMatch: false }) : null;
      await markApplied(trx, [m.id], r && r.occurrences ? 'redact_chat' : 'gone', a.now);
    }
  }
}

/** Hits of the terms left in chats (verification), chats the agent rejected counted by `mode`. */
export const chatsRemaining: NonNullable<MatchKind['remaining']> = async (db, caps, s, terms, mode) => {
  const pats = terms.flatMap((t) => {
    const variants = termVariants(t.kind as TermKind, t.value);
    const pattern = termPattern(variants);
    return pattern ? [{ variants, pattern }] : [];
  });
  if (!pats.length) return 0;
  const rejected = mode === 'all' ? new Set<string>() : await rejectedPlaces(db, s.requestId, 'chat');
  const max = await maxChatId(db);
  let hits = 0;
  for (let after = 0; after < max; after += SPAN) {
    const places = await placesInRange(db, { caps }, pats.flatMap((p) => p.variants), s.userId, after, Math.min(after + SPAN, max));
    for (const p of places) {
      if (p.field === 'linked_visitor') continue;
      const inRejected = rejected.has(`${p.chatId}|${p.field}`);
      if ((mode === 'outside_rejected' && inRejected) || (mode === 'in_rejected' && !inRejected)) continue;
      for (const { pattern } of pats) if (p.texts.some((x) => occurrences(x, pattern).length)) hits++;
    }
  }
  return hits;
};
