import type { Ctx } from '../../context.ts';
import { deleteIdleSessions, deleteIdleVisitors, idleSessionsBefore, idleVisitorsBefore } from '../../db/queries/chat-idle.ts';

/**
 * Days after which a visitor who never chatted, and a visit (session) no chat belongs to, are
 * deleted by the sweep with their pages: every widget greeting writes a visitor, a session
 * (IP address, user agent) and pages, and nobody needs them once nothing came of them.
 */
export const IDLE_VISITOR_DAYS = 30;

export interface IdleVisitorsResult {
  /** Visitors deleted (or that would be). */
  visitors: number[];
  /** Sessions deleted (or that would be), those of the deleted visitors included. */
  sessions: number;
  pages: number;
}

type Due = { id: number; at: string };

/** Reads due rows in (time, id) order, batch by batch, and hands each batch on. */
async function eachBatch(read: (cursor: Due | null) => Promise<Due[]>, batch: number, act: (ids: number[]) => Promise<void>): Promise<void> {
  for (let cursor: Due | null = null; ; ) {
    const rows = await read(cursor);
    if (rows.length) await act(rows.map((r) => r.id));
    const last = rows[rows.length - 1];
    if (!last || rows.length < batch) return;
    cursor = last;
  }
}

/**
 * Deletes visitors with no chat last seen before the cutoff (with their sessions and pages),
 * then sessions no chat belongs to last seen before it (with their pages). Each batch's
 * delete checks the condition again; with dryRun it only counts (pages are not counted).
 */
export async function expireIdleVisitors(ctx: Ctx, input: { cutoff: string; dryRun: boolean; batch: number }): Promise<IdleVisitorsResult> {
  const out: IdleVisitorsResult = { visitors: [], sessions: 0, pages: 0 };
  const { cutoff, batch } = input;
  await eachBatch((c) => idleVisitorsBefore(ctx.db, cutoff, c, batch), batch, async (ids) => {
    if (input.dryRun) return void out.visitors.push(...ids);
    const r = await deleteIdleVisitors(ctx.db, ids, cutoff);
    out.visitors.push(...r.visitors);
    out.sessions += r.sessions;
    out.pages += r.pages;
  });
  await eachBatch((c) => idleSessionsBefore(ctx.db, cutoff, c, batch), batch, async (ids) => {
    if (input.dryRun) return void (out.sessions += ids.length);
    const r = await deleteIdleSessions(ctx.db, ids, cutoff);
    out.sessions += r.sessions.length;
    out.pages += r.pages;
  });
  return out;
}
