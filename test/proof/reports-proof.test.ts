import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.ts';
import { REPORT_NAMES } from '../../src/shared/reports.ts';
import { hitsOnDisk, newMarker, plantEverywhere } from './plant.ts';
import { markerInAnyColumn } from './scan-columns.ts';

// The analytics store forgets in the same commit (docs/reports.md, docs/erasure-proof.md): a
// marker planted everywhere a person's data goes (profile, identities, tickets, comments,
// attachments, mail) is on disk before and in 0 bytes of the SQLite files after her erasure,
// with ticket_facts and report_daily among the pages scanned — while every report figure is
// what it was. Negative controls: the marker is found before; another marker written into a
// rollup row is found by the same scans, so the new tables' pages are really read.

describe('report facts and rollups hold nothing of an erased person [sqlite]', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp('sqlite');
    await sql`pragma wal_autocheckpoint = 0`.execute(t.store.db);
  });
  afterEach(async () => {
    await t.close();
  });

  const reports = async () =>
    Object.fromEntries(
      await Promise.all(
        REPORT_NAMES.map(async (n) => [n, (await t.call('GET', `/api/v2/reports/${n}?start=2026-11-01&end=2026-11-30`)).body.report]),
      ),
    );

  it('erasure leaves the marker in no byte, and no figure changes', async () => {
    const m = newMarker();
    const planted = await plantEverywhere(t, m);
    const hers = (await t.store.db.selectFrom('tickets').select('id').where('requester_id', '=', planted.userId).execute()).map((r) => r.id);
    expect(hers.length).toBeGreaterThan(0);
    // Solve one, so the erasure has durations to keep.
    expect((await t.call('PUT', `/api/v2/tickets/${hers[0]}`, { ticket: { status: 'solved' } })).status).toBe(200);
    expect((await t.store.db.selectFrom('ticket_facts').select('ticket_id').where('ticket_id', 'in', hers).execute()).length).toBe(hers.length);

    // Negative control 1: the scans see the marker before the erasure.
    await t.store.checkpoint!();
    expect(hitsOnDisk(t.store.dataDir, m).length).toBeGreaterThan(0);
    // Removed as docs/redaction.md orders (plant.ts eraseThroughApi): redact what stays, soft
    // delete (her open tickets leave the backlog then), and erase — which must change no figure.
    const redact = await t.call('PUT', `/api/v2/tickets/${planted.otherTicketId}/comments/${planted.otherCommentId}/redact`, { text: m });
    expect(redact.status).toBe(200);
    expect((await t.call('DELETE', `/api/v2/users/${planted.userId}`)).status).toBe(200);
    const before = await reports();
    const erased = await t.call('DELETE', `/api/v2/deleted_users/${planted.userId}`);
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    await t.drainJobs();

    expect(hitsOnDisk(t.store.dataDir, m)).toEqual([]);
    expect(await markerInAnyColumn(t.store.db, null, m)).toEqual([]);
    expect(await reports()).toEqual(before);
    const facts = await t.store.db.selectFrom('ticket_facts').selectAll().where('ticket_id', 'in', hers).execute();
    expect(facts.length).toBe(hers.length);
    expect(facts.every((f) => f.erased_at !== null)).toBe(true);

    // Negative control 2: a marker in a rollup row is found by both scans.
    const other = newMarker();
    await t.store.db
      .insertInto('report_daily')
      .values({ day: '2000-01-01', channel: other, group_id: 0, created: 0, solved: 0, spam: 0, removed: 0, first_reply_count: 0, first_reply_minutes: 0, resolution_minutes: 0, csat_good: 0, csat_bad: 0 })
      .execute();
    await t.store.checkpoint!();
    expect(hitsOnDisk(t.store.dataDir, other).length).toBeGreaterThan(0);
    expect(await markerInAnyColumn(t.store.db, null, other)).toEqual(['report_daily.channel']);
  });
});
