import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { seedTicket } from '../../test/factories/index.ts';
import { purgeSearchIndexes } from '../domain/redaction/purge-search-indexes.ts';

// docs/erasure-proof.md for the search index on SQLite: once a row is deleted or its text rewritten
// and the WAL is checkpointed, its words are gone from the bytes of every database file.

function hitsOnDisk(dir: string, needle: string): number {
  let hits = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    const bytes = readFileSync(path);
    for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1)) hits++;
  }
  return hits;
}

describe('search index leaves no bytes behind [sqlite]', () => {
  let t: TestApp;
  // Lower case and starting with letters no other word in the database starts with, so the
  // index stores it whole (FTS5 prefix-compresses neighbouring terms).
  const marker = `qqzv${randomBytes(6).toString('hex')}`;
  beforeEach(async () => {
    t = await createTestApp('sqlite');
  });
  afterEach(async () => {
    await t.close();
  });

  async function plant() {
    const rq = await t.contact();
    const tk = await seedTicket(t, { requesterId: rq, subject: 'bytes', comments: [`my secret is ${marker} ok`, 'other words'] });
    const r = await t.call('GET', `/api/v2/search?query=${marker}`);
    expect(r.body.results.map((x: { id: number }) => x.id)).toEqual([tk.id]);
    expect(await t.store.checkpoint()).toEqual({ busy: false });
    expect(hitsOnDisk(t.store.dataDir, marker)).toBeGreaterThan(0);
    return tk;
  }

  it('removes a deleted comment and a rewritten one from the table and the index bytes', async () => {
    const tk = await plant();
    await t.store.db.deleteFrom('comments').where('id', '=', tk.commentIds[0]!).execute();
    expect(await t.store.checkpoint()).toEqual({ busy: false });
    expect(hitsOnDisk(t.store.dataDir, marker)).toBe(0);
    expect((await t.call('GET', `/api/v2/search/count?query=${marker}`)).body).toEqual({ count: 0 });

    const again = await plant();
    const redacted = `my secret is ${'▇'.repeat(marker.length)} ok`;
    await t.store.db.updateTable('comments').set({ body: redacted, html_body: redacted, plain_body: redacted }).where('id', '=', again.commentIds[0]!).execute();
    expect(await t.store.checkpoint()).toEqual({ busy: false });
    expect(hitsOnDisk(t.store.dataDir, marker)).toBe(0);
  });

  it('takes deleted words out of the bytes with a purge, when an erasure deferred secure-delete', async () => {
    const upkeep = t.store.caps.searchIndexUpkeep!;
    const tk = await plant();
    const kept = `qqzk${randomBytes(6).toString('hex')}`;
    const other = await seedTicket(t, { requesterId: await t.contact(), subject: 'kept', comments: [`still here ${kept}`] });
    await t.store.db.transaction().execute(async (trx) => {
      await upkeep.deferSecureDelete(trx, t.clock.now().toISOString());
      await trx.deleteFrom('comments').where('id', '=', tk.commentIds[0]!).execute();
      await upkeep.resumeSecureDelete(trx);
    });
    expect(await t.store.checkpoint()).toEqual({ busy: false });
    // Deferred: the row is gone, search no longer finds it, and the index's old pages still hold the word.
    expect((await t.call('GET', `/api/v2/search/count?query=${marker}`)).body).toEqual({ count: 0 });
    expect(hitsOnDisk(t.store.dataDir, marker)).toBeGreaterThan(0);
    expect(await upkeep.owedPurges(t.store.db)).toContain('search_comments');
    // Later deletes are secure again: the setting was restored in the same commit.
    const cfg = await sql<{ v: number }>`select v from search_comments_config where k = 'secure-delete'`.execute(t.store.db);
    expect(cfg.rows.map((r) => Number(r.v))).toEqual([1]);

    expect(await purgeSearchIndexes(t.ctx)).toContain('search_comments');
    expect(await upkeep.owedPurges(t.store.db)).toEqual([]);
    expect(await t.store.checkpoint()).toEqual({ busy: false });
    expect(hitsOnDisk(t.store.dataDir, marker)).toBe(0);
    // What was not deleted is still in the index, and found.
    expect(hitsOnDisk(t.store.dataDir, kept)).toBeGreaterThan(0);
    expect((await t.call('GET', `/api/v2/search?query=${kept}`)).body.results.map((x: { id: number }) => x.id)).toEqual([other.id]);
    expect(await purgeSearchIndexes(t.ctx)).toEqual([]);
  });

  it('finds the bytes when the FTS5 secure-delete option is off: the scan can fail', async () => {
    await sql`insert into search_comments(search_comments, rank) values ('secure-delete', 0)`.execute(t.store.db);
    const tk = await plant();
    await t.store.db.deleteFrom('comments').where('id', '=', tk.commentIds[0]!).execute();
    expect(await t.store.checkpoint()).toEqual({ busy: false });
    // The row itself is wiped (secure_delete is on for the connection); the index still has it.
    const rows = await sql<{ n: number }>`select count(*) as n from comments where plain_body like ${'%' + marker + '%'}`.execute(t.store.db);
    expect(Number(rows.rows[0]!.n)).toBe(0);
    expect(hitsOnDisk(t.store.dataDir, marker)).toBeGreaterThan(0);
  });
});
