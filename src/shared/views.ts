import { z } from 'zod';
import { IdSchema } from './ids.ts';
import { optionalParam } from './query.ts';
import { oneLine } from './text.ts';
import { PrioritySchema, TICKET_STATUSES, TicketTypeSchema } from './tickets.ts';

// Views (docs/views.md): Zendesk's condition shape `{all: [...], any: [...]}` of
// `{field, operator, value}`, and its `output`/`execution` of columns and sort.

/** Zendesk sends ids in conditions as numbers or as digit strings. */
const IdValue = z.union([IdSchema, z.string().regex(/^[1-9]\d{0,9}$/, 'must be an id').transform(Number).pipe(IdSchema)]);
/** "No value": unassigned, no group, no priority. */
const None = z.union([z.null(), z.literal('')]).transform(() => null);

const Equality = z.enum(['is', 'is_not']);
const Ordered = z.enum(['is', 'is_not', 'less_than', 'greater_than']);

/** Hours ago (a number, or digits) or a date or date-time. */
const TimeValue = z.union([
  z.number().nonnegative().max(1_000_000),
  z.string().regex(/^\d{1,7}(\.\d+)?$/, 'must be hours or a date').transform(Number),
  z.iso.date().transform((d) => `${d}T00:00:00.000Z`),
  z.iso.datetime({ offset: true }).transform((d) => new Date(d).toISOString()),
]);

const TagList = z
  .union([z.string().max(10_000), z.array(z.string().max(255)).max(200)])
  .transform((v) => (Array.isArray(v) ? v : v.split(/\s+/)).map((t) => t.trim().toLowerCase()).filter(Boolean))
  .refine((v) => v.length > 0 && v.length <= 200, 'give from 1 to 200 tags');

const idField = <F extends string>(field: F, extra: z.ZodType<string | null, any> = None) =>
  z.object({ field: z.literal(field), operator: Equality, value: z.union([IdValue, extra]) });

export const ConditionSchema = z.discriminatedUnion('field', [
  z.object({ field: z.literal('status'), operator: Ordered, value: z.enum(TICKET_STATUSES) }),
  z.object({ field: z.literal('priority'), operator: Ordered, value: z.union([PrioritySchema, None]) }),
  z.object({ field: z.literal('type'), operator: Equality, value: z.union([TicketTypeSchema, None]) }),
  idField('assignee_id', z.union([z.literal('current_user'), None])),
  idField('requester_id', z.literal('current_user')),
  idField('group_id', z.union([z.literal('current_groups'), None])),
  idField('organization_id'),
  z.object({ field: z.literal('tags'), operator: z.enum(['includes', 'not_includes']), value: TagList }),
  ...(['created_at', 'updated_at', 'hours_since_created', 'hours_since_updated'] as const).map((f) =>
    z.object({ field: z.literal(f), operator: z.enum(['less_than', 'greater_than']), value: TimeValue }),
  ),
  z.object({ field: z.literal('via'), operator: Equality, value: z.string().regex(/^[a-z_]{1,40}$/, 'must be a channel name such as email, web or api') }),
]);
export type Condition = z.infer<typeof ConditionSchema>;

const ConditionList = z.array(ConditionSchema).max(50);
export const ConditionsSchema = z.object({ all: ConditionList.default([]), any: ConditionList.default([]) });
export type Conditions = z.infer<typeof ConditionsSchema>;

/** Columns a view can show; each row of an executed view carries their values. */
export const VIEW_COLUMNS = ['id', 'subject', 'requester', 'assignee', 'group', 'organization', 'status', 'priority', 'type', 'created', 'updated', 'via', 'tags'] as const;
export const ViewColumnSchema = z.enum(VIEW_COLUMNS);

/** What a view sorts by (Zendesk's column names and the ticket's own field names). */
export const SORT_KEYS = {
  id: 'id',
  nice_id: 'id',
  subject: 'subject',
  status: 'status',
  priority: 'priority',
  type: 'type',
  created: 'created_at',
  created_at: 'created_at',
  updated: 'updated_at',
  updated_at: 'updated_at',
  assignee: 'assignee_id',
  assignee_id: 'assignee_id',
  requester: 'requester_id',
  requester_id: 'requester_id',
  group: 'group_id',
  group_id: 'group_id',
  organization: 'organization_id',
  organization_id: 'organization_id',
} as const;
export type SortColumn = (typeof SORT_KEYS)[keyof typeof SORT_KEYS];
const SortKeySchema = z.enum(Object.keys(SORT_KEYS) as [keyof typeof SORT_KEYS, ...(keyof typeof SORT_KEYS)[]]);
export const SortOrderSchema = z.enum(['asc', 'desc']);

export const OutputSchema = z.object({
  columns: z.array(ViewColumnSchema).min(1).max(VIEW_COLUMNS.length).optional(),
  sort_by: SortKeySchema.optional(),
  sort_order: SortOrderSchema.optional(),
});

/** `restriction`: null (shared with all staff) or the creating agent (a personal view). */
export const RestrictionSchema = z.union([z.null(), z.object({ type: z.literal('User'), id: IdSchema })]);

const ViewFields = {
  title: oneLine(z.string().trim().min(1, 'cannot be blank').max(255)),
  description: z.string().max(1000).nullish(),
  active: z.boolean().optional(),
  position: z.number().int().min(0).max(100_000).optional(),
  restriction: RestrictionSchema.optional(),
  /** Zendesk's create shape: `all`/`any` at the top; its read shape `conditions` is accepted too. */
  all: ConditionList.optional(),
  any: ConditionList.optional(),
  conditions: z.object({ all: ConditionList.optional(), any: ConditionList.optional() }).optional(),
  output: OutputSchema.optional(),
  execution: OutputSchema.optional(),
};

export const ViewCreateSchema = z.object(ViewFields);
export type ViewCreate = z.infer<typeof ViewCreateSchema>;
export const ViewUpdateSchema = z.object({ ...ViewFields, title: ViewFields.title.optional() });
export type ViewUpdate = z.infer<typeof ViewUpdateSchema>;
/** POST /views/preview: conditions and output, nothing saved. */
export const ViewPreviewSchema = z.object({ all: ViewFields.all, any: ViewFields.any, conditions: ViewFields.conditions, output: ViewFields.output });
export type ViewPreview = z.infer<typeof ViewPreviewSchema>;

/** The query string of GET /views/{id}/execute and /tickets: sort and the usual paging. */
export const ViewExecuteQuerySchema = z
  .object({
    sort_by: optionalParam(SortKeySchema),
    sort_order: optionalParam(SortOrderSchema),
  })
  .loose();

/** The query string of GET /views: Zendesk's `active` filter. */
export const ViewListQuerySchema = z.object({ active: optionalParam(z.enum(['true', 'false'])) }).loose();
