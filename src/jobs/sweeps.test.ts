import type { Kysely, KyselyPlugin } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../test/db.ts';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { openStore, type Store } from '../db/connect.ts';
import type { Ctx } from '../context.ts';
import { runSweeps } from './sweeps.ts';
import { insertAttachment, insertTicket, moveTicket, softDelete } from '../../test/factories/index.ts';
import { allRows } from '../../test/reads.ts';

describeEachDb('retention sweeps', (kind) => {
  let t: TestApp;
  let db: Kysely<any>;
  beforeEach(async () => {
    t = await createTestApp(kind);
    db = t.store.db as unknown as Kysely<any>;
  });
  afterEach(async () => {
    await t.close();
  });

  const day = (n: number) => new Date(Date.parse('2026-11-22T10:00:00.000Z') + n * 86_400_000).toISOString();
  const restore = (id: number) => db.updateTable('users').set({ deleted_at: null, deleted_by_id: null }).where('id', '=', id).execute();
  const ticket = (id: number) => db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const user = (id: number) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  /** Day 0 to day 29 of a helpdesk's life; the sweep then runs on day 31. */
  async function scenario() {
    t.clock.set(day(0));
    const cOld = await t.contact();
    const cOldTicket = await insertTicket(t, cOld);
    await softDelete(t, cOld);
    const cRestored = await t.contact();
    await softDelete(t, cRestored);
    const cRedeleted = await t.contact();
    await softDelete(t, cRedeleted);
    const active = await t.contact();
    const tDeletedOld = await insertTicket(t, active);
    await moveTicket(t, tDeletedOld, 'deleted');
    const tSpamOld = await insertTicket(t, active);
    await moveTicket(t, tSpamOld, 'spam');
    const cLate = await t.contact();
    const tSpamOfDeleted = await insertTicket(t, cLate);
    await moveTicket(t, tSpamOfDeleted, 'spam');
    const solvedOld = await insertTicket(t, active, { status: 'solved', solved_at: day(0) });
    const solvedInDeleted = await insertTicket(t, active, { status: 'solved', solved_at: day(0) });
    const uploadOld = await insertAttachment(t, { ticketId: null, commentId: null, uploaderId: t.owner.id, name: 'a.txt', bytes: 'a' });
    const usedOld = await insertAttachment(t, { ticketId: solvedOld, commentId: null, uploaderId: t.owner.id, name: 'b.txt', bytes: 'b' });
    t.clock.set(day(5));
    await restore(cRestored);
    await restore(cRedeleted);
    t.clock.set(day(20));
    await softDelete(t, cRedeleted);
    await softDelete(t, cLate);
    await moveTicket(t, solvedInDeleted, 'deleted');
    t.clock.set(day(29));
    const uploadNew = await insertAttachment(t, { ticketId: null, commentId: null, uploaderId: t.owner.id, name: 'c.txt', bytes: 'c' });
    const tDeletedNew = await insertTicket(t, active);
    await moveTicket(t, tDeletedNew, 'deleted');
    const solvedNew = await insertTicket(t, active, { status: 'solved', solved_at: day(29) });
    t.clock.set(day(31));
    return { cOld, cOldTicket, cRestored, cRedeleted, active, tDeletedOld, tSpamOld, cLate, tSpamOfDeleted, solvedOld, solvedInDeleted, uploadOld, usedOld, uploadNew, tDeletedNew, solvedNew };
  }

  it('reports what it would do on a dry run and changes nothing', async () => {
    const ids = await scenario();
    const before = await allRows(t);
    const r = await runSweeps(t.ctx, { dryRun: true });
    expect(r).toEqual({
      asOf: day(31),
      dryRun: true,
      lines: [
        `would erase contact ${ids.cOld}`,
        `would erase deleted ticket ${ids.tDeletedOld}`,
        `would erase spam ticket ${ids.tSpamOld}`,
        `would close solved ticket ${ids.solvedOld}`,
        `would delete 1 unused uploads: ${ids.uploadOld}`,
      ],
    });
    expect(await allRows(t)).toEqual(before);
  });

  it('erases and closes what is past its retention, and nothing else', async () => {
    const ids = await scenario();
    const r = await runSweeps(t.ctx, { dryRun: false });
    expect(r.lines).toEqual([
      expect.stringMatching(new RegExp(`^erased contact ${ids.cOld} \\(.*tickets 1.*\\)$`)),
      expect.stringMatching(new RegExp(`^erased deleted ticket ${ids.tDeletedOld}$`)),
      `erased spam ticket ${ids.tSpamOld}`,
      `closed solved ticket ${ids.solvedOld}`,
      `deleted 1 unused uploads: ${ids.uploadOld}`,
    ]);
    expect(await user(ids.cOld)).toMatchObject({ name: 'Permanently Deleted User', erased_at: day(31) });
    expect(await ticket(ids.cOldTicket)).toMatchObject({ state: 'erased', status: 'deleted' });
    for (const id of [ids.cRestored, ids.cRedeleted, ids.cLate]) expect((await user(id)).erased_at).toBeNull();
    expect((await user(ids.cRedeleted)).deleted_at).toBe(day(20));
    expect(await ticket(ids.tDeletedOld)).toMatchObject({ state: 'erased', subject: null });
    expect(await ticket(ids.tSpamOld)).toMatchObject({ state: 'erased' });
    // Its requester is a deleted contact: it waits for their erasure (or comes back with them).
    expect(await ticket(ids.tSpamOfDeleted)).toMatchObject({ state: 'spam', subject: 'A ticket' });
    expect(await ticket(ids.tDeletedNew)).toMatchObject({ state: 'deleted' });
    expect(await ticket(ids.solvedOld)).toMatchObject({ status: 'closed', state: 'active', updated_at: day(31) });
    expect(await ticket(ids.solvedNew)).toMatchObject({ status: 'solved' });
    expect(await ticket(ids.solvedInDeleted)).toMatchObject({ status: 'solved', state: 'deleted' });
    const uploads = await db.selectFrom('attachments').select('id').orderBy('id').execute();
    expect(uploads.map((u: any) => u.id)).toEqual([ids.usedOld, ids.uploadNew]);
    // The system acted: no actor id, and nothing personal in the record.
    const events = await db.selectFrom('audit_events').selectAll().where('created_at', '=', day(31)).execute();
    expect(events.map((e: any) => e.action).sort()).toEqual(['ticket.closed', 'ticket.erased', 'ticket.erased', 'uploads.expired', 'user.erased', 'user.erasure_verified']);
    expect(events.every((e: any) => e.actor_id === null)).toBe(true);

    // A second run finds nothing; the contact's spam ticket goes once the contact does.
    expect((await runSweeps(t.ctx, { dryRun: false })).lines).toEqual([]);
    t.clock.set(day(51));
    const later = await runSweeps(t.ctx, { dryRun: false });
    expect(later.lines).toEqual([
      `erased contact ${ids.cRedeleted} (identities 1)`,
      `erased contact ${ids.cLate} (tickets 1, identities 1)`,
      `erased deleted ticket ${ids.solvedInDeleted}`,
      `closed solved ticket ${ids.solvedNew}`,
      `deleted 1 unused uploads: ${ids.uploadNew}`,
    ]);
    expect(await ticket(ids.tSpamOfDeleted)).toMatchObject({ state: 'erased' });
  });

  it('follows the retention settings', async () => {
    const c = await t.contact();
    await softDelete(t, c);
    await t.call('PUT', '/api/v2/account/settings', { settings: { deleted_users_retention_days: 60 } });
    t.clock.advanceDays(31);
    expect((await runSweeps(t.ctx, { dryRun: false })).lines).toEqual([]);
    t.clock.advanceDays(30);
    expect((await runSweeps(t.ctx, { dryRun: false })).lines).toEqual([expect.stringMatching(new RegExp(`^erased contact ${c}`))]);
  });

  /** A second connection to the same database, for a write that lands between the sweep's read and its write. */
  async function secondHandle(): Promise<Store> {
    if (kind === 'sqlite') return openStore({ dataDir: t.store.dataDir });
    return openStore({ databaseUrl: t.store.databaseUrl, dataDir: t.store.dataDir, pgSchema: t.store.pgSchema });
  }

  /** A ctx whose first read from `table` (the sweep's) is followed at once by `meanwhile`. */
  function afterFirstRead(table: string, meanwhile: () => Promise<unknown>): Ctx {
    const pending = new Set<object>();
    let fired = false;
    const plugin: KyselyPlugin = {
      transformQuery(args) {
        const n = args.node as any;
        if (!fired && n.kind === 'SelectQueryNode' && JSON.stringify(n.from).includes(`"${table}"`)) pending.add(args.queryId);
        return args.node;
      },
      async transformResult(args) {
        if (pending.has(args.queryId) && !fired) {
          fired = true;
          await meanwhile();
        }
        return args.result;
      },
    };
    return { ...t.ctx, db: t.ctx.db.withPlugin(plugin) };
  }

  it('leaves a contact restored (or deleted again) after the sweep read it', async () => {
    const restored = await t.contact();
    const again = await t.contact();
    await softDelete(t, restored);
    await softDelete(t, again);
    t.clock.advanceDays(31);
    const other = await secondHandle();
    try {
      const ctx = afterFirstRead('users', async () => {
        await other.db.updateTable('users').set({ deleted_at: null }).where('id', '=', restored).execute();
        await other.db.updateTable('users').set({ deleted_at: t.clock.now().toISOString() }).where('id', '=', again).execute();
      });
      const r = await runSweeps(ctx, { dryRun: false });
      expect(r.lines).toEqual([`skipped contact ${restored}: changed since it was read`, `skipped contact ${again}: changed since it was read`]);
    } finally {
      await other.close();
    }
    for (const id of [restored, again]) expect(await user(id)).toMatchObject({ erased_at: null, erasing_since: null, name: expect.stringMatching(/^Contact/) });
  });

  it('leaves a ticket restored from Deleted after the sweep read it', async () => {
    const c = await t.contact();
    const id = await insertTicket(t, c);
    await moveTicket(t, id, 'deleted');
    t.clock.advanceDays(31);
    const other = await secondHandle();
    try {
      const ctx = afterFirstRead('tickets', () => other.db.updateTable('tickets').set({ state: 'active', state_changed_at: null }).where('id', '=', id).execute());
      expect((await runSweeps(ctx, { dryRun: false })).lines).toEqual([`skipped deleted ticket ${id}: changed since it was read`]);
    } finally {
      await other.close();
    }
    expect(await ticket(id)).toMatchObject({ state: 'active', subject: 'A ticket', erased_at: null });
  });
});
