import { useCallback } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { getErasureRequest, updateErasureRequest, type ErasureRequest } from '../../lib/erasure-requests.ts';
import type { JobStatus } from '../../../../src/shared/jobs.ts';
import type { ErasureRequestUpdate } from '../../../../src/shared/erasure-requests.ts';

// The request of the workflow page, kept fresh while the server works on it (searching or
// erasing), and the one way the page changes it.

const WORKING = new Set(['planning', 'executing']);

export function requestKey(id: number) {
  return ['erasure-requests', 'one', id] as const;
}

/** The request, polled every second while the server is searching or erasing. */
export function useErasureRequest(id: number) {
  return useQuery({
    queryKey: requestKey(id),
    queryFn: () => getErasureRequest(id),
    refetchInterval: (q) => (q.state.data && WORKING.has(q.state.data.status) ? 1000 : false),
  });
}

/** A job's status, polled while it runs (for the progress of searching and erasing). */
export function useJobStatus(jobId: string | null | undefined) {
  return useQuery({
    queryKey: ['job-status', jobId],
    queryFn: async () => (await api<{ job_status: JobStatus }>('GET', `/job_statuses/${encodeURIComponent(jobId!)}`)).job_status,
    enabled: !!jobId,
    refetchInterval: (q) => (q.state.data && ['completed', 'failed', 'killed'].includes(q.state.data.status) ? false : 700),
  });
}

/** PUT /erasure_requests/{id}; the answer replaces the cached request, and the lists refresh. */
export function useChangeRequest(id: number) {
  const queryClient = useQueryClient();
  return useCallback(
    async (body: ErasureRequestUpdate): Promise<ErasureRequest | undefined> => {
      const r = await updateErasureRequest(id, body);
      if (r) queryClient.setQueryData(requestKey(id), r);
      await queryClient.invalidateQueries({ queryKey: ['erasure-requests'] });
      return r;
    },
    [id, queryClient],
  );
}
