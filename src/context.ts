import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import type { DialectCaps } from './db/dialects/caps.ts';

/** Who is acting. Domain actions authorize against this, never against HTTP details. */
export interface Actor {
  id: number;
  role: 'end-user' | 'agent' | 'admin';
  isOwner: boolean;
  canDeleteTickets: boolean;
  /** The API token the request was signed with, if any: an export's recipient in the erasure ledger. */
  apiTokenId?: number;
}

export interface Logger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  debug(obj: object | string, msg?: string): void;
}

/** What every action receives: the database, the time, a logger and who is acting. */
export interface Ctx {
  db: Kysely<Database>;
  caps: DialectCaps;
  now(): Date;
  log: Logger;
  actor: Actor | null;
  /**
   * Forces deleted bytes out of the write-ahead log into the (secure-deleted) database file,
   * after dropping any planner samples of values (sqlite_stat4). Erasure, redaction and
   * permanent deletes call it after commit; absent where there is nothing to do (PostgreSQL,
   * some tests).
   */
  checkpoint?: () => Promise<{ busy: boolean }>;
  /**
   * The bulk job this action runs for. Its audit event names the job, in the action's own
   * transaction, so a job resumed after a crash knows the item was done (jobs/runner.ts).
   */
  jobId?: string;
  /**
   * The position of the item in its job's list, for jobs whose items have no id yet (a
   * create_many): the audit event carries it as `job_item`, the receipt by index.
   */
  jobItem?: number;
  /**
   * Wakes this process's outbox. An action that queued mail calls it once its transaction
   * has committed (never before: the outbox would not see the row yet); other processes'
   * mail is found by the outbox's poll. Absent where no outbox runs (the CLI, most tests).
   */
  mailQueued?: () => void;
  /**
   * Wakes this process's recording fetcher after a commit that queued a recording to fetch
   * (src/domain/calls/fetch-recordings.ts); absent where no fetcher runs.
   */
  recordingQueued?: () => void;
  /**
   * How webhooks go out from this process (docs/webhooks.md): whether private and loopback
   * endpoints are allowed, and the request timeout. Absent: public endpoints only, 10 s.
   */
  webhooks?: { allowPrivate: boolean; timeoutMs: number };
}

/** The system acting on its own (sweeps, job runner). Policy lets it do what admins may. */
export const SYSTEM_ACTOR: Actor = { id: 0, role: 'admin', isOwner: false, canDeleteTickets: true };

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };

/** A copy of ctx acting as someone else. */
export function withActor(ctx: Ctx, actor: Actor | null): Ctx {
  return { ...ctx, actor };
}

/** ISO-8601 UTC with milliseconds: the one format timestamps are stored in (sorts as text). */
export function iso(d: Date): string {
  return d.toISOString();
}
