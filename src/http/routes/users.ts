import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getUser } from '../../db/queries/users.ts';
import {
  countDeletedUsers,
  countLiveUsers,
  countUsersByExternalId,
  getLiveUsers,
  getLiveUsersByExternalIds,
  listDeletedUsers,
  listLiveUsers,
  listUsersByExternalId,
  type LiveUserFilter,
} from '../../db/queries/user-lists.ts';
import { getJob } from '../../db/queries/jobs.ts';
import type { PageOpts } from '../../db/queries/paging.ts';
import { countSearchedUsers, searchUsers as searchUsersFullText } from '../../search/service.ts';
import { createUser } from '../../domain/contacts/create-user.ts';
import { updateUser } from '../../domain/contacts/update-user.ts';
import { deleteContact } from '../../domain/contacts/delete-contact.ts';
import { restoreContact } from '../../domain/contacts/restore-contact.ts';
import { authorize, canBulkDeleteUsers, canWorkTickets } from '../../domain/policy.ts';
import { enqueueBulkJob } from '../../jobs/runner.ts';
import { AppError, notFound } from '../../errors.ts';
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
  return { job_status: presentJob(req, (await getJob(req.ctx.db, jobId))!) };
}

/** The user with this id if they are live (deleted users live under /deleted_users). */
async function liveUser(req: FastifyRequest, id: number) {
  const user = await getUser(req.ctx.db, id);
  if (!user || user.deleted_at || user.erased_at) throw notFound();
  return user;
}

/** Users (Zendesk-compatible), suspended users and Deleted contacts (Oubli extensions). */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/users', async (req) => {
    const f = listFilter(req);
    return paginate(
      req,
      'users',
      { fetch: (p) => listLiveUsers(req.ctx.db, f, p), count: () => countLiveUsers(req.ctx.db, f) },
      (rows) => presentUsers(req, rows),
    );
  });

  // Zendesk answers an anonymous caller with an anonymous user, and an end user with themself.
  app.get('/users/me', { config: { access: 'public' } }, async (req) => {
    const actor = req.ctx.actor;
    if (!actor) return { user: presentAnonymousUser() };
    return { user: await presentUser(req, await liveUser(req, actor.id)) };
  });

  app.get('/users/show_many', async (req) => {
    const q = parseQuery(UserShowManyQuerySchema, req.query);
    if (q.external_ids !== undefined && q.ids === undefined) {
      return { users: await presentUsers(req, await getLiveUsersByExternalIds(req.ctx.db, q.external_ids)) };
    }
    return { users: await presentUsers(req, await getLiveUsers(req.ctx.db, idsParam(q.ids))) };
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
      : {
          fetch: (p: PageOpts) => listUsersByExternalId(req.ctx.db, { externalId }, p),
          count: () => countUsersByExternalId(req.ctx.db, { externalId }),
        };
    return paginate(req, 'users', source, (rows) => presentUsers(req, rows));
  });

  app.get<{ Params: { id: string } }>('/users/:id', async (req) => {
    return { user: await presentUser(req, await liveUser(req, idParam(req.params.id))) };
  });

  app.post('/users', async (req, reply) => {
    const input = parseRoot(UserCreateSchema, 'user', req.body);
    const id = await createUser(req.ctx, input);
    reply.status(201);
    return { user: await presentUser(req, (await getUser(req.ctx.db, id))!) };
  });

  app.put<{ Params: { id: string } }>('/users/:id', async (req) => {
    const id = idParam(req.params.id);
    const input = parseRoot(UserUpdateSchema, 'user', req.body);
    await updateUser(req.ctx, id, input);
    return { user: await presentUser(req, (await getUser(req.ctx.db, id))!) };
  });

  app.delete('/users/destroy_many', async (req) => {
    const ids = idsParam((req.query as { ids?: unknown }).ids);
    authorize(canBulkDeleteUsers(req.ctx.actor!));
    return jobAnswer(req, await enqueueBulkJob(req.ctx, 'bulk_delete_users', ids));
  });

  app.delete<{ Params: { id: string } }>('/users/:id', async (req) => {
    const id = idParam(req.params.id);
    await deleteContact(req.ctx, id);
    return { user: await presentUser(req, (await getUser(req.ctx.db, id))!) };
  });

  app.get('/suspended_users', async (req) => {
    const f: LiveUserFilter = { suspendedOnly: true, roles: listFilter(req).roles };
    return paginate(
      req,
      'users',
      { fetch: (p) => listLiveUsers(req.ctx.db, f, p), count: () => countLiveUsers(req.ctx.db, f) },
      (rows) => presentUsers(req, rows),
    );
  });

  app.get('/deleted_users', async (req) => {
    return paginate(
      req,
      'deleted_users',
      { fetch: (p) => listDeletedUsers(req.ctx.db, p), count: () => countDeletedUsers(req.ctx.db) },
      (rows) => presentDeletedUsers(req, rows),
    );
  });

  app.get('/deleted_users/count', async (req) => {
    return { count: { value: await countDeletedUsers(req.ctx.db), refreshed_at: ts(req.ctx.now().toISOString()) } };
  });

  app.put('/deleted_users/restore_many', async (req) => {
    const ids = idsParam((req.query as { ids?: unknown }).ids);
    authorize(canWorkTickets(req.ctx.actor!));
    return jobAnswer(req, await enqueueBulkJob(req.ctx, 'bulk_restore_users', ids));
  });

  app.get<{ Params: { id: string } }>('/deleted_users/:id', async (req) => {
    const user = await getUser(req.ctx.db, idParam(req.params.id));
    if (!user || !user.deleted_at || user.erased_at) throw notFound();
    return { deleted_user: await presentDeletedUser(req, user) };
  });

  app.put<{ Params: { id: string } }>('/deleted_users/:id/restore', async (req) => {
    const id = idParam(req.params.id);
    await restoreContact(req.ctx, id);
    return { user: await presentUser(req, (await getUser(req.ctx.db, id))!) };
  });
}
