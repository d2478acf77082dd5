import type { QueryKey } from '@tanstack/react-query';
import { useQueryClient } from '@tanstack/react-query';
import { api, errorText } from './api.ts';
import { useJobs } from './jobs.tsx';
import { useToast } from '../components/Toasts.tsx';
import type { JobStatus } from '../../../src/shared/jobs.ts';

/**
 * Runs one bulk request. When the server answers with a job, its progress shows in the
 * job tray until it ends; when it answers at once, the lists refresh at once.
 */
export function useBulk() {
  const jobs = useJobs();
  const toast = useToast();
  const queryClient = useQueryClient();
  return async (opts: { method: string; path: string; label: string; invalidate: QueryKey[]; done?: string }): Promise<boolean> => {
    try {
      const r = await api<{ job_status?: JobStatus }>(opts.method, opts.path);
      if (r.job_status) {
        const j = await jobs.track(r.job_status, opts.label, opts.invalidate);
        if (j.failures.length) toast(`${opts.label}: ${j.failures.length} refused. See the reasons in the corner.`, 'error');
        else if (opts.done) toast(opts.done);
        return j.failures.length === 0;
      }
      for (const key of opts.invalidate) await queryClient.invalidateQueries({ queryKey: key });
      if (opts.done) toast(opts.done);
      return true;
    } catch (err) {
      toast(`${opts.label}: ${errorText(err)}`, 'error');
      return false;
    }
  };
}

/** The most ids one bulk call takes (Zendesk's limit, kept by the server). */
export const IDS_PER_CALL = 100;

export interface BulkManyRequest {
  method: string;
  /** The endpoint for one call's ids, e.g. `(ids) => \`/tickets/update_many?ids=${ids}\``. */
  path: (ids: string) => string;
  body?: unknown;
  ids: number[];
  label: string;
  invalidate: QueryKey[];
  done?: string;
}

/**
 * A bulk action over any number of ids: one call per 100 (the API's limit), each a job the
 * corner follows ("part 2 of 3"). Every call is sent before the first job is awaited, so the
 * whole action is on the server at once and survives a reload.
 */
export function useBulkMany() {
  const jobs = useJobs();
  const toast = useToast();
  const queryClient = useQueryClient();
  return async (opts: BulkManyRequest): Promise<boolean> => {
    const chunks: number[][] = [];
    for (let i = 0; i < opts.ids.length; i += IDS_PER_CALL) chunks.push(opts.ids.slice(i, i + IDS_PER_CALL));
    const waits: Promise<{ refused: number }>[] = [];
    let sentError: unknown = null;
    for (const [i, chunk] of chunks.entries()) {
      const label = chunks.length > 1 ? `${opts.label} (part ${i + 1} of ${chunks.length})` : opts.label;
      try {
        const r = await api<{ job_status?: JobStatus }>(opts.method, opts.path(chunk.join(',')), opts.body);
        waits.push(r.job_status ? jobs.track(r.job_status, label, opts.invalidate).then((j) => ({ refused: j.failures.length })) : Promise.resolve({ refused: 0 }));
      } catch (err) {
        // Parts already sent go on; the rest are not sent (the same request would be refused again).
        sentError = err;
        break;
      }
    }
    const refused = (await Promise.all(waits)).reduce((n, w) => n + w.refused, 0);
    for (const key of opts.invalidate) await queryClient.invalidateQueries({ queryKey: key });
    if (sentError) toast(`${opts.label}: ${errorText(sentError)}`, 'error');
    else if (refused) toast(`${opts.label}: ${refused} refused. See the reasons in the corner.`, 'error');
    else if (opts.done) toast(opts.done);
    return !sentError && refused === 0;
  };
}

/** `n ticket(s)` */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
