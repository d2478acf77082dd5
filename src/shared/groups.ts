import { z } from 'zod';
import { TimestampSchema } from './envelopes.ts';
import { IdSchema } from './ids.ts';
import { oneLine } from './text.ts';

// Agent groups and their memberships: request shapes and the objects the API answers with,
// shared by the API and the web app.

export const GroupCreateSchema = z.object({
  name: oneLine(z.string().trim().min(1, 'cannot be blank').max(255)),
  description: z.string().max(65_535).nullish(),
});
export type GroupCreate = z.infer<typeof GroupCreateSchema>;

export const GroupUpdateSchema = GroupCreateSchema.partial();
export type GroupUpdate = z.infer<typeof GroupUpdateSchema>;

/** POST /group_memberships (user_id may come from the path instead). */
export const GroupMembershipCreateSchema = z.object({
  user_id: IdSchema.optional(),
  group_id: IdSchema,
  default: z.boolean().nullish(),
});
export type GroupMembershipCreate = z.infer<typeof GroupMembershipCreateSchema>;

/** A group in Zendesk's shape. */
export const GroupSchema = z.object({
  id: z.number(),
  url: z.string(),
  name: z.string(),
  description: z.string(),
  default: z.boolean(),
  deleted: z.boolean(),
  is_public: z.boolean(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type Group = z.infer<typeof GroupSchema>;

/** A group membership in Zendesk's shape. */
export const GroupMembershipSchema = z.object({
  id: z.number(),
  url: z.string(),
  user_id: z.number(),
  group_id: z.number(),
  default: z.boolean(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type GroupMembership = z.infer<typeof GroupMembershipSchema>;
