import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

// The tombstone purge's SQL (src/domain/erasure/purge-tombstones.ts): generic over a table
// and its marker column, both taken from the erasure map, never from input.

/** Ids of up to `limit` rows of `table` whose `marker` is set and before `cutoff`. */
export async function tombstonesBefore(db: Kysely<Database>, table: string, marker: string, cutoff: string, limit: number): Promise<number[]> {
  const rows = await sql<{ id: number }>`select id from ${sql.table(table)} where ${sql.ref(marker)} is not null and ${sql.ref(marker)} < ${cutoff} order by id limit ${limit}`.execute(db);
  return rows.rows.map((r) => Number(r.id));
}

/** Deletes these rows whose marker is still before `cutoff` (re-checked in the write); returns how many went. */
export async function deleteTombstonesBefore(db: Kysely<Database>, table: string, marker: string, cutoff: string, ids: number[]): Promise<number> {
  if (!ids.length) return 0;
  const r = await sql`delete from ${sql.table(table)} where id in (${sql.join(ids)}) and ${sql.ref(marker)} is not null and ${sql.ref(marker)} < ${cutoff}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
