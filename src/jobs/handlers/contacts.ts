import type { BulkJobHandler } from '../types.ts';
import { deleteContact } from '../../domain/contacts/delete-contact.ts';
import { restoreContact } from '../../domain/contacts/restore-contact.ts';

/** Bulk job types for contacts: each id runs the same action as the single endpoint. */
export const contactJobHandlers: Record<string, BulkJobHandler> = {
  bulk_delete_users: {
    action: 'delete',
    doneStatus: 'Deleted',
    event: { action: 'user.deleted', subjectType: 'user' },
    run: async (ctx, id) => {
      await deleteContact(ctx, { userId: id });
    },
  },
  bulk_restore_users: {
    action: 'restore',
    doneStatus: 'Restored',
    event: { action: 'user.restored', subjectType: 'user' },
    run: async (ctx, id) => {
      await restoreContact(ctx, { userId: id });
    },
  },
};
