import type { BulkJobHandler, ItemJobHandler, StepJobHandler } from './types.ts';
import { itemJobHandlersOfAreas, surfaceBulkJobHandlers } from './handlers/items.ts';
import { contactJobHandlers } from './handlers/contacts.ts';
import { ticketJobHandlers } from './handlers/tickets.ts';
import { erasureJobHandlers, erasureVerifyJobHandlers } from './handlers/erasure.ts';
import { erasureRequestJobHandlers } from './handlers/erasure-requests.ts';

/** Every bulk job type, by name. Each area declares its own in jobs/handlers/. */
export const bulkJobHandlers: Record<string, BulkJobHandler> = {
  ...contactJobHandlers,
  ...ticketJobHandlers,
  ...erasureJobHandlers,
  ...surfaceBulkJobHandlers,
};

/** Every multi-step job type, by name (types.ts StepJobHandler). */
export const stepJobHandlers: Record<string, StepJobHandler> = {
  ...erasureRequestJobHandlers,
  ...erasureVerifyJobHandlers,
};

/** Every job type over a list of bodies (create_many): types.ts ItemJobHandler. */
export const itemJobHandlers: Record<string, ItemJobHandler> = itemJobHandlersOfAreas;
