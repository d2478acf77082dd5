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

/** `n ticket(s)` */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
