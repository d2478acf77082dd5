import type { Ctx } from '../context.ts';
import { runRecordingFetchesOnce, type FetcherOptions } from '../domain/calls/fetch-recordings.ts';

/** Polls the recording fetch queue until stopped; `kick()` runs it at once (after a commit that queued one). */
export function startRecordingFetcher(ctx: Ctx, opts: FetcherOptions & { pollMs: number }): { stop(): Promise<void>; kick(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  let again = false;
  const tick = () => {
    if (stopped) return;
    timer = undefined;
    busy = true;
    running = runRecordingFetchesOnce(ctx, opts)
      .catch((err) => ctx.log.error({ errName: (err as Error)?.name }, 'recording fetcher run failed'))
      .finally(() => {
        busy = false;
        if (!stopped) timer = setTimeout(tick, again ? 0 : opts.pollMs);
        again = false;
      });
  };
  timer = setTimeout(tick, 0);
  return {
    kick() {
      if (stopped) return;
      if (busy) again = true;
      else {
        if (timer) clearTimeout(timer);
        timer = setTimeout(tick, 0);
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
