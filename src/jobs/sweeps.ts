import { SYSTEM_ACTOR, withActor, type Ctx } from '../context.ts';
import {
  solvedTicketsBefore,
  ticketsInStateBefore,
  unusedUploadsBefore,
  usersDeletedBefore,
  type SweepCursor,
} from '../db/queries/erasure.ts';
import { AppError } from '../errors.ts';
import { getSettings } from '../domain/settings.ts';
import { eraseContact } from '../domain/contacts/erase-contact.ts';
import { eraseTicket } from '../domain/tickets/erase-ticket.ts';
import { closeSolvedTicket } from '../domain/tickets/close-solved-ticket.ts';
import { expireUnusedUploads, UNUSED_UPLOAD_DAYS } from '../domain/tickets/expire-unused-uploads.ts';
import { assertMapCoversSchema, type ErasureCounts } from '../domain/erasure/walker.ts';
import { compactSearchIndexes } from '../domain/redaction/compact-search-indexes.ts';
import { purgeSearchIndexes } from '../domain/redaction/purge-search-indexes.ts';
import { dropExpiredPasswordCounters } from '../domain/auth/password-limit.ts';
import { DRAFT_RETENTION_DAYS, expireDrafts } from '../domain/drafts/expire-drafts.ts';
import { expireLineRecordings } from '../domain/calls/expire-line-recordings.ts';
import { purgeTombstones } from '../domain/erasure/purge-tombstones.ts';
import { expireChats } from '../domain/chat/expire-chats.ts';
import { expireIdleVisitors, IDLE_VISITOR_DAYS } from '../domain/chat/expire-idle-visitors.ts';
import { expireInvocations } from '../domain/webhooks/expire-invocations.ts';
import { INVOCATION_RETENTION_DAYS } from '../domain/webhooks/delivery-rules.ts';
import { offerSatisfactionSurveys } from '../domain/satisfaction/offer-satisfaction-surveys.ts';
import { runRetentionWatchdog } from '../domain/retention/run-retention-watchdog.ts';

export interface SweepReport {
  asOf: string;
  dryRun: boolean;
  /** One line per thing done (or that would be done): ids and counts only. */
  lines: string[];
  /** Upkeep done on the way (index names and counts), when there was any. */
  maintenance?: string[];
  /** The retention watchdog's overdue rules (ids and counts), only when there are any. */
  overdue?: string[];
}

/** Rows read per batch; each item is then written in its own short transaction. */
const BATCH = 100;
const DAY_MS = 86_400_000;

type Due = { id: number; at: string };

/** Walks every due row in (time, id) order, batch by batch, whatever happens to each. */
async function forEachDue(read: (cursor: SweepCursor) => Promise<Due[]>, act: (row: Due) => Promise<void>): Promise<void> {
  let cursor: SweepCursor = null;
  for (;;) {
    const rows = await read(cursor);
    for (const row of rows) await act(row);
    const last = rows[rows.length - 1];
    if (!last || rows.length < BATCH) return;
    cursor = { at: last.at, id: last.id };
  }
}

/** A refusal means the row changed since it was read (restored, moved): leave it, say so. */
async function orSkip(lines: string[], what: string, run: () => Promise<string | null>): Promise<void> {
  try {
    lines.push((await run()) ?? `skipped ${what}: changed since it was read`);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    lines.push(`skipped ${what}: changed since it was read`);
  }
}

function summary(counts: ErasureCounts, self: string): string {
  const parts = Object.entries(counts)
    .filter(([t]) => t !== self)
    .map(([t, n]) => `${t} ${n}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/**
 * Runs every retention sweep as of ctx.now(), as the system: erases contacts, deleted
 * tickets and spam past their retention, closes solved tickets, drops unused uploads.
 * With dryRun it only reports what it would do. Then the retention watchdog checks that
 * nothing is overdue (docs/reports.md) — also when a sweep threw, which is what it is for.
 * A dry run previews the sweeps only (GET /api/v2/reports/retention shows the watchdog).
 */
export async function runSweeps(ctx: Ctx, opts: { dryRun: boolean }): Promise<SweepReport> {
  if (opts.dryRun) return runRetentionSweeps(ctx, opts);
  let report: SweepReport | undefined;
  try {
    report = await runRetentionSweeps(ctx, opts);
    return report;
  } finally {
    try {
      const w = await runRetentionWatchdog(withActor(ctx, SYSTEM_ACTOR));
      const overdue = w.rules.filter((r) => r.overdue > 0).map((r) => `overdue ${r.rule}: ${r.overdue} (${r.ids.slice(0, 20).join(', ')})`);
      if (report && overdue.length) report.overdue = overdue;
    } catch (err) {
      // After a failed sweep its own error is the one to report; after a good one, the watchdog's.
      if (report) throw err;
    }
  }
}

async function runRetentionSweeps(ctx: Ctx, opts: { dryRun: boolean }): Promise<SweepReport> {
  const sys = withActor(ctx, SYSTEM_ACTOR);
  const now = ctx.now();
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  const settings = await getSettings(ctx);
  const lines: string[] = [];
  const dry = opts.dryRun;
  // An incomplete map stops the sweep before anything is erased.
  await assertMapCoversSchema(ctx);

  const usersCutoff = before(settings.deleted_users_retention_days);
  await forEachDue(
    (c) => usersDeletedBefore(ctx.db, usersCutoff, c, BATCH),
    async ({ id }) => {
      if (dry) return void lines.push(`would erase contact ${id}`);
      await orSkip(lines, `contact ${id}`, async () => {
        const r = await eraseContact(sys, { userId: id, deletedBefore: usersCutoff });
        return r && `erased contact ${id}${summary(r.counts, 'users')}`;
      });
    },
  );

  for (const [from, days, view] of [
    ['deleted', settings.deleted_tickets_retention_days, 'deleted ticket'],
    ['spam', settings.spam_retention_days, 'spam ticket'],
  ] as const) {
    const cutoff = before(days);
    // A spam ticket of a deleted contact waits for that contact: restoring them brings it back.
    const requesterLive = from === 'spam';
    await forEachDue(
      (c) => ticketsInStateBefore(ctx.db, from, cutoff, c, BATCH, { requesterLive }),
      async ({ id }) => {
        if (dry) return void lines.push(`would erase ${view} ${id}`);
        await orSkip(lines, `${view} ${id}`, async () => {
          const r = await eraseTicket(sys, { ticketId: id, from, changedBefore: cutoff, unlessRequesterDeleted: requesterLive });
          return r && `erased ${view} ${id}${summary(r, 'tickets')}`;
        });
      },
    );
  }

  // CSAT surveys of tickets solved long enough ago, before any of them is closed (docs/satisfaction.md).
  const surveyed = await offerSatisfactionSurveys(sys, { dryRun: dry, batch: BATCH });
  if (surveyed.length) lines.push(`${dry ? 'would offer' : 'offered'} the satisfaction survey of ${surveyed.length} solved tickets: ${surveyed.join(', ')}`);

  const solvedCutoff = before(settings.solved_to_closed_days);
  await forEachDue(
    (c) => solvedTicketsBefore(ctx.db, solvedCutoff, c, BATCH),
    async ({ id }) => {
      if (dry) return void lines.push(`would close solved ticket ${id}`);
      await orSkip(lines, `solved ticket ${id}`, async () => ((await closeSolvedTicket(sys, { ticketId: id, solvedBefore: solvedCutoff })) ? `closed solved ticket ${id}` : null));
    },
  );

  const uploadsCutoff = before(UNUSED_UPLOAD_DAYS);
  for (let afterId = 0; ; ) {
    const ids = await unusedUploadsBefore(ctx.db, uploadsCutoff, afterId, BATCH);
    if (!ids.length) break;
    if (dry) lines.push(`would delete ${ids.length} unused uploads: ${ids.join(', ')}`);
    else {
      const gone = await expireUnusedUploads(sys, { uploadIds: ids, cutoff: uploadsCutoff });
      if (gone.length) lines.push(`deleted ${gone.length} unused uploads: ${gone.join(', ')}`);
    }
    afterId = ids[ids.length - 1]!;
    if (ids.length < BATCH) break;
  }

  // Agents' unsent replies nobody touched for 30 days (docs/views.md "Drafts").
  const drafts = await expireDrafts(sys, { cutoff: before(DRAFT_RETENTION_DAYS), dryRun: dry, batch: BATCH });
  if (drafts) lines.push(`${dry ? 'would delete' : 'deleted'} ${drafts} drafts untouched for ${DRAFT_RETENTION_DAYS} days`);

  // Webhook invocations and the bodies they sent, after 7 days (docs/webhooks.md "Invocation log").
  const invocations = await expireInvocations(sys, { dryRun: dry, batch: BATCH });
  if (invocations) lines.push(`${dry ? 'would delete' : 'deleted'} ${invocations} webhook invocations older than ${INVOCATION_RETENTION_DAYS} days`);

  // Phone lines' recording retention, then tombstones past their purgeAfterDays (docs/calls.md).
  for (const l of await expireLineRecordings(sys, { dryRun: dry, batch: BATCH })) {
    lines.push(`${dry ? 'would delete' : 'deleted'} ${l.ids.length} recordings of phone line ${l.lineId} older than ${l.days} days: ${l.ids.join(', ')}`);
  }
  for (const p of await purgeTombstones(sys, { dryRun: dry, batch: BATCH })) {
    lines.push(`${dry ? 'would purge' : 'purged'} ${p.ids.length} ${p.table} erased more than ${p.days} days ago: ${p.ids.join(', ')}`);
  }

  // Chat retention (docs/chat.md): off unless the account sets chat_retention_days.
  if (settings.chat_retention_days !== null) {
    const r = await expireChats(sys, { cutoff: before(settings.chat_retention_days), dryRun: dry, batch: BATCH });
    if (r.chats.length) {
      lines.push(`${dry ? 'would delete' : 'deleted'} ${r.chats.length} chats older than ${settings.chat_retention_days} days: ${r.chats.join(', ')}${dry ? '' : ` (visitors ${r.visitors})`}`);
    }
  }

  // Visitors who never chatted and visits without a chat, after 30 days (docs/chat.md).
  const idle = await expireIdleVisitors(sys, { cutoff: before(IDLE_VISITOR_DAYS), dryRun: dry, batch: BATCH });
  if (idle.visitors.length || idle.sessions) {
    lines.push(`${dry ? 'would delete' : 'deleted'} ${idle.visitors.length} visitors without a chat and ${idle.sessions} visits without a chat, unseen for ${IDLE_VISITOR_DAYS} days${dry ? '' : ` (pages ${idle.pages})`}`);
  }

  // Keeps erasure's cost near the contact's own data on SQLite (BENCHMARKS.md): the
  // full-text indexes' segments are merged back, a bounded number of pages per run.
  const maintenance: string[] = [];
  if (!dry) {
    // Indexes whose erasure died before it purged them (purge-search-indexes.ts).
    for (const index of await purgeSearchIndexes(sys)) maintenance.push(`purged ${index} of the tokens an interrupted erasure deleted`);
    const c = await compactSearchIndexes(sys);
    for (const i of c.indexes) maintenance.push(`merged ${i.index}: ${i.before} segments, now ${i.after}${i.done ? '' : ' (continues next run)'}`);
    // The password limit's counters of windows that are over (docs/api.md "Password limit").
    const counters = await dropExpiredPasswordCounters(ctx);
    if (counters) maintenance.push(`deleted ${counters} expired password-attempt counters`);
  }

  return { asOf: now.toISOString(), dryRun: dry, lines, ...(maintenance.length ? { maintenance } : {}) };
}
