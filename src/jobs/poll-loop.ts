import type { Ctx } from '../context.ts';

/** A background loop of `oubli serve`: `kick()` runs it at once, `stop()` waits for the run in progress. */
export interface PollLoop {
  kick(): void;
  stop(): Promise<void>;
}

/**
 * Runs `once` now and then every `pollMs` until stopped (the recording fetcher, the webhook
 * deliverer). A kick during a run makes the next run follow at once instead of after the
 * poll, so work committed meanwhile is never left waiting for the poll. A failed run is
 * logged by its error's name only (its message may quote a remote server) and the loop goes on.
 */
export function startPollLoop(ctx: Ctx, opts: { name: string; pollMs: number; once: () => Promise<unknown> }): PollLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  let again = false;
  const tick = () => {
    if (stopped) return;
    timer = undefined;
    busy = true;
    running = opts
      .once()
      .catch((err) => ctx.log.error({ errName: (err as Error)?.name }, `${opts.name} run failed`))
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
