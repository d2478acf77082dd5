import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate, openStore } from '../src/db/connect.ts';
import { sqliteFile } from '../src/db/dialects/sqlite.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated SQLite file, copied by each test (test/db.ts). */
    sqliteTemplate: string;
    /** A migrated PostgreSQL database, the template of each test's database; absent without TEST_DATABASE_URL. */
    pgTemplate?: string;
    /** How this run's test databases are named, so that its teardown finds them all. */
    pgTestPrefix?: string;
  }
}

/** TEST_DATABASE_URL with another database's name in it. */
export function pgDatabaseUrl(name: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs statements on TEST_DATABASE_URL's database (where databases are created and dropped). */
export async function onAdmin(...statements: string[]): Promise<void> {
  const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await c.connect();
  try {
    for (const s of statements) await c.query(s);
  } finally {
    await c.end();
  }
}

/** The databases whose names start with `prefix`. */
async function databasesNamed(prefix: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await c.connect();
  const r = await c.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [prefix]).finally(() => c.end());
  return r.rows.map((row) => row.datname).sort();
}

/** Drops the test databases whose drop a finished worker left undone (test/db.ts). */
async function dropDatabasesNamed(prefix: string): Promise<void> {
  const names = await databasesNamed(prefix);
  // A few at a time: each drop waits for a checkpoint, which concurrent drops share.
  while (names.length) await Promise.all(names.splice(0, 8).map((n) => onAdmin(`drop database if exists ${n} with (force)`)));
}

/**
 * Where the run's databases and servers' data directories go: a memory file system when the
 * machine has one (Linux's /dev/shm), else the usual temporary folder; OUBLI_TEST_TMPDIR
 * chooses another. The servers run as shipped — durable commits, each synced (FULL) — but a
 * sync to memory costs nothing, and on this project's 2-core CI machine the syncs of three
 * workers' servers queued on the disk: 25 % of the tests' time, idle (two files, 49 s on
 * disk, 37 s in memory). How fast a commit is on a disk is for the benchmarks to measure.
 */
function fastTmp(): string {
  if (process.env.OUBLI_TEST_TMPDIR) return process.env.OUBLI_TEST_TMPDIR;
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

/**
 * A temporary folder of the run's own, made the tests' os.tmpdir() (TMPDIR is inherited by
 * the workers and by the servers they start), so that what a test leaves there is this run's
 * leak and not another run's folder. tsx keeps its compile cache in tmpdir()/tsx-<uid>: that
 * one is the machine's, linked in so that servers do not compile everything afresh.
 */
function runTmpDir(run: string): { dir: string; shared: string[] } {
  const real = tmpdir();
  const dir = mkdtempSync(join(fastTmp(), `oubli-run-${run}-`));
  const uid = process.geteuid ? process.geteuid() : 'user';
  const cache = join(real, `tsx-${uid}`);
  if (!existsSync(cache)) mkdirSync(cache, { recursive: true });
  symlinkSync(cache, join(dir, `tsx-${uid}`));
  return { dir, shared: [`tsx-${uid}`] };
}

/**
 * Migrates one database of each kind for the whole run, so that a test's store is a copy
 * instead of a migration (test/db.ts). Built afresh every run, since migrations change, and
 * removed by the teardown this returns.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const pgUrl = process.env.TEST_DATABASE_URL || undefined;
  if (!pgUrl) {
    const line = '='.repeat(78);
    console.warn(
      `\n${line}\n  PostgreSQL tests SKIPPED: TEST_DATABASE_URL is not set.\n` +
        `  Run: TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test\n${line}\n`,
    );
  }

  const dir = mkdtempSync(join(fastTmp(), 'oubli-template-'));
  const run = randomBytes(5).toString('hex');
  const pgTestPrefix = `oubli_test_${run}_`;
  const tmp = runTmpDir(run);
  const realTmp = process.env.TMPDIR;
  process.env.TMPDIR = tmp.dir;
  let pgTemplate: string | undefined;
  /** Removes the template, the copies and the run's temporary folder; returns what tests left behind. */
  const cleanUp = async (): Promise<string[]> => {
    if (realTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = realTmp;
    const left = readdirSync(tmp.dir).filter((n) => !tmp.shared.includes(n)).sort();
    rmSync(tmp.dir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
    if (pgTemplate) {
      await onAdmin(`drop database if exists ${pgTemplate} with (force)`);
      await dropDatabasesNamed(pgTestPrefix);
      const still = await databasesNamed(pgTestPrefix);
      if (still.length) left.push(...still.map((n) => `database ${n}`));
    }
    return left;
  };
  // A test that stops what it started leaves no folder (a store's or a server's data
  // directory is in it, on both databases); the run fails naming what was left.
  const teardown = async () => {
    const left = await cleanUp();
    if (left.length) {
      // Vitest reports a teardown's error but keeps the run's exit status: set it.
      process.exitCode = 1;
      throw new Error(`the run leaked ${left.length} temporary folder(s) or database(s) (removed now): ${left.join(', ')}`);
    }
  };
  try {
    // Closing the last connection checkpoints the WAL into the file and removes it, so the
    // one file holds the whole schema (the full-text index's settings are stored in it too).
    const sqlite = await openStore({ dataDir: dir });
    await migrate(sqlite);
    await sqlite.checkpoint();
    await sqlite.close();
    project.provide('sqliteTemplate', sqliteFile(dir));

    if (pgUrl) {
      const name = `oubli_template_${run}`;
      await onAdmin(`create database ${name}`);
      pgTemplate = name;
      const store = await openStore({ databaseUrl: pgDatabaseUrl(name), dataDir: dir, pgSchema: 'public' });
      try {
        await migrate(store);
      } finally {
        await store.close();
      }
      // CREATE DATABASE … TEMPLATE refuses a template anyone is connected to: let no one.
      await onAdmin(`alter database ${name} with allow_connections false`);
      project.provide('pgTemplate', name);
      project.provide('pgTestPrefix', pgTestPrefix);
    }
  } catch (err) {
    await cleanUp();
    throw err;
  }
  return teardown;
}
