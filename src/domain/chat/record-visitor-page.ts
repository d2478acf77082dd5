import type { Ctx } from '../../context.ts';
import { insertVisitorPage, touchVisitorSession } from '../../db/queries/chat-visitors.ts';

/** The visitor moved to another page of the site: it joins the session's pages. */
export async function recordVisitorPage(ctx: Ctx, input: { sessionId: number; page: { url: string; title?: string } }): Promise<void> {
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await insertVisitorPage(trx, { session_id: input.sessionId, url: input.page.url, title: input.page.title ?? null, visited_at: now });
    await touchVisitorSession(trx, input.sessionId, now);
  });
}
