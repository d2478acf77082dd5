import type { Flags } from './main.ts';
import { configFrom, openForCommand } from './open.ts';

/** `oubli migrate`: brings the schema up to date (serve also does this at start). */
export async function migrateCommand(flags: Flags): Promise<number> {
  const store = await openForCommand(configFrom(flags), { create: true });
  await store.close();
  console.log('The database schema is up to date.');
  return 0;
}
