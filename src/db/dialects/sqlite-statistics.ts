import type SQLite from 'better-sqlite3';

// Planner statistics without personal values (issue 9, NOTES.md "Copies that hold personal
// data outside the tables"). This SQLite is built with STAT4: ANALYZE copies up to 24
// sampled keys of every index into sqlite_stat4 — addresses, tags, external ids, and the
// terms of the full-text shadow tables (their primary key is the token). An erasure never
// touches that table, so the samples would keep erased text in the file.
//
// Oubli keeps sqlite_stat1 (row counts and average rows per key: no values) and never keeps
// sqlite_stat4: the samples are deleted in the same transaction that collected them, so
// they never reach the write-ahead log or the file (secure_delete zeroes the freed cells),
// and the planner reloads the statistics without them. test/proof/statistics-proof.test.ts
// proves it; bench/statistics-plans.bench.ts measures that the plans stay the same.

function hasStat4(raw: SQLite.Database): boolean {
  return !!raw.prepare("select 1 from sqlite_schema where type = 'table' and name = 'sqlite_stat4'").get();
}

/** Deletes every sqlite_stat4 row, inside the caller's transaction; returns how many. */
function deleteSamples(raw: SQLite.Database): number {
  return hasStat4(raw) ? raw.prepare('delete from sqlite_stat4').run().changes : 0;
}

/**
 * SQLite's advice for long-lived connections (PRAGMA optimize: analyze the tables whose
 * size changed a lot, looking at every table), keeping the counts and dropping the samples
 * before anything is written.
 */
export function analyzeWithoutSamples(raw: SQLite.Database): void {
  const dropped = raw.transaction(() => {
    raw.pragma('optimize = 0x10002');
    return deleteSamples(raw);
  })();
  // The planner loaded the samples when ANALYZE ran; make it read the tables again.
  if (dropped) raw.exec('analyze sqlite_schema');
}

/**
 * Deletes samples someone else's ANALYZE left (an operator's sqlite3 shell, an older Oubli):
 * part of the step after every erasure and redaction, before the WAL checkpoint. Costs one
 * schema lookup when there are none. Returns how many rows went.
 */
export function dropStatisticsSamples(raw: SQLite.Database): number {
  const dropped = raw.transaction(() => deleteSamples(raw))();
  if (dropped) raw.exec('analyze sqlite_schema');
  return dropped;
}
