import type { BulkJobHandler } from './types.ts';
import { contactJobHandlers } from './handlers/contacts.ts';
import { ticketJobHandlers } from './handlers/tickets.ts';
import { erasureJobHandlers } from './handlers/erasure.ts';

/** Every bulk job type, by name. Each area declares its own in jobs/handlers/. */
export const bulkJobHandlers: Record<string, BulkJobHandler> = {
  ...contactJobHandlers,
  ...ticketJobHandlers,
  ...erasureJobHandlers,
};
