import type { BulkJobHandler, ItemJobHandler } from '../types.ts';
import { createUser } from '../../domain/contacts/create-user.ts';
import { createOrUpdateUser } from '../../domain/contacts/create-or-update-user.ts';
import { updateUser } from '../../domain/contacts/update-user.ts';
import { createTicket } from '../../domain/tickets/create-ticket.ts';
import { TicketCreateSchema } from '../../shared/tickets.ts';
import { UserCreateOrUpdateSchema, UserCreateSchema, UserUpdateSchema } from '../../shared/users.ts';
import { withoutValues } from '../scrub.ts';

// The jobs of users/create_many, users/create_or_update_many, tickets/create_many (over
// bodies) and users/update_many (over ids). Each item runs the single endpoint's action, so
// it is authorized, validated and audited exactly as one call would be. Bodies were checked
// at the edge; they are parsed again here because a job outlives the code that queued it.

/** Job types over a list of bodies (item-runner.ts). */
export const itemJobHandlersOfAreas: Record<string, ItemJobHandler> = {
  create_many_users: {
    receipts: [{ action: 'user.created', subjectType: 'user', outcome: 'create' }],
    run: (ctx, item) => withoutValues(item, async () => ({ id: await createUser(ctx, UserCreateSchema.parse(item)), action: 'create' })),
  },
  create_or_update_many_users: {
    receipts: [
      { action: 'user.created', subjectType: 'user', outcome: 'create' },
      { action: 'user.updated', subjectType: 'user', outcome: 'update' },
    ],
    run: (ctx, item) =>
      withoutValues(item, async () => {
        const r = await createOrUpdateUser(ctx, UserCreateOrUpdateSchema.parse(item));
        return { id: r.userId, action: r.created ? 'create' : 'update' };
      }),
  },
  create_many_tickets: {
    receipts: [{ action: 'ticket.created', subjectType: 'ticket', outcome: 'create' }],
    run: (ctx, item) => withoutValues(item, async () => ({ id: (await createTicket(ctx, TicketCreateSchema.parse(item))).ticketId, action: 'create' })),
  },
};

/** The changes for one id: the same for all (`?ids=` form), or that id's entry (list form). */
export function changesFor(options: Record<string, unknown>, id: number): unknown {
  if (options.changes !== undefined) return options.changes;
  const items = (options.items ?? []) as { id: number; changes: unknown }[];
  return items.find((i) => i.id === id)?.changes ?? {};
}

/** Bulk job types over ids that this area adds. */
export const surfaceBulkJobHandlers: Record<string, BulkJobHandler> = {
  // PUT /users/update_many: each user updated as PUT /users/{id} would be. An update that
  // changes nothing writes no event; run again after a crash, it changes nothing again.
  bulk_update_users: {
    action: 'update',
    doneStatus: 'Updated',
    event: { action: 'user.updated', subjectType: 'user' },
    run: async (ctx, id, options) => {
      const changes = changesFor(options, id);
      await withoutValues(changes, () => updateUser(ctx, { userId: id, changes: UserUpdateSchema.parse(changes) }));
    },
  },
};
