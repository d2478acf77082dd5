import type { BulkJobHandler } from '../types.ts';

/** Bulk job types for contacts. */
export const contactJobHandlers: Record<string, BulkJobHandler> = {};
