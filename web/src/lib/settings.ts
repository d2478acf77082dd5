import { useQuery } from '@tanstack/react-query';
import { api } from './api.ts';

/** Account settings as the server answers them; the known keys are typed, others pass through. */
export interface AccountSettings {
  deleted_users_retention_days: number;
  deleted_tickets_retention_days: number;
  spam_retention_days: number;
  solved_to_closed_days: number;
  [key: string]: unknown;
}

/** The settings in force (for words like "erased after 30 days"); undefined while loading. */
export function useSettings(): AccountSettings | undefined {
  const q = useQuery({
    queryKey: ['settings'],
    queryFn: () => api<{ settings: AccountSettings }>('GET', '/account/settings'),
    staleTime: 60_000,
  });
  return q.data?.settings;
}
