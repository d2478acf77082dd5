import type { Kysely } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { findTextAnywhere } from '../../db/queries/erasure.ts';
import { AppError } from '../../errors.ts';
import { eraseContacts } from './erase-contacts.ts';
import { seedPerson, softDelete } from '../../../test/factories/index.ts';
import { countWhere } from '../../../test/reads.ts';

// Several contacts erased together (the bulk Delete Forever): the same statements erase all
// their rows, each contact's counts are its own, and one contact refused stops no other.

describeEachDb('erase contacts together', (kind) => {
  let t: TestApp;
  let db: Kysely<any>;
  beforeEach(async () => {
    t = await createTestApp(kind);
    db = t.store.db as unknown as Kysely<any>;
  });
  afterEach(async () => {
    await t.close();
  });

  it('counts each contact on its own, erases them all, and refuses one not deleted without stopping the rest', async () => {
    const people = [await seedPerson(t, 3), await seedPerson(t, 1), await seedPerson(t, 2)];
    const kept = await seedPerson(t, 1);
    for (const p of people) await softDelete(t, p.userId);
    const out = await eraseContacts(t.as(t.owner), { userIds: [people[0]!.userId, kept.userId, people[1]!.userId, people[2]!.userId] });

    const refused = out.get(kept.userId);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('record_invalid');
    for (const [p, n] of [[people[0]!, 3], [people[1]!, 1], [people[2]!, 2]] as const) {
      const r = out.get(p.userId);
      expect(r && !(r instanceof AppError) ? r.counts : r).toMatchObject({ tickets: n, comments: 2 * n, attachments: 2 * n + 1, users: 1, identities: 3, attachments_redacted: 1 });
      const event = await db.selectFrom('audit_events').select('details').where('action', '=', 'user.erased').where('subject_id', '=', p.userId).executeTakeFirstOrThrow();
      expect(JSON.parse(event.details)).toMatchObject({ tickets: n, comments: 2 * n, attachments: 2 * n + 1 });
      expect(await countWhere(t, 'comments', 'ticket_id', p.ticketIds)).toBe(0);
      expect(await countWhere(t, 'identities', 'user_id', [p.userId])).toBe(0);
      expect(await findTextAnywhere(t.store.db, t.store.caps, p.marker)).toEqual([]);
    }
    // The contact refused is as it was, marker and all.
    expect((await findTextAnywhere(t.store.db, t.store.caps, kept.marker)).length).toBeGreaterThan(5);
    expect(await countWhere(t, 'comments', 'ticket_id', kept.ticketIds)).toBe(2);
    expect(await db.selectFrom('users').select(['erasing_since', 'erased_at']).where('id', '=', kept.userId).executeTakeFirstOrThrow()).toEqual({ erasing_since: null, erased_at: null });
  });
});
