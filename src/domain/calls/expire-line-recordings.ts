import type { Ctx } from '../../context.ts';
import { linesWithRetention } from '../../db/queries/calls.ts';
import { deleteLineRecordingIfBefore, lineRecordingsBefore } from '../../db/queries/calls-recordings.ts';
import { recordEvent } from '../events.ts';
import { checkpointAfter } from '../redaction/common.ts';

const DAY_MS = 86_400_000;

/**
 * The phone lines' retention (docs/calls.md): each line with `recording_retention_days` N
 * deletes its calls' recordings stored more than N days ago — existing ones included, so
 * shortening N deletes older recordings at the next sweep. Bounded batches; each deletion
 * re-checks its conditions in the write (a line changed meanwhile keeps what it now keeps).
 * The call's transcript stays: it is text on the ticket, not the audio this rule is about.
 */
export async function expireLineRecordings(ctx: Ctx, opts: { dryRun: boolean; batch: number }): Promise<{ lineId: number; days: number; ids: number[] }[]> {
  const out: { lineId: number; days: number; ids: number[] }[] = [];
  const now = ctx.now().getTime();
  for (const line of await linesWithRetention(ctx.db)) {
    const days = line.recording_retention_days!;
    const cutoff = new Date(now - days * DAY_MS).toISOString();
    const ids: number[] = [];
    for (let afterId = 0; ; ) {
      const rows = await lineRecordingsBefore(ctx.db, line.id, cutoff, afterId, opts.batch);
      for (const r of rows) {
        if (opts.dryRun) {
          ids.push(r.id);
          continue;
        }
        await ctx.db.transaction().execute(async (trx) => {
          if (!(await deleteLineRecordingIfBefore(trx, r.id, line.id, cutoff))) return;
          ids.push(r.id);
          await recordEvent(ctx, trx, { action: 'call.recording_expired', subjectType: 'call', subjectId: r.call_id, details: { recording_id: r.id, phone_line_id: line.id, retention_days: days } });
        });
      }
      if (rows.length < opts.batch) break;
      afterId = rows[rows.length - 1]!.id;
    }
    if (ids.length) out.push({ lineId: line.id, days, ids });
  }
  if (!opts.dryRun && out.length) await checkpointAfter(ctx, 'call.recording_expired', { lines: out.length });
  return out;
}
