import type { BulkJobHandler, StepJobHandler } from '../types.ts';
import { VERIFY_JOB, verifyContactErasure } from '../../domain/contacts/verify-contact-erasure.ts';
import { eraseContact } from '../../domain/contacts/erase-contact.ts';
import { eraseContacts } from '../../domain/contacts/erase-contacts.ts';
import { AppError } from '../../errors.ts';
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
      await eraseContact(ctx, { userId: id });
    },
    // Each step of the erasure taken for 20 contacts at once (erase-contacts.ts): a thousand
    // small contacts cost a few dozen commits, flushes of the full-text index and byte scans.
    runMany: async (ctx, ids) => {
      const errors = new Map<number, unknown>();
      for (const [id, r] of await eraseContacts(ctx, { userIds: ids })) if (r instanceof AppError) errors.set(id, r);
      return errors;
    },
    chunk: 20,
  },
  bulk_erase_deleted_tickets: {
    action: 'erase',
    doneStatus: 'Permanently deleted',
    event: { action: 'ticket.erased', subjectType: 'ticket' },
    run: async (ctx, id) => {
      await eraseTicket(ctx, { ticketId: id, from: 'deleted' });
    },
  },
  bulk_erase_spam_tickets: {
    action: 'erase',
    doneStatus: 'Permanently deleted',
    event: { action: 'ticket.erased', subjectType: 'ticket' },
    run: async (ctx, id) => {
      await eraseTicket(ctx, { ticketId: id, from: 'spam' });
    },
  },
};

/**
 * The check after Delete Forever or the sweep, when the process that erased died before it
 * (verify-contact-erasure.ts): the identifiers are gone with the person, so the index
 * search and the byte scan are reported as not run; what is left of the person is counted.
 */
export const erasureVerifyJobHandlers: Record<string, StepJobHandler> = {
  [VERIFY_JOB]: {
    async step(ctx, job) {
      const userId = Number(job.payload.user_id);
      const v = await verifyContactErasure(ctx, { userId, jobId: job.id, identifiers: null });
      return { done: true, progress: 1, total: 1, message: v.clean ? 'Verified.' : 'Verified: something of the person was found.', results: [{ id: userId, action: 'verify_erasure', status: v.clean ? 'Clean' : 'Found', success: v.clean }] };
    },
  },
};
