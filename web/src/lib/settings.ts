import { useQuery } from '@tanstack/react-query';
import { api } from './api.ts';
import type { Settings } from '../../../src/shared/settings.ts';

/** The settings in force (for words like "erased after 30 days"); undefined while loading. */
export function useSettings(): Settings | undefined {
  const q = useQuery({
    queryKey: ['settings'],
    queryFn: () => api<{ settings: Settings }>('GET', '/account/settings'),
    staleTime: 60_000,
  });
  return q.data?.settings;
}
