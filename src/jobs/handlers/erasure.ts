import type { BulkJobHandler } from '../types.ts';

/** Bulk job types for erasure. */
export const erasureJobHandlers: Record<string, BulkJobHandler> = {};
