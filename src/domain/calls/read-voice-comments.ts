import type { Ctx } from '../../context.ts';
import { callsOfComments, type CallRow } from '../../db/queries/calls.ts';
import { callsWithPendingFetch, liveRecordingsOfCalls } from '../../db/queries/calls-recordings.ts';
import type { RecordingMeta } from './read-call.ts';

export interface VoiceCommentFacts {
  call: CallRow;
  recordings: RecordingMeta[];
  pending: boolean;
}

/**
 * The calls behind these comments (voice comments), keyed by comment id, with their reachable
 * recordings. The caller has already read the comments, so it may see them.
 */
export async function readVoiceComments(ctx: Ctx, input: { commentIds: number[] }): Promise<Map<number, VoiceCommentFacts>> {
  const calls = await callsOfComments(ctx.db, input.commentIds);
  const out = new Map<number, VoiceCommentFacts>();
  if (!calls.length) return out;
  const ids = calls.map((c) => c.id);
  const recs = await liveRecordingsOfCalls(ctx.db, ids);
  const pending = new Set(await callsWithPendingFetch(ctx.db, ids));
  for (const c of calls) out.set(c.comment_id!, { call: c, recordings: recs.filter((r) => r.call_id === c.id), pending: pending.has(c.id) });
  return out;
}
