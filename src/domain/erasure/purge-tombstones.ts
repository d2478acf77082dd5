import type { Ctx } from '../../context.ts';
import { deleteTombstonesBefore, tombstonesBefore } from '../../db/queries/tombstone-purge.ts';
import { checkpointAfter } from '../redaction/common.ts';
import { erasureMap, type ErasureMap } from './map/index.ts';

const DAY_MS = 86_400_000;

/** The tables whose tombstones are deleted whole some days after their marker was set. */
export function purgeableTables(map: ErasureMap = erasureMap): { table: string; marker: string; days: number }[] {
  return Object.entries(map).flatMap(([table, fate]) =>
    fate.tombstone?.purgeAfterDays !== undefined ? [{ table, marker: fate.tombstone.erasedMarker, days: fate.tombstone.purgeAfterDays }] : [],
  );
}

/**
 * Deletes the tombstones whose `purgeAfterDays` (erasure map) have passed since their marker
 * was set — a call recording's bytes 7 days after its ticket's erasure (docs/calls.md). Read in
 * bounded batches; each delete re-checks the marker in the write. Generic over the map: a
 * table that declares `purgeAfterDays` is purged with no code here naming it.
 */
export async function purgeTombstones(ctx: Ctx, opts: { dryRun: boolean; batch: number }): Promise<{ table: string; days: number; ids: number[] }[]> {
  const out: { table: string; days: number; ids: number[] }[] = [];
  for (const { table, marker, days } of purgeableTables()) {
    const cutoff = new Date(ctx.now().getTime() - days * DAY_MS).toISOString();
    const ids: number[] = [];
    for (;;) {
      const batch = await tombstonesBefore(ctx.db, table, marker, cutoff, opts.batch);
      if (!batch.length) break;
      if (opts.dryRun) {
        ids.push(...batch);
        break;
      }
      const n = await ctx.db.transaction().execute((trx) => deleteTombstonesBefore(trx, table, marker, cutoff, batch));
      ids.push(...batch);
      if (n === 0 || batch.length < opts.batch) break;
    }
    if (ids.length) out.push({ table, days, ids });
  }
  if (!opts.dryRun && out.length) await checkpointAfter(ctx, 'tombstones.purged', { tables: out.length });
  return out;
}
