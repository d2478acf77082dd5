import type { FastifyInstance, FastifyRequest } from 'fastify';
import { listDeletedUsers } from '../../domain/contacts/list-deleted-users.ts';
import { listUsers, type LiveUserFilter } from '../../domain/contacts/list-users.ts';
import { readUser } from '../../domain/contacts/read-user.ts';
import { readUsers } from '../../domain/contacts/read-users.ts';
import { readJob } from '../../domain/jobs/read-job.ts';
import type { PageOpts } from '../../domain/page-source.ts';
import { countSearchedUsers, searchUsers as searchUsersFullText } from '../../search/service.ts';
import { createUser } from '../../domain/contacts/create-user.ts';
import { updateUser } from '../../domain/contacts/update-user.ts';
import { deleteContact } from '../../domain/contacts/delete-contact.ts';
import { restoreContact } from '../../domain/contacts/restore-contact.ts';
import { authorize, canBulkDeleteUsers, canWorkTickets } from '../../domain/policy.ts';
import { enqueueBulkJob } from '../../jobs/runner.ts';
import { AppError } from '../../errors.ts';
import { UserCreateSchema, UserListQuerySchema, UserSearchQuerySchema, UserShowManyQuerySchema, UserUpdateSchema } from '../../shared/users.ts';
import { idParam, idsParam, parseRoot } from '../body.ts';
import { parseQuery } from '../query.ts';
import { paginate } from '../pagination.ts';
import { ts } from '../presenters/common.ts';
import { presentJob } from '../presenters/jobs.ts';
import {
  presentAnonymousUser,
  presentDeletedUser,
  presentDeletedUsers,
  presentUser,
  presentUsers,
} from '../presenters/users.ts';

/** The list filter of GET /users and GET /suspended_users (UserListQuerySchema). */
function listFilter(req: FastifyRequest): LiveUserFilter {
  const q = parseQuery(UserListQuerySchema, req.query);
  const roles = q.role || q['role[]'] ? [...(q.role ?? []), ...(q['role[]'] ?? [])] : undefined;
  return { roles, externalId: q.external_id };
}

async function jobAnswer(req: FastifyRequest, jobId: string) {
  return { job_status: presentJob(req, await readJob(req.ctx, { jobId })) };
}

/** Users (Zendesk-compatible), suspended users and Deleted contacts (Oubli extensions). */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/users', async (req) => {
    const f = listFilter(req);
    return paginate(req, 'users', listUsers(req.ctx, f), (rows) => presentUsers(req, rows));
  });

  // Zendesk answers an anonymous caller with an anonymous user, and an end user with themself.
  app.get('/users/me', { config: { access: 'public' } }, async (req) => {
    const actor = req.ctx.actor;
    if (!actor) return { user: presentAnonymousUser() };
    return { user: await presentUser(req, await readUser(req.ctx, { userId: actor.id, shown: 'live' })) };
  });

  app.get('/users/show_many', async (req) => {
    const q = parseQuery(UserShowManyQuerySchema, req.query);
    if (q.external_ids !== undefined && q.ids === undefined) {
      return { users: await presentUsers(req, await readUsers(req.ctx, { externalIds: q.external_ids, shown: 'live' })) };
    }
    return { users: await presentUsers(req, await readUsers(req.ctx, { userIds: idsParam(q.ids), shown: 'live' })) };
  });

  app.get('/users/search', async (req) => {
    const q = parseQuery(UserSearchQuerySchema, req.query);
    const query = q.query?.trim();
    const externalId = q.external_id;
    if (!query && externalId === undefined) {
      throw new AppError('invalid_request', 'Give a query (?query=) or an external id (?external_id=).');
    }
    if (query && externalId !== undefined) {
      throw new AppError('invalid_request', 'Give either a query or an external id, not both.');
    }
    // A query goes through the full-text index (the query syntax of /search); an external
    // id is an exact lookup.
    const scope = { actorId: req.ctx.actor?.id };
    const source = query
      ? {
          fetch: (p: PageOpts) => searchUsersFullText(req.ctx.db, req.ctx.caps, query, p, scope),
          count: () => countSearchedUsers(req.ctx.db, req.ctx.caps, query, scope),
        }
      : listUsers(req.ctx, { externalId });
    return paginate(req, 'users', source, (rows) => presentUsers(req, rows));
  });

  app.get<{ Params: { id: string } }>('/users/:id', async (req) => {
    return { user: await presentUser(req, await readUser(req.ctx, { userId: idParam(req.params.id), shown: 'live' })) };
  });

  app.post('/users', async (req, reply) => {
    const input = parseRoot(UserCreateSchema, 'user', req.body);
    const id = await createUser(req.ctx, input);
    reply.status(201);
    return { user: await presentUser(req, await readUser(req.ctx, { userId: id, shown: 'any' })) };
  });

  app.put<{ Params: { id: string } }>('/users/:id', async (req) => {
    const id = idParam(req.params.id);
    const input = parseRoot(UserUpdateSchema, 'user', req.body);
    await updateUser(req.ctx, { userId: id, changes: input });
    return { user: await presentUser(req, await readUser(req.ctx, { userId: id, shown: 'any' })) };
  });

  app.delete('/users/destroy_many', async (req) => {
    const ids = idsParam((req.query as { ids?: unknown }).ids);
    authorize(canBulkDeleteUsers(req.ctx.actor!));
    return jobAnswer(req, await enqueueBulkJob(req.ctx, 'bulk_delete_users', ids));
  });

  app.delete<{ Params: { id: string } }>('/users/:id', async (req) => {
    const id = idParam(req.params.id);
    await deleteContact(req.ctx, { userId: id });
    return { user: await presentUser(req, await readUser(req.ctx, { userId: id, shown: 'any' })) };
  });

  app.get('/suspended_users', async (req) => {
    const f: LiveUserFilter = { suspendedOnly: true, roles: listFilter(req).roles };
    return paginate(req, 'users', listUsers(req.ctx, f), (rows) => presentUsers(req, rows));
  });

  app.get('/deleted_users', async (req) => {
    return paginate(req, 'deleted_users', listDeletedUsers(req.ctx), (rows) => presentDeletedUsers(req, rows));
  });

  app.get('/deleted_users/count', async (req) => {
    return { count: { value: await listDeletedUsers(req.ctx).count(), refreshed_at: ts(req.ctx.now().toISOString()) } };
  });

  app.put('/deleted_users/restore_many', async (req) => {
    const ids = idsParam((req.query as { ids?: unknown }).ids);
    authorize(canWorkTickets(req.ctx.actor!));
    return jobAnswer(req, await enqueueBulkJob(req.ctx, 'bulk_restore_users', ids));
  });

  app.get<{ Params: { id: string } }>('/deleted_users/:id', async (req) => {
    const user = await readUser(req.ctx, { userId: idParam(req.params.id), shown: 'deleted' });
    return { deleted_user: await presentDeletedUser(req, user) };
  });

  app.put<{ Params: { id: string } }>('/deleted_users/:id/restore', async (req) => {
    const id = idParam(req.params.id);
    await restoreContact(req.ctx, { userId: id });
    return { user: await presentUser(req, await readUser(req.ctx, { userId: id, shown: 'any' })) };
  });
}
