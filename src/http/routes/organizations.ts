import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  listOrganizationMemberships,
  type OrganizationMembershipFilter,
} from '../../domain/organizations/list-organization-memberships.ts';
import { listOrganizations } from '../../domain/organizations/list-organizations.ts';
import { readOrganizationMembership } from '../../domain/organizations/read-organization-membership.ts';
import { readOrganization } from '../../domain/organizations/read-organization.ts';
import { readOrganizations } from '../../domain/organizations/read-organizations.ts';
import { createOrganization } from '../../domain/organizations/create-organization.ts';
import { updateOrganization } from '../../domain/organizations/update-organization.ts';
import { deleteOrganization } from '../../domain/organizations/delete-organization.ts';
import { createOrganizationMembership } from '../../domain/organizations/create-organization-membership.ts';
import { deleteOrganizationMembership } from '../../domain/organizations/delete-organization-membership.ts';
import { makeOrganizationMembershipDefault } from '../../domain/organizations/make-organization-membership-default.ts';
import { readUser } from '../../domain/contacts/read-user.ts';
import { invalidField } from '../../errors.ts';
import {
  OrganizationCreateSchema,
  OrganizationMembershipCreateSchema,
  OrganizationUpdateSchema,
} from '../../shared/organizations.ts';
import { idParam, idsParam, parseRoot } from '../body.ts';
import { paginate } from '../pagination.ts';
import { presentOrganization, presentOrganizationMembership } from '../presenters/organizations.ts';

async function oneOrganization(req: FastifyRequest, id: number) {
  return presentOrganization(req, await readOrganization(req.ctx, { organizationId: id }));
}

async function oneMembership(req: FastifyRequest, id: number, userId?: number) {
  return presentOrganizationMembership(req, await readOrganizationMembership(req.ctx, { membershipId: id, userId }));
}

function listMemberships(req: FastifyRequest, f: OrganizationMembershipFilter) {
  return paginate(
    req,
    'organization_memberships',
    listOrganizationMemberships(req.ctx, f),
    (rows) => rows.map((m) => presentOrganizationMembership(req, m)),
  );
}

/** Organizations and organization memberships (Zendesk-compatible). */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/organizations', async (req) =>
    paginate(req, 'organizations', listOrganizations(req.ctx), (rows) => rows.map((o) => presentOrganization(req, o))),
  );

  app.get('/organizations/show_many', async (req) => {
    const rows = await readOrganizations(req.ctx, { organizationIds: idsParam((req.query as Record<string, unknown>).ids) });
    return { organizations: rows.map((o) => presentOrganization(req, o)) };
  });

  app.post('/organizations', async (req, reply) => {
    const id = await createOrganization(req.ctx, parseRoot(OrganizationCreateSchema, 'organization', req.body));
    reply.status(201);
    return { organization: await oneOrganization(req, id) };
  });

  app.get<{ Params: { id: string } }>('/organizations/:id', async (req) => ({
    organization: await oneOrganization(req, idParam(req.params.id)),
  }));

  app.put<{ Params: { id: string } }>('/organizations/:id', async (req) => {
    const id = idParam(req.params.id);
    await updateOrganization(req.ctx, { organizationId: id, changes: parseRoot(OrganizationUpdateSchema, 'organization', req.body) });
    return { organization: await oneOrganization(req, id) };
  });

  app.delete<{ Params: { id: string } }>('/organizations/:id', async (req, reply) => {
    await deleteOrganization(req.ctx, { organizationId: idParam(req.params.id) });
    reply.status(204);
  });

  app.get<{ Params: { id: string } }>('/organizations/:id/organization_memberships', async (req) => {
    const organizationId = idParam(req.params.id);
    await readOrganization(req.ctx, { organizationId });
    return listMemberships(req, { organizationId });
  });

  app.get('/organization_memberships', async (req) => listMemberships(req, {}));

  app.post('/organization_memberships', async (req, reply) => {
    const input = parseRoot(OrganizationMembershipCreateSchema, 'organization_membership', req.body);
    if (input.user_id === undefined) throw invalidField('user_id', 'user_id: is required');
    const id = await createOrganizationMembership(req.ctx, {
      userId: input.user_id,
      organizationId: input.organization_id,
      isDefault: input.default ?? false,
    });
    reply.status(201);
    return { organization_membership: await oneMembership(req, id) };
  });

  app.get<{ Params: { id: string } }>('/organization_memberships/:id', async (req) => ({
    organization_membership: await oneMembership(req, idParam(req.params.id)),
  }));

  app.delete<{ Params: { id: string } }>('/organization_memberships/:id', async (req, reply) => {
    await deleteOrganizationMembership(req.ctx, { membershipId: idParam(req.params.id) });
    reply.status(204);
  });

  app.get<{ Params: { id: string } }>('/users/:id/organization_memberships', async (req) => {
    const userId = idParam(req.params.id);
    await readUser(req.ctx, { userId, shown: 'live' });
    return listMemberships(req, { userId });
  });

  app.post<{ Params: { id: string } }>('/users/:id/organization_memberships', async (req, reply) => {
    const userId = idParam(req.params.id);
    await readUser(req.ctx, { userId, shown: 'live' });
    const input = parseRoot(OrganizationMembershipCreateSchema, 'organization_membership', req.body);
    if (input.user_id !== undefined && input.user_id !== userId) throw invalidField('user_id', 'user_id: does not match the path');
    const id = await createOrganizationMembership(req.ctx, {
      userId,
      organizationId: input.organization_id,
      isDefault: input.default ?? false,
    });
    reply.status(201);
    return { organization_membership: await oneMembership(req, id) };
  });

  app.get<{ Params: { id: string; mid: string } }>('/users/:id/organization_memberships/:mid', async (req) => {
    const userId = idParam(req.params.id);
    await readUser(req.ctx, { userId, shown: 'live' });
    return { organization_membership: await oneMembership(req, idParam(req.params.mid), userId) };
  });

  app.delete<{ Params: { id: string; mid: string } }>('/users/:id/organization_memberships/:mid', async (req, reply) => {
    const userId = idParam(req.params.id);
    await readUser(req.ctx, { userId, shown: 'live' });
    await deleteOrganizationMembership(req.ctx, { membershipId: idParam(req.params.mid), userId });
    reply.status(204);
  });

  app.put<{ Params: { id: string; mid: string } }>('/users/:id/organization_memberships/:mid/make_default', async (req) => {
    const userId = idParam(req.params.id);
    await makeOrganizationMembershipDefault(req.ctx, { userId, membershipId: idParam(req.params.mid) });
    return listMemberships(req, { userId });
  });
}
