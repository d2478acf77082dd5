/** True when the database refused a write because a unique index already holds the value. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === '23505';
}

/**
 * True when the database could not take a lock in time (SQLite's busy and locked codes;
 * PostgreSQL's lock_not_available): nothing was written, and trying again later is safe.
 */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string') return false;
  return code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED' || code.startsWith('SQLITE_LOCKED_') || code === '55P03';
}
