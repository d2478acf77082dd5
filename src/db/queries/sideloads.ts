import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** The groups among these ids, ascending; unknown ids are left out. */
export async function getGroupsByIds(db: Kysely<Database>, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('groups').selectAll().where('id', 'in', ids).orderBy('id').execute();
}
