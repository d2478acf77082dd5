import type { BulkJobHandler } from '../types.ts';
import { deleteTicket } from '../../domain/tickets/delete-ticket.ts';
import { markSpam } from '../../domain/tickets/mark-spam.ts';
import { notSpam } from '../../domain/tickets/not-spam.ts';
import { updateTicket } from '../../domain/tickets/update-ticket.ts';
import { TicketBulkUpdateSchema, TicketUpdateSchema } from '../../shared/tickets.ts';
import { withoutValues } from '../scrub.ts';

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
  // PUT /tickets/update_many: the same changes on each ticket, through the single update, so
  // each ticket is authorized, refused when closed, audited and announced as one update is.
  bulk_update_tickets: {
    action: 'update',
    doneStatus: 'Updated',
    event: { action: 'ticket.updated', subjectType: 'ticket' },
    // The list form (`{tickets: [{id, …}]}`) gives each ticket its own changes, any field a
    // single update takes; its words leave out the values sent (a comment, a tag).
    run: async (ctx, id, options) => {
      if (options.changes !== undefined) {
        await updateTicket(ctx, { ticketId: id, changes: TicketBulkUpdateSchema.parse(options.changes) });
        return;
      }
      const changes = ((options.items ?? []) as { id: number; changes: unknown }[]).find((i) => i.id === id)?.changes ?? {};
      await withoutValues(changes, () => updateTicket(ctx, { ticketId: id, changes: TicketUpdateSchema.parse(changes) }));
    },
  },
  bulk_not_spam: {
    action: 'not_spam',
    doneStatus: 'Not spam',
    event: { action: 'ticket.not_spam', subjectType: 'ticket' },
    run: (ctx, id) => notSpam(ctx, { ticketId: id }),
  },
};
