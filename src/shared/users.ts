import { z } from 'zod';
import { TimestampSchema } from './envelopes.ts';
import { IdSchema } from './ids.ts';
import { OnceText, PageQuerySchema } from './query.ts';
import { oneLine } from './text.ts';

// Users: request shapes, query shapes and the objects the API answers with, shared by the
// API and the web app.

export const RoleSchema = z.enum(['end-user', 'agent', 'admin']);
export type Role = z.infer<typeof RoleSchema>;

export const IdentityTypeSchema = z.enum(['email', 'phone_number', 'twitter', 'facebook']);
export type IdentityType = z.infer<typeof IdentityTypeSchema>;

export const IdentityInputSchema = z.object({
  type: IdentityTypeSchema,
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

/** POST /users/create_or_update(_many): a user's fields, matched by external_id or email; `name` is needed to create. */
export const UserCreateOrUpdateSchema = UserCreateSchema.partial({ name: true });
export type UserCreateOrUpdate = z.infer<typeof UserCreateOrUpdateSchema>;

/** One entry of PUT /users/update_many's list form: `{id, …changes}`. */
export const UserUpdateEntrySchema = UserUpdateSchema.extend({ id: IdSchema });

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

/** `role=agent`, `role=agent,admin` or `role[]=agent&role[]=admin`, as Zendesk takes them. */
const RolesParam = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v, ctx): Role[] | undefined => {
    const roles = [v ?? []]
      .flat()
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = roles.find((r) => !RoleSchema.safeParse(r).success);
    if (bad !== undefined) ctx.addIssue({ code: 'custom', message: `must be one of ${RoleSchema.options.join(', ')} (got "${bad.slice(0, 20)}")` });
    return roles.length ? (roles as Role[]) : undefined;
  });

const ExternalIdParam = OnceText.max(255).optional();

/** GET /users and GET /suspended_users: by role, by external id. */
export const UserListQuerySchema = PageQuerySchema.extend({
  role: RolesParam,
  'role[]': RolesParam,
  external_id: ExternalIdParam,
});
export type UserListQuery = z.output<typeof UserListQuerySchema>;

/** GET /users/search: a full-text query, or an exact external id. */
export const UserSearchQuerySchema = PageQuerySchema.extend({
  query: OnceText.optional(),
  external_id: ExternalIdParam,
});

/** GET /users/show_many: `?ids=` (checked as every `ids` is), or `?external_ids=a,b` (up to 100 are read). */
export const UserShowManyQuerySchema = z.object({
  ids: z.unknown().optional(),
  external_ids: OnceText.optional().transform((s) =>
    s === undefined
      ? undefined
      : s
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean)
          .slice(0, 100),
  ),
});

/** The name an erased user's stub shows (docs/lifecycle.md). */
export const ERASED_USER_NAME = 'Permanently Deleted User';

/** Zendesk's user object. After erasure: named ERASED_USER_NAME, email and phone null. */
export const UserSchema = z.object({
  id: z.number(),
  url: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  shared_phone_number: z.boolean(),
  alias: z.string().nullable(),
  role: RoleSchema,
  role_type: z.null(),
  custom_role_id: z.null(),
  moderator: z.boolean(),
  ticket_restriction: z.literal('requested').nullable(),
  only_private_comments: z.boolean(),
  restricted_agent: z.boolean(),
  can_delete_tickets: z.boolean(),
  active: z.boolean(),
  suspended: z.boolean(),
  verified: z.boolean(),
  shared: z.boolean(),
  shared_agent: z.boolean(),
  organization_id: z.number().nullable(),
  default_group_id: z.null(),
  external_id: z.string().nullable(),
  notes: z.string().nullable(),
  details: z.string().nullable(),
  tags: z.array(z.string()),
  user_fields: z.record(z.string(), z.unknown()),
  locale: z.string(),
  time_zone: z.string().nullable(),
  photo: z.null(),
  signature: z.null(),
  two_factor_auth_enabled: z.null(),
  last_login_at: z.null(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type User = z.infer<typeof UserSchema>;

/** What `GET /users/me` answers to a caller without credentials (as Zendesk does). */
export const AnonymousUserSchema = UserSchema.extend({
  id: z.null(),
  url: z.null(),
  role: z.literal('end-user'),
  created_at: z.null(),
  updated_at: z.null(),
});
export type AnonymousUser = z.infer<typeof AnonymousUserSchema>;

/** Zendesk's deleted_user object (`/deleted_users`). */
export const DeletedUserSchema = z.object({
  id: z.number(),
  url: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  shared_phone_number: z.boolean(),
  role: RoleSchema,
  active: z.literal(false),
  locale: z.string(),
  time_zone: z.string().nullable(),
  organization_id: z.null(),
  photo: z.null(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type DeletedUser = z.infer<typeof DeletedUserSchema>;

/** An identity (`/users/{id}/identities/{iid}`). */
export const IdentitySchema = z.object({
  id: z.number(),
  url: z.string(),
  user_id: z.number(),
  type: IdentityTypeSchema,
  value: z.string(),
  verified: z.boolean(),
  primary: z.boolean(),
  deliverable_state: z.literal('deliverable').nullable(),
  undeliverable_count: z.number(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type Identity = z.infer<typeof IdentitySchema>;
