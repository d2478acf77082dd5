import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './api.ts';
import type { User } from '../../../src/shared/users.ts';

/**
 * People by id, for authors, requesters and actors (deleted people are not listed), and
 * whether the first answer has come. While a longer list loads (a new author), the names
 * already known stay: a colleague's reply never flickers to "User #4" and a customer's look;
 * `ready` waits for a person not named yet.
 */
export function useUsersQuery(ids: (number | null | undefined)[]): { byId: Map<number, User>; ready: boolean } {
  const wanted = [...new Set(ids.filter((i): i is number => typeof i === 'number' && i > 0))].sort((a, b) => a - b).slice(0, 100);
  const q = useQuery({
    queryKey: ['users', 'many', wanted],
    queryFn: () => api<{ users: User[] }>('GET', `/users/show_many?ids=${wanted.join(',')}`),
    enabled: wanted.length > 0,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
  const byId = new Map<number, User>();
  for (const u of q.data?.users ?? []) byId.set(u.id, u);
  // While a longer list loads, the previous answer is shown only if it already names everyone
  // wanted: otherwise a colleague seen for the first time would be drawn, for a moment, as an
  // unknown customer ("User #1", the customer's look) — a note passing for a customer's words.
  const answered = q.data !== undefined && (!q.isPlaceholderData || wanted.every((id) => byId.has(id)));
  return { byId, ready: wanted.length === 0 || answered || q.isError };
}

/** Names of people by id (useUsersQuery without the loading state). */
export function useUsers(ids: (number | null | undefined)[]): Map<number, User> {
  return useUsersQuery(ids).byId;
}

/** What to call someone the list could not name (deleted or erased since). */
export function nameOf(byId: Map<number, User>, id: number | null | undefined): string {
  if (!id) return '—';
  return byId.get(id)?.name ?? `User #${id}`;
}
