import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createOrUpdateUser } from '../../domain/contacts/create-or-update-user.ts';
import { readUser } from '../../domain/contacts/read-user.ts';
import { authorize, canCreateUser, canWorkTickets } from '../../domain/policy.ts';
import { enqueueItemJob } from '../../jobs/item-runner.ts';
import { enqueueBulkJob } from '../../jobs/runner.ts';
import { UserCreateOrUpdateSchema, UserCreateSchema, UserUpdateEntrySchema, UserUpdateSchema, type Role } from '../../shared/users.ts';
import { distinctIds, jobStatusAnswer, listBody, parseEach, updateManyForm } from '../bulk-bodies.ts';
import { idsParam, parseRoot } from '../body.ts';
import { presentUser } from '../presenters/users.ts';

/** Refuses the whole call when the caller may not create one of the roles it names (an agent creating an admin). */
function authorizeRoles(req: FastifyRequest, roles: (Role | undefined)[]) {
  for (const role of new Set(roles.map((r) => r ?? 'end-user'))) authorize(canCreateUser(req.ctx.actor!, role));
}

/** Zendesk's bulk user endpoints: create_many, create_or_update(_many), update_many (jobs but one). */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.post('/users/create_many', async (req) => {
    const users = parseEach(UserCreateSchema, 'users', listBody(req.body, 'users'));
    authorizeRoles(req, users.map((u) => u.role));
    return jobStatusAnswer(req, await enqueueItemJob(req.ctx, 'create_many_users', users));
  });

  // One user, at once: 201 with the user made, or 200 with the user matched and updated.
  app.post('/users/create_or_update', async (req, reply) => {
    const input = parseRoot(UserCreateOrUpdateSchema, 'user', req.body);
    const r = await createOrUpdateUser(req.ctx, input);
    reply.status(r.created ? 201 : 200);
    return { user: await presentUser(req, await readUser(req.ctx, { userId: r.userId, shown: 'any' })) };
  });

  app.post('/users/create_or_update_many', async (req) => {
    const users = parseEach(UserCreateOrUpdateSchema, 'users', listBody(req.body, 'users'));
    authorizeRoles(req, users.map((u) => u.role));
    return jobStatusAnswer(req, await enqueueItemJob(req.ctx, 'create_or_update_many_users', users));
  });

  // `?ids=1,2` with `{user: {…}}` (the same changes for each), or `{users: [{id, …}, …]}`.
  app.put('/users/update_many', async (req) => {
    authorize(canWorkTickets(req.ctx.actor!));
    if (updateManyForm(req, 'users') === 'ids') {
      const ids = idsParam((req.query as { ids?: unknown }).ids);
      const changes = parseRoot(UserUpdateSchema, 'user', req.body);
      return jobStatusAnswer(req, await enqueueBulkJob(req.ctx, 'bulk_update_users', ids, { changes }));
    }
    const entries = parseEach(UserUpdateEntrySchema, 'users', listBody(req.body, 'users'));
    const ids = distinctIds('users', entries.map((e) => e.id));
    const items = entries.map(({ id, ...changes }) => ({ id, changes }));
    return jobStatusAnswer(req, await enqueueBulkJob(req.ctx, 'bulk_update_users', ids, { items }));
  });
}
