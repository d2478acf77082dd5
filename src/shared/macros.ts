import { z } from 'zod';
import { IdSchema } from './ids.ts';
import { optionalParam } from './query.ts';
import { oneLine } from './text.ts';
import { PrioritySchema, TICKET_STATUSES, TicketTypeSchema } from './tickets.ts';
import { RestrictionSchema } from './views.ts';

// Macros (docs/views.md "Macros"): Zendesk's `actions: [{field, value}]`.

const None = z.union([z.null(), z.literal('')]).transform(() => null);
const IdValue = z.union([IdSchema, z.string().regex(/^[1-9]\d{0,9}$/, 'must be an id').transform(Number).pipe(IdSchema)]);
const Tags = z
  .union([z.string().max(10_000), z.array(z.string().max(255)).max(200)])
  .transform((v) => (Array.isArray(v) ? v : v.split(/\s+/)).map((t) => t.trim().toLowerCase()).filter(Boolean));
const Flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
/** Zendesk also sends a comment as `["channel:all", "text"]`: the text is the second item. */
const CommentText = z.union([z.string().max(65_535), z.tuple([z.string().max(40), z.string().max(65_535)]).transform((v) => v[1])]);

/** Statuses a macro may set: `closed` only comes from the sweep or PUT /tickets/{id}/close. */
const MacroStatus = z.enum(TICKET_STATUSES.filter((s) => s !== 'closed') as ['new', 'open', 'pending', 'hold', 'solved']);

export const MacroActionSchema = z.discriminatedUnion('field', [
  z.object({ field: z.literal('status'), value: MacroStatus }),
  z.object({ field: z.literal('priority'), value: z.union([PrioritySchema, None]) }),
  z.object({ field: z.literal('type'), value: z.union([TicketTypeSchema, None]) }),
  z.object({ field: z.literal('assignee_id'), value: z.union([IdValue, z.literal('current_user'), None]) }),
  z.object({ field: z.literal('group_id'), value: z.union([IdValue, None]) }),
  z.object({ field: z.literal('set_tags'), value: Tags }),
  z.object({ field: z.literal('current_tags'), value: Tags }),
  z.object({ field: z.literal('remove_tags'), value: Tags }),
  z.object({ field: z.literal('comment_value'), value: CommentText }),
  z.object({ field: z.literal('comment_value_html'), value: z.string().max(262_144) }),
  z.object({ field: z.literal('comment_mode_is_public'), value: Flag }),
]);
export type MacroAction = z.infer<typeof MacroActionSchema>;

const MacroFields = {
  title: oneLine(z.string().trim().min(1, 'cannot be blank').max(255)),
  description: z.string().max(1000).nullish(),
  active: z.boolean().optional(),
  position: z.number().int().min(0).max(100_000).optional(),
  restriction: RestrictionSchema.optional(),
  actions: z.array(MacroActionSchema).min(1, 'give at least one action').max(50),
};

export const MacroCreateSchema = z.object(MacroFields);
export type MacroCreate = z.infer<typeof MacroCreateSchema>;
export const MacroUpdateSchema = z.object({ ...MacroFields, title: MacroFields.title.optional(), actions: MacroFields.actions.optional() });
export type MacroUpdate = z.infer<typeof MacroUpdateSchema>;

/** The query string of GET /macros and /macros/active. */
export const MacroListQuerySchema = z.object({ active: optionalParam(z.enum(['true', 'false'])) }).loose();
