import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { OffsetPage } from '../../../../src/shared/envelopes.ts';
import type { Group, GroupMembership } from '../../../../src/shared/groups.ts';
import type { Organization, OrganizationMembership } from '../../../../src/shared/organizations.ts';
import type { User } from '../../../../src/shared/users.ts';

// What the ticket fields offer, read under keys the live feed makes stale (lib/live.tsx).

/** Agents and admins: who a ticket can be assigned to (the same read as Settings → Agents). */
export function useStaff() {
  return useQuery({
    queryKey: ['staff'],
    queryFn: () => api<OffsetPage & { users: User[] }>('GET', '/users?role=agent,admin&per_page=100'),
    staleTime: 60_000,
  });
}

export function useGroups() {
  return useQuery({ queryKey: ['groups', 'all'], queryFn: () => api<OffsetPage & { groups: Group[] }>('GET', '/groups?per_page=100'), staleTime: 60_000 });
}

/** The agents in a group, to offer them first as its assignees. */
export function useGroupMembers(groupId: number | null) {
  return useQuery({
    queryKey: ['groups', groupId, 'memberships'],
    queryFn: () => api<OffsetPage & { group_memberships: GroupMembership[] }>('GET', `/groups/${groupId}/memberships?per_page=100`),
    enabled: !!groupId,
    staleTime: 60_000,
  });
}

/** The requester's organizations: the ones a ticket of theirs can belong to (as Zendesk offers them). */
export function useRequesterOrganizations(userId: number) {
  return useQuery({
    queryKey: ['organizations', 'of', userId],
    queryFn: () => api<OffsetPage & { organization_memberships: OrganizationMembership[] }>('GET', `/users/${userId}/organization_memberships?per_page=100`),
    retry: false,
  });
}

/** One organization by id (the ticket's, when the requester is no longer a member of it). */
export function useOrganization(id: number | null, skip: boolean) {
  return useQuery({
    queryKey: ['organizations', 'one', id],
    queryFn: () => api<{ organization: Organization }>('GET', `/organizations/${id}`),
    enabled: !!id && !skip,
    retry: false,
  });
}
