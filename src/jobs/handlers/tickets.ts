import type { BulkJobHandler } from '../types.ts';

/** Bulk job types for tickets. */
export const ticketJobHandlers: Record<string, BulkJobHandler> = {};
