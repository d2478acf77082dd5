import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.ts';
import { startReceiver, type Receiver } from '../e2e/webhooks-receiver.ts';
import { insertWebhook } from '../../src/db/queries/webhooks.ts';
import { runWebhookDeliveriesOnce } from '../../src/domain/webhooks/deliver-webhooks.ts';
import { hitsOnDisk, newMarker } from './plant.ts';

// The webhook invocation log leaves the SQLite files with the person it is about
// (docs/webhooks.md "Invocation log", docs/erasure-proof.md): a marker in a person's name,
// email and ticket subject is in the bodies delivered and logged, on disk before, and in 0
// bytes of the data directory after her erasure — while the receiver's erasure notice and the
// ledger keep ids only. Negative controls: the marker is found before, and another person's
// marker in his own delivered events survives. Only the product checkpoints (autocheckpoint off).

describe('webhook invocation bodies leave the database files [sqlite]', () => {
  let t: TestApp;
  let rx: Receiver;
  beforeEach(async () => {
    t = await createTestApp('sqlite');
    await sql`pragma wal_autocheckpoint = 0`.execute(t.store.db);
    rx = await startReceiver();
  });
  afterEach(async () => {
    await rx.close();
    await t.close();
  });

  const deliver = () => runWebhookDeliveriesOnce({ ...t.ctx, webhooks: { allowPrivate: true, timeoutMs: 2000 } });

  it('erasing the person removes the logged bodies from every byte; another person’s stay', async () => {
    const now = t.clock.now().toISOString();
    await insertWebhook(t.store.db, { name: 'w', description: null, endpoint: rx.url, http_method: 'POST', request_format: 'json', status: 'active', subscriptions: JSON.stringify(['zen:event-type:user.created', 'zen:event-type:ticket.created']), auth_type: null, auth_data: null, signing_secret: 's', created_at: now, updated_at: now });
    const m = newMarker();
    const other = newMarker();
    const plant = async (x: string) => {
      const id = await t.contact({ name: `Name ${x}`, email: `${x.toLowerCase()}@example.test` });
      expect((await t.call('POST', '/api/v2/tickets', { ticket: { subject: `Subject ${x}`, requester_id: id, comment: { body: 'hello' } } })).status).toBe(201);
      return id;
    };
    const her = await plant(m);
    await plant(other);
    expect(await deliver()).toMatchObject({ succeeded: 4 });
    const logged = await t.store.db.selectFrom('webhook_invocations').select('body').execute();
    expect(logged.filter((r) => r.body?.includes(m))).toHaveLength(2);

    // Negative control: both markers are in the files before (the logged bodies among them).
    await t.store.checkpoint!();
    expect(hitsOnDisk(t.store.dataDir, m).length).toBeGreaterThan(0);
    expect(hitsOnDisk(t.store.dataDir, other).length).toBeGreaterThan(0);

    expect((await t.call('DELETE', `/api/v2/users/${her}`)).status).toBe(200);
    expect((await t.call('DELETE', `/api/v2/deleted_users/${her}`)).status).toBe(200);
    await t.drainJobs();
    await deliver();

    expect(hitsOnDisk(t.store.dataDir, m)).toEqual([]);
    expect(hitsOnDisk(t.store.dataDir, other).length).toBeGreaterThan(0);
    // Her invocations went; his stayed; the notice she got is ids only and references nobody.
    const rows = await t.store.db.selectFrom('webhook_invocations').selectAll().orderBy('id').execute();
    expect(rows.filter((r) => r.body?.includes(other))).toHaveLength(2);
    const notice = rows.find((r) => r.event_type === 'zen:event-type:user.permanently_deleted')!;
    expect(notice).toMatchObject({ user_id: null, ticket_id: null, subject_id: her, status: 'succeeded' });
    // The ledger still says this endpoint had her data, and that it acknowledged: ids only.
    const ledger = await t.store.db.selectFrom('data_recipients').selectAll().where('user_id', '=', her).execute();
    expect(ledger).toEqual([expect.objectContaining({ kind: 'webhook', notified_at: expect.any(String), acknowledged_at: expect.any(String) })]);
  });
});
