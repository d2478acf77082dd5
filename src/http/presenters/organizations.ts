import type { FastifyRequest } from 'fastify';
import type { Selectable } from 'kysely';
import type { OrganizationMembershipsTable, OrganizationsTable } from '../../db/schema.ts';
import type { Organization, OrganizationMembership } from '../../shared/organizations.ts';
import { apiBase, bool, parseJson, ts } from './common.ts';

/** An organization in Zendesk's shape. */
export function presentOrganization(req: FastifyRequest, o: Selectable<OrganizationsTable>): Organization {
  return {
    id: o.id,
    url: `${apiBase(req)}/organizations/${o.id}.json`,
    name: o.name,
    details: o.details,
    notes: o.notes,
    external_id: o.external_id,
    domain_names: parseJson<string[]>(o.domain_names, []),
    group_id: null,
    shared_tickets: false,
    shared_comments: false,
    tags: [],
    organization_fields: {},
    created_at: ts(o.created_at),
    updated_at: ts(o.updated_at),
  };
}

/** An organization membership, with the organization's name as Zendesk sends it. */
export function presentOrganizationMembership(
  req: FastifyRequest,
  m: Selectable<OrganizationMembershipsTable> & { organization_name: string },
): OrganizationMembership {
  return {
    id: m.id,
    url: `${apiBase(req)}/organization_memberships/${m.id}.json`,
    user_id: m.user_id,
    organization_id: m.organization_id,
    default: bool(m.is_default),
    organization_name: m.organization_name,
    view_tickets: false,
    created_at: ts(m.created_at),
    updated_at: ts(m.updated_at),
  };
}
