import type { Ctx } from '../../context.ts';
import { listAuditEvents as auditEventRows } from '../../db/queries/audit-events.ts';
import { authorize, canAdminister } from '../policy.ts';

export type ListAuditEventsInput = Parameters<typeof auditEventRows>[1];

/** A page of the audit log, newest first, for admins. Events hold ids and counts, never personal data. */
export async function listAuditEvents(ctx: Ctx, input: ListAuditEventsInput) {
  authorize(canAdminister(ctx.actor!));
  return auditEventRows(ctx.db, input);
}
