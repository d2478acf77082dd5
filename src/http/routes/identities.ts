import type { FastifyInstance, FastifyRequest } from 'fastify';
import { addIdentity } from '../../domain/contacts/add-identity.ts';
import { updateIdentity } from '../../domain/contacts/update-identity.ts';
import { deleteIdentity } from '../../domain/contacts/delete-identity.ts';
import { makeIdentityPrimary } from '../../domain/contacts/make-identity-primary.ts';
import { listIdentities } from '../../domain/contacts/list-identities.ts';
import { readIdentities } from '../../domain/contacts/read-identities.ts';
import { readIdentity } from '../../domain/contacts/read-identity.ts';
import { IdentityCreateSchema, IdentityUpdateSchema } from '../../shared/users.ts';
import { idParam, parseRoot } from '../body.ts';
import { paginate } from '../pagination.ts';
import { presentIdentity } from '../presenters/users.ts';

type Params = { id: string; iid: string };

async function oneIdentity(req: FastifyRequest, userId: number, identityId: number) {
  return presentIdentity(req, await readIdentity(req.ctx, { userId, identityId }));
}

/** A user's identities: email addresses, phone numbers and social handles. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { id: string } }>('/users/:id/identities', async (req) => {
    const userId = idParam(req.params.id);
    const identities = await listIdentities(req.ctx, { userId });
    return paginate(req, 'identities', identities, (rows) => rows.map((i) => presentIdentity(req, i)));
  });

  app.post<{ Params: { id: string } }>('/users/:id/identities', async (req, reply) => {
    const userId = idParam(req.params.id);
    const input = parseRoot(IdentityCreateSchema, 'identity', req.body);
    const id = await addIdentity(req.ctx, { userId, identity: input });
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
    await updateIdentity(req.ctx, { userId, identityId, changes: input });
    return { identity: await oneIdentity(req, userId, identityId) };
  });

  app.put<{ Params: Params }>('/users/:id/identities/:iid/make_primary', async (req) => {
    const userId = idParam(req.params.id);
    await makeIdentityPrimary(req.ctx, { userId, identityId: idParam(req.params.iid) });
    const all = await readIdentities(req.ctx, { userIds: [userId], withReleased: false });
    return { identities: all.map((i) => presentIdentity(req, i)) };
  });

  app.delete<{ Params: Params }>('/users/:id/identities/:iid', async (req, reply) => {
    await deleteIdentity(req.ctx, { userId: idParam(req.params.id), identityId: idParam(req.params.iid) });
    reply.status(204);
  });
}
