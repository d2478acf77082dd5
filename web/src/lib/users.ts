import { useQuery } from '@tanstack/react-query';
import { api } from './api.ts';
import type { User } from '../../../src/shared/users.ts';

/** Names of people by id, for authors, requesters and actors. Deleted people are not listed. */
export function useUsers(ids: (number | null | undefined)[]) {
  const wanted = [...new Set(ids.filter((i): i is number => typeof i === 'number' && i > 0))].sort((a, b) => a - b).slice(0, 100);
  const q = useQuery({
    queryKey: ['users', 'many', wanted],
    queryFn: () => api<{ users: User[] }>('GET', `/users/show_many?ids=${wanted.join(',')}`),
    enabled: wanted.length > 0,
    staleTime: 30_000,
  });
  const byId = new Map<number, User>();
  for (const u of q.data?.users ?? []) byId.set(u.id, u);
  return byId;
}

/** What to call someone the list could not name (deleted or erased since). */
export function nameOf(byId: Map<number, User>, id: number | null | undefined): string {
  if (!id) return '—';
  return byId.get(id)?.name ?? `User #${id}`;
}
