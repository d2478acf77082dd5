import type { BulkJobHandler } from '../types.ts';
import { deleteTicket } from '../../domain/tickets/delete-ticket.ts';
import { markSpam } from '../../domain/tickets/mark-spam.ts';
import { notSpam } from '../../domain/tickets/not-spam.ts';

/** Bulk job types for tickets: each id runs the single-ticket action in its own transaction. */
export const ticketJobHandlers: Record<string, BulkJobHandler> = {
  bulk_delete_tickets: {
    action: 'delete',
    doneStatus: 'Deleted',
    event: { action: 'ticket.deleted', subjectType: 'ticket' },
    run: (ctx, id) => deleteTicket(ctx, { ticketId: id }),
  },
  bulk_mark_spam: {
    action: 'mark_as_spam',
    doneStatus: 'Marked as spam',
    event: { action: 'ticket.marked_spam', subjectType: 'ticket' },
    run: (ctx, id) => markSpam(ctx, { ticketId: id }),
  },
  bulk_not_spam: {
    action: 'not_spam',
    doneStatus: 'Not spam',
    event: { action: 'ticket.not_spam', subjectType: 'ticket' },
    run: (ctx, id) => notSpam(ctx, { ticketId: id }),
  },
};
