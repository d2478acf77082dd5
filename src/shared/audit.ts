import { z } from 'zod';
import { cursorList, TimestampSchema } from './envelopes.ts';

// The audit log as the API answers it (GET /audit_logs, newest first, for admins). Events
// hold ids, counts and states, never personal data.

export const AuditEventSchema = z.object({
  id: z.number(),
  url: z.string(),
  actor_id: z.number().nullable(),
  action: z.string(),
  source_type: z.string(),
  source_id: z.number().nullable(),
  source_label: z.string(),
  change_description: z.string(),
  details: z.record(z.string(), z.unknown()),
  created_at: TimestampSchema,
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const AuditLogPageSchema = cursorList('audit_logs', AuditEventSchema);
export type AuditLogPage = z.infer<typeof AuditLogPageSchema>;
