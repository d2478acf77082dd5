import type { Ctx } from '../../context.ts';
import { liveCallsOfRequester } from '../../db/queries/calls.ts';
import { liveRecordingsOfCalls } from '../../db/queries/calls-recordings.ts';
import { sec, type Json } from '../access/json-stream.ts';

/**
 * The right-of-access export's calls (docs/calls.md): the calls on tickets she requested,
 * with their transcripts, and their recordings as links to the staff audio URL (the bytes
 * are not inlined: the operator downloads them with the links). Who answered is "support".
 */
export async function* exportCallsOf(ctx: Ctx, userId: number): AsyncGenerator<Json[]> {
  const calls = await liveCallsOfRequester(ctx.db, userId);
  if (!calls.length) return;
  const recs = await liveRecordingsOfCalls(ctx.db, calls.map((c) => c.id));
  yield calls.map((c) => ({
    id: c.id,
    ticket_id: c.ticket_id,
    direction: c.direction,
    from: c.from_number,
    to: c.to_number,
    started_at: sec(c.started_at),
    duration: c.duration,
    location: c.location,
    transcription_text: c.transcription,
    answered_by: c.answered_by_id === null ? null : 'support',
    recordings: recs
      .filter((r) => r.call_id === c.id)
      .map((r) => ({ kind: r.kind, content_type: r.content_type, size: r.size, url: `/api/v2/channels/voice/calls/${c.id}/recordings/${r.kind}` })),
  }));
}
