import type { Ctx } from '../../context.ts';
import { openChatOfVisitor } from '../../db/queries/chat-chats.ts';
import { findVisitorByTokenHash, insertVisitor, insertVisitorPage, insertVisitorSession, updateVisitorRow } from '../../db/queries/chat-visitors.ts';
import { hashVisitorToken, newVisitorToken } from './chat-rules.ts';

export interface GreetVisitorInput {
  /** The secret this browser was given before, if any. */
  token?: string;
  ip: string | null;
  userAgent: string | null;
  page: { url: string; title?: string };
}

export interface GreetVisitorResult {
  visitorId: number;
  sessionId: number;
  /** The secret to keep: the one given when it was known, else a new one. */
  token: string;
  /** The visitor's chat that has not ended, if any. */
  chatId: number | null;
}

/**
 * A visitor's socket says hello: the visitor is found by their secret (or made, with a new
 * secret, when there is none or it is unknown — deleted visitors come back as new ones), and
 * the connection becomes a new session with its IP address, user agent and first page.
 */
export async function greetVisitor(ctx: Ctx, input: GreetVisitorInput): Promise<GreetVisitorResult> {
  const now = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    let token = input.token;
    const visitor = token ? await findVisitorByTokenHash(trx, hashVisitorToken(token)) : undefined;
    let visitorId: number;
    if (visitor) {
      visitorId = visitor.id;
      await updateVisitorRow(trx, visitorId, { last_seen_at: now });
    } else {
      token = newVisitorToken();
      visitorId = await insertVisitor(trx, { user_id: null, name: null, email: null, phone: null, notes: null, token_hash: hashVisitorToken(token), created_at: now, updated_at: now, last_seen_at: now });
    }
    const sessionId = await insertVisitorSession(trx, { visitor_id: visitorId, ip: input.ip, user_agent: input.userAgent?.slice(0, 500) ?? null, now });
    await insertVisitorPage(trx, { session_id: sessionId, url: input.page.url, title: input.page.title ?? null, visited_at: now });
    const chat = await openChatOfVisitor(trx, visitorId);
    return { visitorId, sessionId, token: token!, chatId: chat?.id ?? null };
  });
}
