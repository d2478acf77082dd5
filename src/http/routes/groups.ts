import type { FastifyInstance, FastifyRequest } from 'fastify';
import { listGroupMemberships, type GroupMembershipFilter } from '../../domain/groups/list-group-memberships.ts';
import { listGroups } from '../../domain/groups/list-groups.ts';
import { readGroupMembership } from '../../domain/groups/read-group-membership.ts';
import { readGroup } from '../../domain/groups/read-group.ts';
import { createGroup } from '../../domain/groups/create-group.ts';
import { updateGroup } from '../../domain/groups/update-group.ts';
import { deleteGroup } from '../../domain/groups/delete-group.ts';
import { createGroupMembership } from '../../domain/groups/create-group-membership.ts';
import { deleteGroupMembership } from '../../domain/groups/delete-group-membership.ts';
import { makeGroupMembershipDefault } from '../../domain/groups/make-group-membership-default.ts';
import { readUser } from '../../domain/contacts/read-user.ts';
import { invalidField } from '../../errors.ts';
import { GroupCreateSchema, GroupMembershipCreateSchema, GroupUpdateSchema } from '../../shared/groups.ts';
import { idParam, parseRoot } from '../body.ts';
import { paginate } from '../pagination.ts';
import { presentGroup, presentGroupMembership } from '../presenters/groups.ts';

async function oneGroup(req: FastifyRequest, id: number) {
  return presentGroup(req, await readGroup(req.ctx, { groupId: id }));
}

async function oneMembership(req: FastifyRequest, id: number, userId?: number) {
  return presentGroupMembership(req, await readGroupMembership(req.ctx, { membershipId: id, userId }));
}

function listMemberships(req: FastifyRequest, f: GroupMembershipFilter) {
  return paginate(req, 'group_memberships', listGroupMemberships(req.ctx, f), (rows) => rows.map((m) => presentGroupMembership(req, m)));
}

/** Agent groups and group memberships (Zendesk-compatible). */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/groups', async (req) =>
    paginate(req, 'groups', listGroups(req.ctx), (rows) => rows.map((g) => presentGroup(req, g))),
  );

  app.post('/groups', async (req, reply) => {
    const id = await createGroup(req.ctx, parseRoot(GroupCreateSchema, 'group', req.body));
    reply.status(201);
    return { group: await oneGroup(req, id) };
  });

  app.get<{ Params: { id: string } }>('/groups/:id', async (req) => ({ group: await oneGroup(req, idParam(req.params.id)) }));

  app.put<{ Params: { id: string } }>('/groups/:id', async (req) => {
    const id = idParam(req.params.id);
    await updateGroup(req.ctx, { groupId: id, changes: parseRoot(GroupUpdateSchema, 'group', req.body) });
    return { group: await oneGroup(req, id) };
  });

  app.delete<{ Params: { id: string } }>('/groups/:id', async (req, reply) => {
    await deleteGroup(req.ctx, { groupId: idParam(req.params.id) });
    reply.status(204);
  });

  app.get<{ Params: { id: string } }>('/groups/:id/memberships', async (req) => {
    const groupId = idParam(req.params.id);
    await readGroup(req.ctx, { groupId });
    return listMemberships(req, { groupId });
  });

  app.get('/group_memberships', async (req) => listMemberships(req, {}));

  app.post('/group_memberships', async (req, reply) => {
    const input = parseRoot(GroupMembershipCreateSchema, 'group_membership', req.body);
    if (input.user_id === undefined) throw invalidField('user_id', 'user_id: is required');
    const id = await createGroupMembership(req.ctx, { userId: input.user_id, groupId: input.group_id, isDefault: input.default ?? false });
    reply.status(201);
    return { group_membership: await oneMembership(req, id) };
  });

  app.get<{ Params: { id: string } }>('/group_memberships/:id', async (req) => ({
    group_membership: await oneMembership(req, idParam(req.params.id)),
  }));

  app.delete<{ Params: { id: string } }>('/group_memberships/:id', async (req, reply) => {
    await deleteGroupMembership(req.ctx, { membershipId: idParam(req.params.id) });
    reply.status(204);
  });

  app.get<{ Params: { id: string } }>('/users/:id/group_memberships', async (req) => {
    const userId = idParam(req.params.id);
    await readUser(req.ctx, { userId, shown: 'live' });
    return listMemberships(req, { userId });
  });

  app.post<{ Params: { id: string } }>('/users/:id/group_memberships', async (req, reply) => {
    const userId = idParam(req.params.id);
    await readUser(req.ctx, { userId, shown: 'live' });
    const input = parseRoot(GroupMembershipCreateSchema, 'group_membership', req.body);
    if (input.user_id !== undefined && input.user_id !== userId) throw invalidField('user_id', 'user_id: does not match the path');
    const id = await createGroupMembership(req.ctx, { userId, groupId: input.group_id, isDefault: input.default ?? false });
    reply.status(201);
    return { group_membership: await oneMembership(req, id) };
  });

  app.get<{ Params: { id: string; mid: string } }>('/users/:id/group_memberships/:mid', async (req) => {
    const userId = idParam(req.params.id);
    await readUser(req.ctx, { userId, shown: 'live' });
    return { group_membership: await oneMembership(req, idParam(req.params.mid), userId) };
  });

  app.delete<{ Params: { id: string; mid: string } }>('/users/:id/group_memberships/:mid', async (req, reply) => {
    const userId = idParam(req.params.id);
    await readUser(req.ctx, { userId, shown: 'live' });
    await deleteGroupMembership(req.ctx, { membershipId: idParam(req.params.mid), userId });
    reply.status(204);
  });

  app.put<{ Params: { id: string; mid: string } }>('/users/:id/group_memberships/:mid/make_default', async (req) => {
    const userId = idParam(req.params.id);
    await readUser(req.ctx, { userId, shown: 'live' });
    await makeGroupMembershipDefault(req.ctx, { userId, membershipId: idParam(req.params.mid) });
    return listMemberships(req, { userId });
  });
}
