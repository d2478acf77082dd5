import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { api, errorText } from './api.ts';
import type { JobStatus } from '../../../src/shared/jobs.ts';

// Long bulk actions. Server jobs (the bulk endpoints answer a job_status) are polled from
// GET /job_statuses/{id} and survive navigation and reloads (their ids are kept in
// localStorage). Actions the API has no bulk endpoint for run here, one request per
// item, and survive navigation inside the app but not a reload.

export interface TrackedJob {
  key: string;
  label: string;
  kind: 'server' | 'local';
  serverId?: string;
  total: number;
  progress: number;
  status: JobStatus['status'];
  failures: { id?: number; error: string }[];
  succeeded: number;
  /** Query keys to refresh when it ends (lists, counts). */
  invalidate: QueryKey[];
}

const DONE = new Set(['completed', 'failed', 'killed']);
export const isDone = (j: TrackedJob) => DONE.has(j.status);

interface JobsState {
  jobs: TrackedJob[];
  /** Follows a job the server started; resolves when it ends. */
  track(job: JobStatus, label: string, invalidate?: QueryKey[]): Promise<TrackedJob>;
  /** Runs `fn` for each id in turn, with progress; resolves when all are done. */
  runLocal(label: string, ids: number[], fn: (id: number) => Promise<unknown>, invalidate?: QueryKey[]): Promise<TrackedJob>;
  dismiss(key: string): void;
}

const Ctx = createContext<JobsState | null>(null);
const STORE = 'oubli.jobs';
const POLL_MS = 700;
const SUCCESS_SHOWN_MS = 6000;

function fromServer(prev: TrackedJob, s: JobStatus): TrackedJob {
  const results = s.results ?? [];
  const failures = results.filter((r) => !r.success).map((r) => ({ id: r.id, error: r.error ?? r.status ?? 'failed' }));
  return {
    ...prev,
    total: s.total || prev.total,
    progress: s.progress,
    status: s.status,
    failures,
    succeeded: results.filter((r) => r.success).length,
  };
}

export function JobsProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [jobs, setJobs] = useState<TrackedJob[]>(() => {
    try {
      return (JSON.parse(localStorage.getItem(STORE) ?? '[]') as TrackedJob[]).filter((j) => j.kind === 'server');
    } catch {
      return [];
    }
  });
  const waiters = useRef(new Map<string, (j: TrackedJob) => void>());

  useEffect(() => {
    localStorage.setItem(STORE, JSON.stringify(jobs.filter((j) => j.kind === 'server')));
  }, [jobs]);

  const finish = useCallback(
    (j: TrackedJob) => {
      for (const key of j.invalidate) void queryClient.invalidateQueries({ queryKey: key });
      waiters.current.get(j.key)?.(j);
      waiters.current.delete(j.key);
      // A job that went through entirely leaves the corner by itself; one with refusals stays until read.
      if (!j.failures.length) setTimeout(() => setJobs((all) => all.filter((x) => x.key !== j.key)), SUCCESS_SHOWN_MS);
    },
    [queryClient],
  );

  // One poll loop for every running server job.
  const running = jobs.filter((j) => j.kind === 'server' && !isDone(j)).map((j) => j.serverId!).join(',');
  useEffect(() => {
    if (!running) return;
    let stopped = false;
    const tick = async () => {
      for (const id of running.split(',')) {
        try {
          const { job_status } = await api<{ job_status: JobStatus }>('GET', `/job_statuses/${encodeURIComponent(id)}`);
          if (stopped) return;
          setJobs((all) =>
            all.map((j) => {
              if (j.serverId !== id || isDone(j)) return j;
              const next = fromServer(j, job_status);
              if (isDone(next)) queueMicrotask(() => finish(next));
              return next;
            }),
          );
        } catch (err) {
          if (stopped) return;
          setJobs((all) =>
            all.map((j) => (j.serverId === id && !isDone(j) ? { ...j, status: 'failed', failures: [{ error: errorText(err) }] } : j)),
          );
        }
      }
    };
    void tick();
    const timer = setInterval(() => void tick(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [running, finish]);

  const value = useMemo<JobsState>(
    () => ({
      jobs,
      track(job, label, invalidate = []) {
        const tracked: TrackedJob = {
          key: `server:${job.id}`,
          label,
          kind: 'server',
          serverId: job.id,
          total: job.total,
          progress: 0,
          status: job.status,
          failures: [],
          succeeded: 0,
          invalidate,
        };
        const t = fromServer(tracked, job);
        setJobs((all) => [...all.filter((j) => j.key !== t.key), t]);
        return new Promise((resolve) => {
          if (isDone(t)) {
            resolve(t);
            queueMicrotask(() => finish(t));
          } else waiters.current.set(t.key, resolve);
        });
      },
      async runLocal(label, ids, fn, invalidate = []) {
        const key = `local:${Date.now()}:${Math.random().toString(36).slice(2)}`;
        let j: TrackedJob = { key, label, kind: 'local', total: ids.length, progress: 0, status: 'working', failures: [], succeeded: 0, invalidate };
        const put = (next: TrackedJob) => {
          j = next;
          setJobs((all) => [...all.filter((x) => x.key !== key), next]);
        };
        put(j);
        for (const id of ids) {
          try {
            await fn(id);
            put({ ...j, progress: j.progress + 1, succeeded: j.succeeded + 1 });
          } catch (err) {
            put({ ...j, progress: j.progress + 1, failures: [...j.failures, { id, error: errorText(err) }] });
          }
        }
        put({ ...j, status: j.failures.length === ids.length && ids.length > 0 ? 'failed' : 'completed' });
        finish(j);
        return j;
      },
      dismiss(key) {
        setJobs((all) => all.filter((j) => j.key !== key));
      },
    }),
    [jobs, finish],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useJobs(): JobsState {
  const s = useContext(Ctx);
  if (!s) throw new Error('useJobs outside JobsProvider');
  return s;
}
