import type { Kysely } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { deleteContact } from './delete-contact.ts';
import { restoreContact } from './restore-contact.ts';

// A contact with more tickets than SQLite binds values in one statement (32,766): deleting
// them moves every ticket to Spam and their report facts with them, and a restore brings
// them back (the facts were once read with one literal list of all their ids).

const TICKETS = 33_000;

describeEachDb('a contact with more tickets than a statement binds', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await t.close();
  });

  it('is deleted and restored with all their tickets and report facts', async () => {
    const db = t.store.db as unknown as Kysely<any>;
    const userId = await t.contact();
    const at = t.clock.now().toISOString();
    for (let i = 0; i < TICKETS; i += 1_000) {
      const rows = Array.from({ length: Math.min(1_000, TICKETS - i) }, () => ({
        subject: 'Many', status: 'open', priority: 'normal', type: 'question', requester_id: userId, submitter_id: userId, brand_id: 1, channel: 'web', state: 'active', created_at: at, updated_at: at,
      }));
      await db.insertInto('tickets').values(rows).execute();
    }
    const facts = async (left: boolean) =>
      Number(((await db.selectFrom('ticket_facts').innerJoin('tickets', 'tickets.id', 'ticket_facts.ticket_id').select((eb: any) => eb.fn.countAll().as('n')).where('tickets.requester_id', '=', userId).where('ticket_facts.deleted_at', left ? 'is not' : 'is', null).executeTakeFirstOrThrow()) as any).n);
    const r = await deleteContact(t.as(t.owner), { userId });
    expect(r.ticketsMoved).toBe(TICKETS);
    expect(await facts(true)).toBe(TICKETS);
    await restoreContact(t.as(t.owner), { userId });
    expect(await facts(false)).toBe(TICKETS);
  }, 120_000);
});
