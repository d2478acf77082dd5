import { recordRecipients } from '../src/domain/recipients/record-recipients.ts';
import type { TestApp } from './app.ts';
import { ok, type Row } from './audit-rows-channels.ts';

// The audit actions of webhooks and the erasure ledger (docs/webhooks.md), for
// src/domain/events.test.ts: driven through the API with a marker in the webhook's name,
// description and credentials, and in the erased person's name and email.

const hookOf = async (t: TestApp, m: string) =>
  (
    await ok(
      t.call('POST', '/api/v2/webhooks', {
        webhook: { name: `Hook ${m}`, description: `about ${m}`, endpoint: 'https://hooks.example.test/in', status: 'active', subscriptions: ['zen:event-type:user.created'], authentication: { type: 'bearer_token', data: { token: `tok-${m}` } } },
      }),
      201,
    )
  ).webhook.id as string;

/** The webhook and erasure-notification rows. */
export function webhookRows(): Row[] {
  return [
    { action: 'webhook.created', drive: async (t, m) => ({ subjectType: 'webhook', subjectId: Number(await hookOf(t, m)) }) },
    {
      action: 'webhook.updated',
      async drive(t, m) {
        const id = await hookOf(t, m);
        await ok(t.call('PUT', `/api/v2/webhooks/${id}`, { webhook: { name: `Renamed ${m}`, status: 'inactive' } }), 204);
        return { subjectType: 'webhook', subjectId: Number(id) };
      },
    },
    {
      action: 'webhook.deleted',
      async drive(t, m) {
        const id = await hookOf(t, m);
        await ok(t.call('DELETE', `/api/v2/webhooks/${id}`), 204);
        return { subjectType: 'webhook', subjectId: Number(id) };
      },
    },
    {
      action: 'webhook.signing_secret_reset',
      async drive(t, m) {
        const id = await hookOf(t, m);
        await ok(t.call('POST', `/api/v2/webhooks/${id}/signing_secret`), 201);
        return { subjectType: 'webhook', subjectId: Number(id) };
      },
    },
    {
      action: 'webhook.tested',
      async drive(t) {
        // A name that never resolves: the request fails before leaving, and is recorded all the same.
        await ok(t.call('POST', '/api/v2/webhooks/test', { request: { endpoint: 'https://nowhere.invalid/in' } }));
        return { subjectType: 'webhook', subjectId: null };
      },
    },
    {
      action: 'erasure_notification.acknowledged',
      async drive(t, m) {
        const id = await t.contact({ name: `Name ${m}`, email: `${m}@example.test` });
        await recordRecipients(t.ctx, t.store.db, { userIds: [id], recipient: { kind: 'incremental_export', recipientKey: 'token:1', apiTokenId: 1 } });
        await ok(t.call('DELETE', `/api/v2/users/${id}`));
        await ok(t.call('DELETE', `/api/v2/deleted_users/${id}`));
        const n = (await ok(t.call('GET', '/api/v2/erasure_notifications'))).erasure_notifications[0];
        await ok(t.call('POST', `/api/v2/erasure_notifications/${n.id}/acknowledge`));
        return { subjectType: 'user', subjectId: id };
      },
    },
  ];
}
