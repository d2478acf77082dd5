import type { Ctx } from '../../context.ts';
import { getCall } from '../../db/queries/calls.ts';
import { claimFetch, deleteFetch, dueFetches, getFetch, insertRecording, updateFetch } from '../../db/queries/calls-recordings.ts';
import { recordEvent } from '../events.ts';
import { fetchAudio, type FetchLimits } from './safe-fetch.ts';
import { FETCH_TIMEOUT_MS, MAX_FETCH_ATTEMPTS, MAX_RECORDING_BYTES, retryDelayMs } from './recording-rules.ts';

// The recording fetcher: voice comments queue their recording_url in call_recording_fetches
// in the ticket's transaction; this downloads them after commit, outside any transaction, and
// stores each in its own short one. A failed try is retried with backoff; a permanent
// failure (refused address, not audio, too large, 4xx) or the last attempt marks the row failed.

export interface FetchReport {
  stored: number;
  retried: number;
  failed: number;
}

export type FetcherOptions = Partial<FetchLimits>;

/** Fetches every recording due now, in batches, until none is due. */
export async function runRecordingFetchesOnce(ctx: Ctx, opts: FetcherOptions = {}, batch = 10): Promise<FetchReport> {
  const limits: FetchLimits = { allowPrivate: opts.allowPrivate ?? false, timeoutMs: opts.timeoutMs ?? FETCH_TIMEOUT_MS, maxBytes: opts.maxBytes ?? MAX_RECORDING_BYTES };
  const report: FetchReport = { stored: 0, retried: 0, failed: 0 };
  const tried = new Set<number>();
  for (;;) {
    const now = ctx.now();
    const rows = (await dueFetches(ctx.db, now.toISOString(), batch)).filter((r) => !tried.has(r.id));
    if (!rows.length) return report;
    for (const row of rows) {
      tried.add(row.id);
      // Held for twice the timeout: another process's fetcher skips it meanwhile.
      if (!(await claimFetch(ctx.db, row.id, row.next_attempt_at, new Date(now.getTime() + 2 * limits.timeoutMs).toISOString()))) continue;
      const outcome = await fetchAudio(row.source_url, limits);
      const at = ctx.now();
      await ctx.db.transaction().execute(async (trx) => {
        // Re-read: the recording may have been deleted, or the ticket erased, meanwhile.
        const still = await getFetch(trx, row.id);
        const call = still && (await getCall(trx, still.call_id));
        if (!still || !call || call.erased_at) {
          if (still) await deleteFetch(trx, row.id);
          return;
        }
        if (outcome.ok) {
          const id = await insertRecording(trx, {
            call_id: call.id,
            kind: still.kind,
            source_url: still.source_url,
            content_type: outcome.contentType,
            size: outcome.data.length,
            data: outcome.data,
            created_at: at.toISOString(),
            deleted_at: null,
          });
          await deleteFetch(trx, row.id);
          await recordEvent(ctx, trx, { action: 'call.recording_stored', subjectType: 'call', subjectId: call.id, details: { recording_id: id, kind: still.kind, size: outcome.data.length, attempts: still.attempts + 1 } });
          report.stored++;
          return;
        }
        const attempts = still.attempts + 1;
        const last = outcome.permanent || attempts >= MAX_FETCH_ATTEMPTS;
        await updateFetch(trx, row.id, {
          attempts,
          last_error: outcome.code,
          next_attempt_at: new Date(at.getTime() + retryDelayMs(attempts)).toISOString(),
          failed_at: last ? at.toISOString() : null,
        });
        if (last) {
          await recordEvent(ctx, trx, { action: 'call.recording_fetch_failed', subjectType: 'call', subjectId: call.id, details: { fetch_id: row.id, error: outcome.code, attempts } });
          report.failed++;
        } else report.retried++;
        ctx.log.warn({ fetchId: row.id, callId: call.id, code: outcome.code, attempts }, 'call recording not fetched');
      });
    }
  }
}
