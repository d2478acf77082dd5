import type { Ctx } from '../../context.ts';
import { auditEventsOf, tombstonesRequestedBy } from '../../db/queries/incremental.ts';
import { authorize, canAdminister } from '../policy.ts';
import { ERASURE_ACTIONS, ERASURE_ID_KEYS, ERASURE_KINDS, type ErasureKind } from './erasure-kinds.ts';
import { readExportPage } from './read-export.ts';
import type { TimePage } from './export-window.ts';

/** One entry of the erasure feed: what kind of thing went, its id, the ids around it, and when. */
export interface ErasureEntry {
  id: number;
  kind: ErasureKind;
  subjectType: string;
  subjectId: number | null;
  ids: Record<string, number | number[]>;
  at: string;
}

function idsOf(details: string): Record<string, number | number[]> {
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(details) as Record<string, unknown>;
  } catch {
    /* no details: no ids */
  }
  const out: Record<string, number | number[]> = {};
  for (const k of ERASURE_ID_KEYS) {
    const v = parsed[k];
    if (typeof v === 'number' && Number.isInteger(v)) out[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isInteger(x))) out[k] = v as number[];
  }
  return out;
}

/**
 * One time-based page of the erasure feed (an Oubli extension): what was erased or redacted,
 * read from the audit log, kinds and ids only. Admins only. Nothing goes in the erasure
 * ledger: the page names things that are gone, and no data about anyone.
 */
export async function readErasureFeed(ctx: Ctx, input: { startTime: number; limit: number }): Promise<TimePage<ErasureEntry>> {
  authorize(canAdminister(ctx.actor!));
  const r = await readExportPage(
    ctx,
    { fetch: (w) => auditEventsOf(ctx.db, ERASURE_ACTIONS, w), at: (e) => e.created_at },
    { mode: 'time', startTime: input.startTime, limit: input.limit },
  );
  if (r.mode !== 'time') throw new Error('the erasure feed is time-based');
  // A person's erasure takes her requested tickets with it in one audit event: the feed names
  // them from their tombstones (which keep the requester's id), so a copy can drop them too.
  const erasedPeople = r.page.rows.flatMap((e) => (e.action === 'user.erased' && e.subject_id !== null ? [e.subject_id] : []));
  const tombstones = new Map<number, number[]>();
  for (const t of await tombstonesRequestedBy(ctx.db, erasedPeople)) (tombstones.get(t.requester_id) ?? tombstones.set(t.requester_id, []).get(t.requester_id)!).push(t.id);
  return {
    ...r.page,
    rows: r.page.rows.map((e) => {
      const ids = idsOf(e.details);
      if (e.action === 'user.erased' && e.subject_id !== null) ids.ticket_ids = tombstones.get(e.subject_id) ?? [];
      return { id: e.id, kind: ERASURE_KINDS[e.action as keyof typeof ERASURE_KINDS], subjectType: e.subject_type, subjectId: e.subject_id, ids, at: e.created_at };
    }),
  };
}
