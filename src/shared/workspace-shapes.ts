import { z } from 'zod';
import { OffsetPageSchema, TimestampSchema } from './envelopes.ts';
import { TicketSchema } from './tickets.ts';

// The answers of views, macros and drafts (docs/views.md), as the web app reads them. The
// presenters (src/http/presenters/workspace.ts) are typed against these.

const RestrictionShape = z.object({ type: z.literal('User'), id: z.number(), ids: z.array(z.number()) }).nullable();
const ConditionShape = z.object({ field: z.string(), operator: z.string(), value: z.unknown() });
const ColumnShape = z.object({ id: z.string(), title: z.string() });

export const ViewSchema = z.object({
  id: z.number(),
  url: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  active: z.boolean(),
  position: z.number(),
  default: z.boolean(),
  restriction: RestrictionShape,
  conditions: z.object({ all: z.array(ConditionShape), any: z.array(ConditionShape) }),
  execution: z.object({ columns: z.array(ColumnShape), sort_by: z.string(), sort_order: z.string(), group_by: z.null(), group_order: z.null() }),
  created_at: TimestampSchema.nullable(),
  updated_at: TimestampSchema.nullable(),
});
export type View = z.infer<typeof ViewSchema>;

/** One row of an executed view: the ticket, its id, and one key per column (loose: the columns vary). */
export const ViewRowSchema = z.object({ ticket_id: z.number(), ticket: TicketSchema }).catchall(z.unknown());

export const ViewExecuteSchema = OffsetPageSchema.extend({
  rows: z.array(ViewRowSchema),
  columns: z.array(ColumnShape),
  view: z.object({ id: z.number(), url: z.string() }).nullable(),
  users: z.array(z.object({ id: z.number(), name: z.string(), role: z.string() })),
  sort_by: z.string(),
  sort_order: z.string(),
});
export type ViewExecute = z.infer<typeof ViewExecuteSchema>;

export const ViewCountSchema = z.object({ view_id: z.number(), url: z.string(), value: z.number(), pretty: z.string(), fresh: z.boolean() });
export type ViewCount = z.infer<typeof ViewCountSchema>;

export const MacroSchema = z.object({
  id: z.number(),
  url: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  active: z.boolean(),
  position: z.number(),
  default: z.boolean(),
  restriction: RestrictionShape,
  actions: z.array(z.object({ field: z.string(), value: z.unknown() })),
  created_at: TimestampSchema.nullable(),
  updated_at: TimestampSchema.nullable(),
});
export type Macro = z.infer<typeof MacroSchema>;

export const MacroApplySchema = z.object({
  result: z.object({
    ticket: z.object({ id: z.number(), url: z.string() }).catchall(z.unknown()),
    comment: z.object({ body: z.string(), html_body: z.string().optional(), public: z.boolean() }).optional(),
  }),
});
export type MacroApply = z.infer<typeof MacroApplySchema>;

export const DraftSchema = z.object({
  url: z.string(),
  ticket_id: z.number(),
  user_id: z.number(),
  body: z.string(),
  public: z.boolean(),
  status: z.string().nullable(),
  fields: z.record(z.string(), z.unknown()),
  created_at: TimestampSchema.nullable(),
  updated_at: TimestampSchema.nullable(),
});
export type Draft = z.infer<typeof DraftSchema>;
