import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.ts';
import { seedTicket } from '../factories/index.ts';
import { hitsOnDisk, newMarker, plantEverywhere, eraseThroughApi } from './plant.ts';
import { markerInAnyColumn, PLANTED_COLUMNS } from './scan-columns.ts';

// docs/erasure-proof.md, "erasure you can prove" (docs/erasure-proof.md). A unique marker goes
// everywhere a contact's data can go — profile, identities, subject, comment bodies in all
// three forms, attachment name and bytes, a raw email received over SMTP, the search index —
// and after the erasure (with the redaction of what must stay) the raw bytes of every file of
// the data directory, the write-ahead log included, are scanned for it. The test checkpoints
// nothing and SQLite's automatic checkpoint is off: what copies the log back into the
// database file is the product's own checkpoint after each removal, or nothing.

const SEARCH_INDEXES = ['search_tickets', 'search_comments', 'search_attachments', 'search_users', 'search_identities'];

describe('erasure you can prove [sqlite]', () => {
  let t: TestApp;
  let m: string;
  beforeEach(async () => {
    t = await createTestApp('sqlite');
    m = newMarker();
  });
  afterEach(async () => {
    await t.close();
  });

  beforeEach(async () => {
    await sql`pragma wal_autocheckpoint = 0`.execute(t.store.db);
  });

  it('leaves the marker in no byte of any file of the data directory', async () => {
    const p = await plantEverywhere(t, m);
    expect(await markerInAnyColumn(t.store.db, null, m)).toEqual(PLANTED_COLUMNS);
    // The plant reached the files, so a zero below means something.
    expect(hitsOnDisk(t.store.dataDir, m).length).toBeGreaterThan(0);
    await eraseThroughApi(t, m, p);
    expect(hitsOnDisk(t.store.dataDir, m)).toEqual([]);
    expect(await markerInAnyColumn(t.store.db, null, m)).toEqual([]);
    // And through every door of the API.
    expect((await t.call('GET', `/api/v2/search/count?query=${m}`)).body).toEqual({ count: 0 });
    expect((await t.call('GET', `/api/v2/users/search?query=${m}`)).body.users).toEqual([]);
    expect((await t.call('GET', `/api/v2/users/${p.userId}/export`)).status).toBe(404);
  });

  // The proof that the scan can fail: the same run with one protection off finds the marker.
  it('finds the marker when the connection does not use secure_delete', async () => {
    await sql`pragma secure_delete = off`.execute(t.store.db);
    expect((await sql<{ secure_delete: number }>`pragma secure_delete`.execute(t.store.db)).rows[0]!.secure_delete).toBe(0);
    const p = await plantEverywhere(t, m);
    await eraseThroughApi(t, m, p);
    // The rows are gone (nothing reads them), but their bytes stay in free pages of the
    // database file: the product's checkpoint emptied the log.
    expect((await t.call('GET', `/api/v2/search/count?query=${m}`)).body).toEqual({ count: 0 });
    expect(hitsOnDisk(t.store.dataDir, m).map((h) => h.file)).toEqual(['oubli.db']);
  });

  it('finds the marker when the full-text indexes keep deleted tokens (FTS5 secure-delete off)', async () => {
    for (const idx of SEARCH_INDEXES) await sql.raw(`insert into ${idx}(${idx}, rank) values ('secure-delete', 0)`).execute(t.store.db);
    // Her comments a small share of the helpdesk's, so that the erasure does not defer
    // secure-delete and purge the indexes instead (which would take the tokens out anyway:
    // src/search/search-bytes.test.ts).
    await seedTicket(t, { requesterId: await t.contact(), comments: Array.from({ length: 300 }, (_, i) => `filler comment ${i}`) });
    const p = await plantEverywhere(t, m);
    await eraseThroughApi(t, m, p);
    expect(await t.store.db.selectFrom('search_index_purges').selectAll().execute()).toEqual([]);
    expect(hitsOnDisk(t.store.dataDir, m).map((h) => h.file)).toEqual(['oubli.db']);
  });

  it('finds the marker when the erasure is not followed by a checkpoint', async () => {
    // What the checkpoint after each erasure is for: until the log is copied back, the old
    // pages (with the marker) are still the database file's own.
    const p = await plantEverywhere(t, m);
    const checkpoint = t.store.checkpoint;
    t.store.checkpoint = async () => ({ busy: false });
    await eraseThroughApi(t, m, p);
    expect(hitsOnDisk(t.store.dataDir, m).length).toBeGreaterThan(0);
    expect(await checkpoint()).toEqual({ busy: false });
    expect(hitsOnDisk(t.store.dataDir, m)).toEqual([]);
  });
});

describe('erasure you can prove [postgres]', () => {
  const pg = process.env.TEST_DATABASE_URL;
  let t: TestApp;
  let m: string;
  beforeEach(async () => {
    if (!pg) return;
    t = await createTestApp('postgres');
    m = newMarker();
  });
  afterEach(async () => {
    if (pg) await t.close();
  });

  it.skipIf(!pg)('returns the marker from no query, index lookup or export', async () => {
    const p = await plantEverywhere(t, m);
    expect(await markerInAnyColumn(t.store.db, t.store.pgSchema!, m)).toEqual(PLANTED_COLUMNS);
    await eraseThroughApi(t, m, p);
    expect(await markerInAnyColumn(t.store.db, t.store.pgSchema!, m)).toEqual([]);
    expect((await t.call('GET', `/api/v2/search/count?query=${m}`)).body).toEqual({ count: 0 });
    expect((await t.call('GET', `/api/v2/search?query=${m}*`)).body.results).toEqual([]);
    expect((await t.call('GET', `/api/v2/users/search?query=${m}`)).body.users).toEqual([]);
    expect((await t.call('GET', `/api/v2/users/${p.userId}/export`)).status).toBe(404);
    // The full-text index itself, asked directly with the indexed expression (the GIN index).
    const matching = t.store.caps.search.rowsMatching('comments', [{ tokens: [m], prefix: false }]);
    const hits = await sql<{ n: number }>`select count(*) as n from (${matching}) x`.execute(t.store.db);
    expect(Number(hits.rows[0]!.n)).toBe(0);
  });
});
