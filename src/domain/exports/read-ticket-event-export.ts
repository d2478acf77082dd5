import type { Selectable } from 'kysely';
import type { Ctx } from '../../context.ts';
import { commentsForEvents, peopleOfTickets, ticketAuditsWritten } from '../../db/queries/incremental.ts';
import type { TicketAuditsTable } from '../../db/schema.ts';
import { authorize, canAdminister } from '../policy.ts';
import type { AuditEvent } from '../tickets/ticket-audit.ts';
import { readExportPage, type ExportResult } from './read-export.ts';
import { recordExportPage } from './record-export.ts';

export type TicketEventRow = Selectable<TicketAuditsTable>;
export type EventComment = Awaited<ReturnType<typeof commentsForEvents>>[number];

export interface ReadTicketEventExportInput {
  startTime: number;
  limit: number;
  /** `include=comment_events`: the comments the events name, with their text as it is now. */
  withComments: boolean;
}

/** The events an audit row holds (field changes and comments, ids and fixed words only). */
export function eventsOf(row: TicketEventRow): AuditEvent[] {
  try {
    const parsed: unknown = JSON.parse(row.events);
    return Array.isArray(parsed) ? (parsed as AuditEvent[]) : [];
  } catch {
    return [];
  }
}

/**
 * One time-based page of the incremental ticket event export: ticket history by the time it
 * was written, from what the database holds now — an erased ticket's history and comments are
 * gone with it, a redacted comment comes redacted. Admins only. Authors, and the requester,
 * submitter and assignee of each ticket, are noted in the erasure ledger against the reader.
 */
export async function readTicketEventExport(
  ctx: Ctx,
  input: ReadTicketEventExportInput,
): Promise<{ result: ExportResult<TicketEventRow>; comments: Map<number, EventComment> }> {
  authorize(canAdminister(ctx.actor!));
  const result = await readExportPage(
    ctx,
    { fetch: (w) => ticketAuditsWritten(ctx.db, w), at: (a) => a.created_at },
    { mode: 'time', startTime: input.startTime, limit: input.limit },
  );
  const rows = result.page.rows;
  const commentIds = rows.flatMap((r) => eventsOf(r).flatMap((e) => (e.type === 'Comment' ? [e.id] : [])));
  const comments = input.withComments ? await commentsForEvents(ctx.db, commentIds) : [];
  const tickets = await peopleOfTickets(ctx.db, [...new Set(rows.map((r) => r.ticket_id))]);
  await recordExportPage(ctx, [
    ...rows.map((r) => r.author_id),
    ...comments.map((c) => c.author_id),
    ...tickets.flatMap((t) => [t.requester_id, t.submitter_id, t.assignee_id]),
  ]);
  return { result, comments: new Map(comments.map((c) => [c.id, c])) };
}
