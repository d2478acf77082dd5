import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import { migrate, openStore, type Store } from '../src/db/connect.ts';

export type DbKind = 'sqlite' | 'postgres';

const pgUrl = process.env.TEST_DATABASE_URL || undefined;

/** The databases this run covers: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const dbKinds: DbKind[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestStore extends Store {
  kind: DbKind;
  /** The data directory (SQLite) — for byte scans. */
  dataDir: string;
  destroy(): Promise<void>;
}

/** A fresh, migrated, empty database of the given kind, isolated from every other test. */
export async function createTestStore(kind: DbKind): Promise<TestStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oubli-test-'));
  if (kind === 'sqlite') {
    const store = await openStore({ dataDir });
    await migrate(store);
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
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const store = await openStore({ databaseUrl: pgUrl, dataDir, pgSchema: schema });
  await migrate(store);
  return {
    ...store,
    kind,
    dataDir,
    async destroy() {
      await store.close();
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
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
