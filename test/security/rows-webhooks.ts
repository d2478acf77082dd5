import { recordRecipients } from '../../src/domain/recipients/record-recipients.ts';
import { admins, api, staff, type Expect, type Row } from './roles-table.ts';
import type { World } from './world.ts';

// Webhooks (docs/webhooks.md) are for admins, as in Zendesk. Erasure notifications are for
// staff: each token holder sees and acknowledges their own (an admin, everyone's), so an
// agent gets the 404 of a notification that is not theirs.

const webhookBody = { webhook: { name: 'Warehouse', endpoint: 'https://hooks.example.test/in', status: 'active', subscriptions: ['zen:event-type:user.created'] } };
const hook = async (w: World) => (await w.must('POST', api('/webhooks'), webhookBody)).webhook.id as string;

/** An invocation of a new webhook, as the outbox holds one. */
async function invocation(w: World): Promise<{ id: string; key: string }> {
  const id = await hook(w);
  const at = new Date().toISOString();
  await w.t.store.db
    .insertInto('webhook_invocations')
    .values({ webhook_id: Number(id), invocation_key: 'INV0000000000000000000KEY1', event_id: 'e1', event_type: 'zen:event-type:user.created', subject_type: 'user', subject_id: 1, user_id: null, ticket_id: null, ledger_id: null, event_data: '{}', event_time: at, status: 'succeeded', next_attempt_at: at, attempt_log: '[]', body: null, created_at: at, completed_at: at })
    .execute();
  return { id, key: 'INV0000000000000000000KEY1' };
}

/** A pending erasure notification of the owner's token: a person it pulled, erased. */
async function notification(w: World): Promise<number> {
  const person = await w.contact();
  await recordRecipients(w.t.ctx, w.t.store.db, { userIds: [person], recipient: { kind: 'incremental_export', recipientKey: 'token:1', apiTokenId: 1 } });
  await w.must('DELETE', api(`/users/${person}`));
  await w.must('DELETE', api(`/deleted_users/${person}`));
  const list = (await w.must('GET', api('/erasure_notifications'))).erasure_notifications as { id: number; user_id: number }[];
  return list.find((n) => n.user_id === person)!.id;
}

const ownNotification = (s: number): Expect => ({ ...staff(s), agentDelete: 404, agent: 404 });

export const webhookRows: Row[] = [
  { area: 'Webhooks', action: 'list webhooks', method: 'GET', path: '/webhooks', expect: admins(200) },
  { area: 'Webhooks', action: 'create a webhook', method: 'POST', path: '/webhooks', expect: admins(201), make: async () => ({ url: api('/webhooks'), body: webhookBody }) },
  { area: 'Webhooks', action: 'send a test request to an endpoint', method: 'POST', path: '/webhooks/test', expect: admins(200), make: async () => ({ url: api('/webhooks/test'), body: { request: { endpoint: 'https://nowhere.invalid/in' } } }) },
  { area: 'Webhooks', action: 'show a webhook', method: 'GET', path: '/webhooks/{id}', expect: admins(200), shared: hook, make: async (_w, _who, id) => ({ url: api(`/webhooks/${id}`) }) },
  { area: 'Webhooks', action: 'update a webhook', method: 'PUT', path: '/webhooks/{id}', expect: admins(204), shared: hook, make: async (_w, _who, id) => ({ url: api(`/webhooks/${id}`), body: { webhook: { name: 'Renamed' } } }) },
  { area: 'Webhooks', action: 'patch a webhook', method: 'PATCH', path: '/webhooks/{id}', expect: admins(204), shared: hook, make: async (_w, _who, id) => ({ url: api(`/webhooks/${id}`), body: { webhook: { status: 'inactive' } } }) },
  { area: 'Webhooks', action: 'delete a webhook', method: 'DELETE', path: '/webhooks/{id}', expect: admins(204), make: async (w) => ({ url: api(`/webhooks/${await hook(w)}`) }) },
  { area: 'Webhooks', action: 'send a test request of a webhook', method: 'POST', path: '/webhooks/{id}/test', expect: admins(200), shared: async (w) => (await w.must('POST', api('/webhooks'), { webhook: { ...webhookBody.webhook, endpoint: 'https://nowhere.invalid/in' } })).webhook.id, make: async (_w, _who, id) => ({ url: api(`/webhooks/${id}/test`) }) },
  { area: 'Webhooks', action: 'show the signing secret', method: 'GET', path: '/webhooks/{id}/signing_secret', expect: admins(200), shared: hook, make: async (_w, _who, id) => ({ url: api(`/webhooks/${id}/signing_secret`) }) },
  { area: 'Webhooks', action: 'reset the signing secret', method: 'POST', path: '/webhooks/{id}/signing_secret', expect: admins(201), shared: hook, make: async (_w, _who, id) => ({ url: api(`/webhooks/${id}/signing_secret`) }) },
  { area: 'Webhooks', action: 'list invocations', method: 'GET', path: '/webhooks/{id}/invocations', expect: admins(200), shared: hook, make: async (_w, _who, id) => ({ url: api(`/webhooks/${id}/invocations`) }) },
  {
    area: 'Webhooks', action: 'list an invocation’s attempts', method: 'GET', path: '/webhooks/{id}/invocations/{invocation_id}/attempts', expect: admins(200),
    shared: invocation, make: async (_w, _who, s) => ({ url: api(`/webhooks/${s.id}/invocations/${s.key}/attempts`) }),
  },
  { area: 'Webhooks', action: 'list my pending erasure notifications', method: 'GET', path: '/erasure_notifications', expect: staff(200) },
  { area: 'Webhooks', action: 'acknowledge an erasure notification', method: 'POST', path: '/erasure_notifications/{id}/acknowledge', expect: ownNotification(200), make: async (w) => ({ url: api(`/erasure_notifications/${await notification(w)}/acknowledge`) }) },
];
