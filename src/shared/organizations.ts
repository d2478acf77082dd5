import { z } from 'zod';
import { IdSchema } from './ids.ts';
import { oneLine } from './text.ts';

// Request shapes for organizations and their memberships, shared by the API and the web app.

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
