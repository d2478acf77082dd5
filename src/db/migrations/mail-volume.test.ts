import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { dropTrailingDots } from './2026-12-01-004-mail-volume.ts';

// Migration 2026-12-01-004: keys stored before addresses had one spelling lose their trailing dot.
describeEachDb('migration 2026-12-01-004-mail-volume', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(() => t.close());

  const identity = (userId: number) => t.store.db.selectFrom('identities').select(['value', 'value_key', 'released']).where('user_id', '=', userId).executeTakeFirstOrThrow();
  const spell = (userId: number, value: string, released: 0 | 1 = 0) =>
    t.store.db.updateTable('identities').set({ value, value_key: value.toLowerCase(), released }).where('user_id', '=', userId).execute();

  it('drops trailing dots from stored email keys unless a live identity holds the dotless one', async () => {
    const a = await t.contact({ email: 'a@example.test' });
    const b = await t.contact({ email: 'b@example.test' });
    const bDotted = await t.contact({ email: 'b2@example.test' });
    const gone = await t.contact({ email: 'c@example.test' });
    await spell(a, 'A@Example.test.');
    await spell(bDotted, 'b@example.test.');
    await spell(gone, 'b@example.test..', 1);
    await dropTrailingDots(t.store.db);
    expect(await identity(a)).toEqual({ value: 'A@Example.test', value_key: 'a@example.test', released: 0 });
    expect(await identity(b)).toEqual({ value: 'b@example.test', value_key: 'b@example.test', released: 0 });
    // Left as it was: the dotless key is someone else's; an agent decides which contact is whose.
    expect(await identity(bDotted)).toEqual({ value: 'b@example.test.', value_key: 'b@example.test.', released: 0 });
    expect(await identity(gone)).toEqual({ value: 'b@example.test', value_key: 'b@example.test', released: 1 });
  });
});
