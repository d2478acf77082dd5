import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getIdentity, identitiesOf } from '../../db/queries/users.ts';
import { countIdentitiesOf, listIdentitiesOf } from '../../db/queries/user-lists.ts';
import { addIdentity } from '../../domain/contacts/add-identity.ts';
import { updateIdentity } from '../../domain/contacts/update-identity.ts';
import { deleteIdentity } from '../../domain/contacts/delete-identity.ts';
import { makeIdentityPrimary } from '../../domain/contacts/make-identity-primary.ts';
import { requireLiveUser } from '../../domain/contacts/live-user.ts';
import { notFound } from '../../errors.ts';
import { IdentityCreateSchema, IdentityUpdateSchema } from '../../shared/users.ts';
import { idParam, parseRoot } from '../body.ts';
import { paginate } from '../pagination.ts';
import { presentIdentity } from '../presenters/users.ts';

type Params = { id: string; iid: string };

async function oneIdentity(req: FastifyRequest, userId: number, identityId: number) {
  await requireLiveUser(req.ctx.db, userId);
  const identity = await getIdentity(req.ctx.db, userId, identityId);
  if (!identity || identity.released) throw notFound();
  return presentIdentity(req, identity);
}

/** A user's identities: email addresses, phone numbers and social handles. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { id: string } }>('/users/:id/identities', async (req) => {
    const userId = idParam(req.params.id);
    await requireLiveUser(req.ctx.db, userId);
    return paginate(
      req,
      'identities',
      { fetch: (p) => listIdentitiesOf(req.ctx.db, userId, p), count: () => countIdentitiesOf(req.ctx.db, userId) },
      (rows) => rows.map((i) => presentIdentity(req, i)),
    );
  });

  app.post<{ Params: { id: string } }>('/users/:id/identities', async (req, reply) => {
    const userId = idParam(req.params.id);
    const input = parseRoot(IdentityCreateSchema, 'identity', req.body);
    const id = await addIdentity(req.ctx, userId, input);
    reply.status(201);
    return { identity: await oneIdentity(req, userId, id) };
  });

  app.get<{ Params: Params }>('/users/:id/identities/:iid', async (req) => {
    return { identity: await oneIdentity(req, idParam(req.params.id), idParam(req.params.iid)) };
  });

  app.put<{ Params: Params }>('/users/:id/identities/:iid', async (req) => {
    const userId = idParam(req.params.id);
    const identityId = idParam(req.params.iid);
    const input = parseRoot(IdentityUpdateSchema, 'identity', req.body);
    await updateIdentity(req.ctx, userId, identityId, input);
    return { identity: await oneIdentity(req, userId, identityId) };
  });

  app.put<{ Params: Params }>('/users/:id/identities/:iid/make_primary', async (req) => {
    const userId = idParam(req.params.id);
    await makeIdentityPrimary(req.ctx, userId, idParam(req.params.iid));
    const all = (await identitiesOf(req.ctx.db, [userId])).filter((i) => !i.released);
    return { identities: all.map((i) => presentIdentity(req, i)) };
  });

  app.delete<{ Params: Params }>('/users/:id/identities/:iid', async (req, reply) => {
    await deleteIdentity(req.ctx, idParam(req.params.id), idParam(req.params.iid));
    reply.status(204);
  });
}
