import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, inject } from 'vitest';
import { openStore, type Store } from '../src/db/connect.ts';
import { sqliteFile } from '../src/db/dialects/sqlite.ts';
import { onAdmin, pgDatabaseUrl } from './global-setup.ts';

export type DbKind = 'sqlite' | 'postgres';

const pgUrl = process.env.TEST_DATABASE_URL || undefined;

/** The databases this run covers: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const dbKinds: DbKind[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestStore extends Store {
  kind: DbKind;
  /** The data directory (SQLite) — for byte scans. */
  dataDir: string;
  /** This test's own PostgreSQL database (undefined on SQLite), for a second connection to it. */
  databaseUrl?: string;
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated, empty database of the given kind, isolated from every other test: a
 * copy of the template test/global-setup.ts migrated once for the run. On PostgreSQL each
 * test has a database of its own, its tables in `public` (pgSchema says so).
 */
export async function createTestStore(kind: DbKind): Promise<TestStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oubli-test-'));
  if (kind === 'sqlite') {
    copyFileSync(template('sqliteTemplate'), sqliteFile(dataDir));
    const store = await openStore({ dataDir });
    return {
      ...store,
      kind,
      dataDir,
      async destroy() {
        await store.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `${template('pgTestPrefix')}${randomBytes(6).toString('hex')}`;
  await onAdmin(`create database ${name} template ${template('pgTemplate')}`);
  const databaseUrl = pgDatabaseUrl(name);
  const store = await openStore({ databaseUrl, dataDir, pgSchema: 'public' });
  return {
    ...store,
    kind,
    dataDir,
    databaseUrl,
    async destroy() {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
      // DROP DATABASE waits for a checkpoint (seconds on a busy server), so the next test
      // does not wait for it; what a finished worker leaves undone, the run's teardown drops.
      onAdmin(`drop database if exists ${name} with (force)`).catch(() => {});
    },
  };
}

function template(key: 'sqliteTemplate' | 'pgTemplate' | 'pgTestPrefix'): string {
  const value = inject(key);
  if (!value) throw new Error(`no ${key}: run the tests through vitest, whose globalSetup (test/global-setup.ts) migrates it`);
  return value;
}

/**
 * Runs a block of tests once per database. Without TEST_DATABASE_URL the PostgreSQL half
 * is registered as skipped, so the run's summary shows it was not covered.
 */
export function describeEachDb(title: string, body: (kind: DbKind) => void): void {
  for (const kind of ['sqlite', 'postgres'] as const) {
    if (kind === 'postgres' && !pgUrl) {
      describe.skip(`${title} [postgres: SKIPPED, set TEST_DATABASE_URL]`, () => body(kind));
    } else {
      describe(`${title} [${kind}]`, () => body(kind));
    }
  }
}
