import type SQLite from 'better-sqlite3';
import type { ColumnNames } from '../statistics-policy.ts';

// Planner statistics without personal values (issue 9; docs/erasure-proof.md, planner
// statistics). This SQLite is built with STAT4: ANALYZE copies up to 24
// sampled keys of every index into sqlite_stat4 — addresses, tags, external ids, and the
// terms of the full-text shadow tables (their primary key is the token). An erasure never
// touches that table, so the samples would keep erased text in the file.
//
// sqlite_stat1 (row counts and rows per key) holds no values and stays. Of sqlite_stat4,
// only the samples of indexes made entirely of columns the erasure map calls plain data
// (states, times, ids) stay: the planner needs them for skewed columns (most tickets are
// active, few users are deleted), and without them picks a full scan or a sort for the
// ticket and deleted-user lists (bench/statistics-plans.bench.ts). Every other sample is
// deleted in the transaction that collected it, so it never reaches the write-ahead log or
// the file (secure_delete zeroes the freed cells), and the planner reloads the statistics.
// test/proof/statistics-proof.test.ts proves it.

/**
 * The indexes whose samples may stay, per connection, with the schema version they were
 * read at: index names only (no values), recomputed when the schema changes.
 */
const plainIndexes = new WeakMap<SQLite.Database, { version: number; names: string[] }>();

/**
 * Indexes made only of plain columns: every column of the index's record is the rowid
 * (cid -1) or a column the map calls data. An expression (cid -2) has no name and is never
 * plain; a WITHOUT ROWID table's primary key is sampled under the table's own name.
 */
function indexesToKeep(raw: SQLite.Database, plain: ColumnNames): string[] {
  const version = raw.pragma('schema_version', { simple: true }) as number;
  const cached = plainIndexes.get(raw);
  if (cached?.version === version) return cached.names;
  const ok = new Set(plain.map((c) => `${c.table}.${c.column}`));
  const cols = raw
    .prepare("select m.tbl_name as tbl, m.name as idx, x.cid, x.name from sqlite_schema m join pragma_index_xinfo(m.name) x where m.type in ('index', 'table')")
    .all() as { tbl: string; idx: string; cid: number; name: string | null }[];
  const keep = new Map<string, boolean>();
  for (const c of cols) {
    const plainCol = c.cid === -1 || (c.name !== null && ok.has(`${c.tbl}.${c.name}`));
    keep.set(c.idx, (keep.get(c.idx) ?? true) && plainCol);
  }
  const names = [...keep].filter(([, k]) => k).map(([idx]) => idx).sort();
  plainIndexes.set(raw, { version, names });
  return names;
}

/** Deletes, inside the caller's transaction, every sample of an index that is not all plain; returns how many. */
function deleteSamples(raw: SQLite.Database, plain: ColumnNames): number {
  if (!raw.prepare("select 1 from sqlite_schema where type = 'table' and name = 'sqlite_stat4'").get()) return 0;
  const kept = indexesToKeep(raw, plain);
  const notKept = kept.length ? `where idx not in (${kept.map(() => '?').join(', ')})` : '';
  // Most calls find nothing to delete: ask first, so that they write nothing.
  if (!raw.prepare(`select 1 from sqlite_stat4 ${notKept} limit 1`).get(...kept)) return 0;
  return raw.prepare(`delete from sqlite_stat4 ${notKept}`).run(...kept).changes;
}

/**
 * SQLite's advice for long-lived connections (PRAGMA optimize: analyze the tables whose
 * size changed a lot, looking at every table), keeping counts and the samples of plain
 * indexes, and dropping every other sample before anything is written.
 */
export function analyzeWithoutSamples(raw: SQLite.Database, plain: ColumnNames): void {
  // IMMEDIATE: the write lock before the first read, so another process committing in
  // between cannot make SQLite refuse the upgrade (sqlite-immediate.ts).
  const dropped = raw
    .transaction(() => {
      raw.pragma('optimize = 0x10002');
      return deleteSamples(raw, plain);
    })
    .immediate();
  // The planner loaded the samples when ANALYZE ran; make it read the tables again.
  if (dropped) raw.exec('analyze sqlite_schema');
}

/**
 * Deletes samples of personal values that someone else's ANALYZE left (an operator's
 * sqlite3 shell, an older Oubli): on migrate, and in the step after every erasure and
 * redaction, before the WAL checkpoint. Returns how many rows went.
 */
export function dropStatisticsSamples(raw: SQLite.Database, plain: ColumnNames): number {
  const dropped = raw.transaction(() => deleteSamples(raw, plain)).immediate();
  if (dropped) raw.exec('analyze sqlite_schema');
  return dropped;
}
