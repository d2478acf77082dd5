import type { FastifyRequest } from 'fastify';
import type { ErasureEntry } from '../../domain/exports/read-erasure-feed.ts';
import { encodeExportCursor } from '../../domain/exports/export-cursor.ts';
import type { ExportResult } from '../../domain/exports/read-export.ts';
import { eventsOf, type EventComment, type TicketEventRow } from '../../domain/exports/read-ticket-event-export.ts';
import type { TicketRow } from '../../domain/tickets/read-ticket.ts';
import type { CursorExportPage, ErasureFeedItem, TimeExportPage } from '../../shared/exports.ts';
import type { Ticket } from '../../shared/tickets.ts';
import { selfUrl } from '../pagination.ts';
import { bool, ts } from '../presenters/common.ts';
import { presentTickets } from '../presenters/tickets.ts';

// The answers of the incremental exports (docs/exports.md), in Zendesk's shapes.

/** The paging words of a time- or cursor-based answer; the next page's URL keeps the rest of the query. */
export function pagingOf(req: FastifyRequest, r: ExportResult<unknown>): TimeExportPage | CursorExportPage {
  if (r.mode === 'time') {
    const p = r.page;
    return { count: p.rows.length, end_time: p.endTime, next_page: selfUrl(req, { start_time: String(p.endTime), cursor: null }), end_of_stream: p.endOfStream };
  }
  const p = r.page;
  const after = encodeExportCursor({ way: 'after', position: p.after });
  const before = p.before ? encodeExportCursor({ way: 'before', position: p.before }) : null;
  return {
    after_cursor: after,
    after_url: selfUrl(req, { cursor: after, start_time: null }),
    before_cursor: before,
    before_url: before ? selfUrl(req, { cursor: before, start_time: null }) : null,
    end_of_stream: p.endOfStream,
  };
}

/**
 * Tickets as exports show them: a ticket in Deleted tickets or Spam has status `deleted`, as
 * Zendesk shows deleted tickets in its exports (`state` says which); a tombstone is `deleted`.
 */
export async function presentExportedTickets(req: FastifyRequest, rows: TicketRow[]): Promise<Ticket[]> {
  const tickets = await presentTickets(req, rows);
  return tickets.map((t) => (t.state === 'active' ? t : { ...t, status: 'deleted' }));
}

/** Zendesk's ticket event: one history entry with its child events; comments only with `include=comment_events`. */
export function presentTicketEvent(row: TicketEventRow, comments: Map<number, EventComment> | null) {
  const events = eventsOf(row);
  const firstComment = events.find((e) => e.type === 'Comment');
  const child = events.flatMap((e): Record<string, unknown>[] => {
    if (e.type !== 'Comment') return [{ event_type: e.type, field_name: e.field_name, value: e.value ?? null, previous_value: e.previous_value ?? null }];
    const c = comments?.get(e.id);
    // Only what the database still holds: a comment that is gone is not made up.
    if (!comments || !c) return [];
    return [{ id: c.id, event_type: 'Comment', author_id: c.author_id, public: bool(c.public), body: c.body, html_body: c.html_body, plain_body: c.plain_body, attachments: [], created_at: ts(c.created_at) }];
  });
  return {
    id: row.id,
    ticket_id: row.ticket_id,
    timestamp: Math.floor(Date.parse(row.created_at) / 1000),
    created_at: ts(row.created_at),
    updater_id: row.author_id ?? -1,
    event_type: 'Audit',
    comment_present: firstComment !== undefined,
    comment_public: firstComment?.type === 'Comment' ? firstComment.public : false,
    system: {},
    metadata: {},
    child_events: child,
  };
}

/** One entry of the erasure feed: kind and ids, nothing else. */
export function presentErasure(e: ErasureEntry): ErasureFeedItem {
  return { id: e.id, kind: e.kind, subject_type: e.subjectType, subject_id: e.subjectId, ids: e.ids, created_at: ts(e.at) };
}
