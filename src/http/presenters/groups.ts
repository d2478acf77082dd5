import type { FastifyRequest } from 'fastify';
import type { Selectable } from 'kysely';
import type { GroupMembershipsTable, GroupsTable } from '../../db/schema.ts';
import type { Group, GroupMembership } from '../../shared/groups.ts';
import { apiBase, bool, ts } from './common.ts';

/** A group in Zendesk's shape. */
export function presentGroup(req: FastifyRequest, g: Selectable<GroupsTable>): Group {
  return {
    id: g.id,
    url: `${apiBase(req)}/groups/${g.id}.json`,
    name: g.name,
    description: g.description ?? '',
    default: false,
    deleted: false,
    is_public: true,
    created_at: ts(g.created_at),
    updated_at: ts(g.updated_at),
  };
}

/** A group membership in Zendesk's shape. */
export function presentGroupMembership(req: FastifyRequest, m: Selectable<GroupMembershipsTable>): GroupMembership {
  return {
    id: m.id,
    url: `${apiBase(req)}/group_memberships/${m.id}.json`,
    user_id: m.user_id,
    group_id: m.group_id,
    default: bool(m.is_default),
    created_at: ts(m.created_at),
    updated_at: ts(m.updated_at),
  };
}
