import type { Ctx } from '../context.ts';
import { runRecordingFetchesOnce, type FetcherOptions } from '../domain/calls/fetch-recordings.ts';
import { startPollLoop, type PollLoop } from './poll-loop.ts';

/** Polls the recording fetch queue until stopped; `kick()` runs it at once (after a commit that queued one). */
export function startRecordingFetcher(ctx: Ctx, opts: FetcherOptions & { pollMs: number }): PollLoop {
  return startPollLoop(ctx, { name: 'recording fetcher', pollMs: opts.pollMs, once: () => runRecordingFetchesOnce(ctx, opts) });
}
