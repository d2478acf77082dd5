import { existsSync } from 'node:fs';
import { loadConfig, type Config } from '../config.ts';
import { migrate, openStore, type Store } from '../db/connect.ts';
import { sqliteFile } from '../db/dialects/sqlite.ts';
import { AppError } from '../errors.ts';
import type { Flags } from './main.ts';

/** The config a command runs with: environment, then its flags. */
export function configFrom(flags: Flags): Config {
  return loadConfig({ dataDir: flags['data-dir'], port: flags.port, host: flags.host });
}

/**
 * Opens and migrates the database. Commands other than serve refuse to create a new
 * embedded database: a typo in --data-dir must not look like an empty helpdesk.
 */
export async function openForCommand(config: Config, opts: { create: boolean }): Promise<Store> {
  if (!config.databaseUrl && !opts.create && !existsSync(sqliteFile(config.dataDir))) {
    throw new AppError('not_found', `no database in ${config.dataDir} (start the server once, or give --data-dir)`);
  }
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const { statistics } = await migrate(store);
  if (statistics.left.length) {
    // Names of columns only, never values.
    console.warn(
      `warning: PostgreSQL statistics collected before their target was 0 remain for ${statistics.left.join(', ')}; ` +
        'run `oubli migrate` once as a superuser to remove them (docs/operations.md, "Planner statistics")',
    );
  }
  return store;
}
