import { z } from 'zod';
import { TimestampSchema } from './envelopes.ts';
import { IdSchema } from './ids.ts';
import { oneLine } from './text.ts';

// Organizations and their memberships: request shapes and the objects the API answers
// with, shared by the API and the web app.

const Text = z.string().max(65_535);
const DomainName = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'is not a domain name');

export const OrganizationCreateSchema = z.object({
  name: oneLine(z.string().trim().min(1, 'cannot be blank').max(255)),
  details: Text.nullish(),
  notes: Text.nullish(),
  external_id: z.string().max(255).nullish(),
  domain_names: z.array(DomainName).max(100).optional(),
});
export type OrganizationCreate = z.infer<typeof OrganizationCreateSchema>;

export const OrganizationUpdateSchema = OrganizationCreateSchema.partial();
export type OrganizationUpdate = z.infer<typeof OrganizationUpdateSchema>;

/** POST /organization_memberships (user_id may come from the path instead). */
export const OrganizationMembershipCreateSchema = z.object({
  user_id: IdSchema.optional(),
  organization_id: IdSchema,
  default: z.boolean().nullish(),
});
export type OrganizationMembershipCreate = z.infer<typeof OrganizationMembershipCreateSchema>;

/** An organization in Zendesk's shape. */
export const OrganizationSchema = z.object({
  id: z.number(),
  url: z.string(),
  name: z.string(),
  details: z.string().nullable(),
  notes: z.string().nullable(),
  external_id: z.string().nullable(),
  domain_names: z.array(z.string()),
  group_id: z.null(),
  shared_tickets: z.boolean(),
  shared_comments: z.boolean(),
  tags: z.array(z.string()),
  organization_fields: z.object({}),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type Organization = z.infer<typeof OrganizationSchema>;

/** An organization membership, with the organization's name as Zendesk sends it. */
export const OrganizationMembershipSchema = z.object({
  id: z.number(),
  url: z.string(),
  user_id: z.number(),
  organization_id: z.number(),
  default: z.boolean(),
  organization_name: z.string(),
  view_tickets: z.boolean(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type OrganizationMembership = z.infer<typeof OrganizationMembershipSchema>;
