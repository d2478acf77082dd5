import { z } from 'zod';
import { IdSchema } from './ids.ts';
import { oneLine } from './text.ts';

// Request shapes for agent groups and their memberships, shared by the API and the web app.

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
