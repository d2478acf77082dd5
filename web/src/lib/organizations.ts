import { useQuery } from '@tanstack/react-query';
import { api } from './api.ts';
import type { Organization } from '../../../src/shared/organizations.ts';

/** Organizations for a picker: the first 100, by name. */
export function useOrganizations() {
  return useQuery({
    queryKey: ['organizations', 'all'],
    queryFn: async () => (await api<{ organizations: Organization[] }>('GET', '/organizations?per_page=100')).organizations.sort((a, b) => a.name.localeCompare(b.name)),
    staleTime: 60_000,
  });
}
