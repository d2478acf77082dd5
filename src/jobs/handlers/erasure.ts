import type { BulkJobHandler } from '../types.ts';
import { eraseContact } from '../../domain/contacts/erase-contact.ts';
import { eraseTicket } from '../../domain/tickets/erase-ticket.ts';

/** Bulk job types for erasure (Delete Forever): each id erased in its own action. */
export const erasureJobHandlers: Record<string, BulkJobHandler> = {
  bulk_erase_users: {
    action: 'erase',
    doneStatus: 'Permanently deleted',
    // Written in the last of its transactions, with the stub: the earlier ones leave the
    // contact marked as being erased, and running it again finishes it.
    event: { action: 'user.erased', subjectType: 'user' },
    run: async (ctx, id) => {
      await eraseContact(ctx, id);
    },
  },
  bulk_erase_deleted_tickets: {
    action: 'erase',
    doneStatus: 'Permanently deleted',
    event: { action: 'ticket.erased', subjectType: 'ticket' },
    run: async (ctx, id) => {
      await eraseTicket(ctx, id, { from: 'deleted' });
    },
  },
  bulk_erase_spam_tickets: {
    action: 'erase',
    doneStatus: 'Permanently deleted',
    event: { action: 'ticket.erased', subjectType: 'ticket' },
    run: async (ctx, id) => {
      await eraseTicket(ctx, id, { from: 'spam' });
    },
  },
};
