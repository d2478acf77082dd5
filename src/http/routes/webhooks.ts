import type { FastifyInstance } from 'fastify';
import { createWebhook } from '../../domain/webhooks/create-webhook.ts';
import { deleteWebhook } from '../../domain/webhooks/delete-webhook.ts';
import { listInvocations, readInvocation } from '../../domain/webhooks/list-invocations.ts';
import { listWebhooks, readWebhook } from '../../domain/webhooks/read-webhook.ts';
import { resetSigningSecret } from '../../domain/webhooks/reset-signing-secret.ts';
import { testWebhook } from '../../domain/webhooks/test-webhook.ts';
import { updateWebhook } from '../../domain/webhooks/update-webhook.ts';
import { WebhookCreateSchema, WebhookTestSchema, WebhookUpdateSchema } from '../../shared/webhooks.ts';
import { idParam, optionalObject, parseRoot } from '../body.ts';
import { paginate } from '../pagination.ts';
import { presentAttempts, presentInvocation, presentWebhook } from './webhooks-present.ts';
import { AppError } from '../../errors.ts';
import { apiBase } from '../presenters/common.ts';

/** Webhooks, as Zendesk's Webhooks API (docs/webhooks.md); admins only. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/webhooks', async (req) => paginate(req, 'webhooks', listWebhooks(req.ctx), (rows) => rows.map(presentWebhook)));

  app.post('/webhooks', async (req, reply) => {
    const id = await createWebhook(req.ctx, parseRoot(WebhookCreateSchema, 'webhook', req.body));
    reply.status(201);
    // A webhook has no `url` field in Zendesk's shape, so the Location hook cannot find one.
    reply.header('Location', `${apiBase(req)}/webhooks/${id}`);
    return { webhook: presentWebhook(await readWebhook(req.ctx, { webhookId: id })) };
  });

  // Registered before /webhooks/:id, whose id could never be "test" anyway (idParam).
  app.post('/webhooks/test', async (req) => {
    const body = WebhookTestSchema.safeParse(optionalObject(req.body));
    if (!body.success) throw new AppError('invalid_request', 'Send {"webhook_id": …} or {"request": {"endpoint": …}}.');
    const webhookId = body.data.webhook_id !== undefined ? idParam(body.data.webhook_id) : undefined;
    const r = await testWebhook(req.ctx, { webhookId, endpoint: body.data.request?.endpoint });
    return { response: { status: r.status, error: r.ok ? null : r.code } };
  });

  app.get<{ Params: { id: string } }>('/webhooks/:id', async (req) => ({ webhook: presentWebhook(await readWebhook(req.ctx, { webhookId: idParam(req.params.id) })) }));

  const update = async (req: { ctx: Parameters<typeof updateWebhook>[0]; params: { id: string }; body: unknown }) => {
    await updateWebhook(req.ctx, { webhookId: idParam(req.params.id), changes: parseRoot(WebhookUpdateSchema, 'webhook', req.body) });
  };
  // Zendesk answers 204 to both.
  app.put<{ Params: { id: string } }>('/webhooks/:id', async (req, reply) => {
    await update(req);
    reply.status(204);
  });
  app.patch<{ Params: { id: string } }>('/webhooks/:id', async (req, reply) => {
    await update(req);
    reply.status(204);
  });

  app.delete<{ Params: { id: string } }>('/webhooks/:id', async (req, reply) => {
    await deleteWebhook(req.ctx, { webhookId: idParam(req.params.id) });
    reply.status(204);
  });

  app.post<{ Params: { id: string } }>('/webhooks/:id/test', async (req) => {
    const r = await testWebhook(req.ctx, { webhookId: idParam(req.params.id) });
    return { response: { status: r.status, error: r.ok ? null : r.code } };
  });

  app.get<{ Params: { id: string } }>('/webhooks/:id/signing_secret', async (req) => {
    const hook = await readWebhook(req.ctx, { webhookId: idParam(req.params.id) });
    return { signing_secret: { algorithm: 'SHA256', secret: hook.signing_secret } };
  });

  app.post<{ Params: { id: string } }>('/webhooks/:id/signing_secret', async (req, reply) => {
    const webhookId = idParam(req.params.id);
    const secret = await resetSigningSecret(req.ctx, { webhookId });
    reply.status(201);
    reply.header('Location', `${apiBase(req)}/webhooks/${webhookId}/signing_secret`);
    return { signing_secret: { algorithm: 'SHA256', secret } };
  });

  app.get<{ Params: { id: string } }>('/webhooks/:id/invocations', async (req) =>
    paginate(req, 'invocations', await listInvocations(req.ctx, { webhookId: idParam(req.params.id) }), (rows) => rows.map(presentInvocation)),
  );

  app.get<{ Params: { id: string; iid: string } }>('/webhooks/:id/invocations/:iid/attempts', async (req) => {
    const row = await readInvocation(req.ctx, { webhookId: idParam(req.params.id), invocationKey: req.params.iid });
    return { attempts: presentAttempts(row) };
  });
}
