import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyzeOwnTables } from '../../../test/proof/scan-statistics.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { describeEachDb } from '../../../test/db.ts';
import { eraseThroughApi, newMarker, plantEverywhere } from '../../../test/proof/plant.ts';
import { openStore } from '../../db/connect.ts';
import { runSweeps } from '../../jobs/sweeps.ts';
import { erasureMap } from './map/index.ts';
import { STORES } from './stores.ts';
import { uncoveredFiles, uncoveredRelations, unlistedWriters } from './stores-check.ts';
import { renderStoresTable, withStoresTable } from './stores-doc.ts';

// The stores inventory against what really exists (stores.ts): every relation of the live
// database and every file of the data directory after a busy run, and every source file
// that writes to a store of its own, must have a store with a declared answer.

/** The inventory itself names the stores it describes. */
const INVENTORY = ['src/domain/erasure/stores.ts', 'src/domain/erasure/stores-check.ts'];

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

describe('the stores inventory', () => {
  it('gives every store an answer for erasure and redaction, backed by code and tests that exist', () => {
    const ids = STORES.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of STORES) {
      for (const r of [s.erasure, s.redaction]) {
        expect(r.how.trim().length, `${s.id}: ${r.by}`).toBeGreaterThan(10);
        if ('code' in r && r.code) {
          expect(existsSync(r.code.file), `${s.id}: ${r.code.file}`).toBe(true);
          expect(readFileSync(r.code.file, 'utf8'), `${s.id}: ${r.code.file} has ${r.code.symbol}`).toContain(r.code.symbol);
        }
      }
      for (const p of [...(s.proof ?? []), ...(s.covers?.writers ?? [])]) expect(existsSync(p), `${s.id}: ${p}`).toBe(true);
    }
  });

  it('lists every source file that writes files, browser storage, caches or mail among a store’s writers', () => {
    const sources = [...filesUnder('src'), ...filesUnder('web/src')]
      .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !INVENTORY.includes(f))
      .map((file) => ({ file, text: readFileSync(file, 'utf8') }));
    expect(sources.length).toBeGreaterThan(100);
    expect(unlistedWriters(STORES, sources)).toEqual([]);
    // The check can fail: a new cache or a file written somewhere is named.
    const fake = [
      { file: 'src/domain/chat/transcript-cache.ts', text: 'export const transcripts = new Map<number, string>();' },
      { file: 'src/mail/spool.ts', text: "import { writeFileSync } from 'node:fs';\nwriteFileSync(path, raw);" },
    ];
    expect(unlistedWriters(STORES, fake)).toEqual(['src/domain/chat/transcript-cache.ts keeps a process-wide cache', 'src/mail/spool.ts writes files']);
    // Test helpers live in test/, so every source file here is shipped behaviour.
    expect(sources.filter((s) => /from '(vitest|[./]*test\/[^']*)'/.test(s.text)).map((s) => s.file)).toEqual([]);
  });

  it('is the table docs/erasure-proof.md shows (node bin/run-ts.js scripts/render-stores-doc.ts rewrites it)', () => {
    const page = readFileSync('docs/erasure-proof.md', 'utf8');
    expect(withStoresTable(page, renderStoresTable(STORES))).toBe(page);
  });
});

describeEachDb('every real store has a declared answer', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(() => t.close());

  /** A busy run: everything planted through the API and SMTP, statistics collected, an erasure, the sweeps. */
  async function busyRun(): Promise<void> {
    const m = newMarker();
    const p = await plantEverywhere(t, m);
    await analyzeOwnTables(t.store.db, kind);
    // A second process opening the database runs PRAGMA optimize.
    if (kind === 'sqlite') await (await openStore({ dataDir: t.store.dataDir })).close();
    await eraseThroughApi(t, m, p);
    await runSweeps(t.ctx, { dryRun: false });
    await analyzeOwnTables(t.store.db, kind);
  }

  it('covers every relation of the live database: tables, virtual and shadow tables, indexes, statistics', async () => {
    await busyRun();
    const live = await t.store.caps.catalog.relations(t.store.db);
    const names = live.map((r) => `${r.kind} ${r.name}`);
    // The enumeration reaches past Kysely's view of the schema.
    if (kind === 'sqlite') {
      expect(names).toEqual(expect.arrayContaining(['table sqlite_stat1', 'table sqlite_stat4', 'table sqlite_sequence', 'table search_comments_idx', 'index identities_value_key']));
    } else {
      expect(new Set(live.map((r) => r.kind))).toEqual(new Set(['table', 'index', 'sequence', 'toast', 'statistics']));
    }
    expect(uncoveredRelations(STORES, erasureMap, live, kind)).toEqual([]);
    // The check can fail: a relation no store covers is named.
    const extra = [{ kind: 'table' as const, name: 'chat_transcripts' }, { kind: 'sequence' as const, name: 'tickets_number' }];
    expect(uncoveredRelations(STORES, erasureMap, [...live, ...extra], kind)).toEqual(['table chat_transcripts', 'sequence tickets_number']);
  });

  if (kind === 'sqlite') {
    it('covers every file of the data directory', async () => {
      await busyRun();
      const files = filesUnder(t.store.dataDir).map((f) => relative(t.store.dataDir, f)).sort();
      expect(files).toEqual(['oubli.db', 'oubli.db-shm', 'oubli.db-wal']);
      expect(uncoveredFiles(STORES, files, kind)).toEqual([]);
      expect(uncoveredFiles(STORES, [...files, 'oubli.db-journal', 'spool/1.eml'], kind)).toEqual(['oubli.db-journal', 'spool/1.eml']);
    });
  }
});
