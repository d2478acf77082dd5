import { z } from 'zod';
import { IdSchema } from './ids.ts';
import { oneLine } from './text.ts';

// Request shapes for users, shared by the API and the web app.

export const RoleSchema = z.enum(['end-user', 'agent', 'admin']);

export const IdentityInputSchema = z.object({
  type: z.enum(['email', 'phone_number', 'twitter', 'facebook']),
  value: z.string().min(1).max(320),
  verified: z.boolean().optional(),
  primary: z.boolean().optional(),
});

const Text = z.string().max(65_535);

export const UserCreateSchema = z.object({
  name: oneLine(z.string().trim().min(1, 'cannot be blank').max(255)),
  email: z.string().max(320).nullish(),
  phone: z.string().max(64).nullish(),
  alias: oneLine(z.string().max(255)).nullish(),
  role: RoleSchema.optional(),
  verified: z.boolean().optional(),
  external_id: z.string().max(255).nullish(),
  notes: Text.nullish(),
  details: Text.nullish(),
  tags: z.array(z.string().min(1).max(80)).max(200).optional(),
  user_fields: z.record(z.string(), z.union([z.string().max(4096), z.number(), z.boolean(), z.null()])).optional(),
  organization_id: IdSchema.nullish(),
  identities: z.array(IdentityInputSchema).max(50).optional(),
  locale: z.string().max(20).nullish(),
  time_zone: z.string().max(64).nullish(),
  suspended: z.boolean().optional(),
  /** Agents only: may delete tickets (docs/permissions.md). */
  can_delete_tickets: z.boolean().optional(),
});
export type UserCreate = z.infer<typeof UserCreateSchema>;

export const UserUpdateSchema = UserCreateSchema.omit({ identities: true }).partial();
export type UserUpdate = z.infer<typeof UserUpdateSchema>;

/** POST /users/{id}/identities. */
export const IdentityCreateSchema = IdentityInputSchema;
export type IdentityCreate = z.infer<typeof IdentityCreateSchema>;

/** PUT /users/{id}/identities/{iid}: the value and whether it is verified. */
export const IdentityUpdateSchema = z
  .object({
    value: z.string().min(1).max(320).optional(),
    verified: z.boolean().optional(),
  })
  .strip();
export type IdentityUpdate = z.infer<typeof IdentityUpdateSchema>;
