import type { Selectable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { GroupMembershipsTable } from '../../db/schema.ts';
import { countGroupMemberships, listGroupMemberships as listMembershipRows, type GroupMembershipFilter } from '../../db/queries/groups.ts';
import type { PageSource } from '../page-source.ts';

export type { GroupMembershipFilter };

/** The group memberships of live users, of one user or one group or all, as pages. */
export function listGroupMemberships(ctx: Ctx, input: GroupMembershipFilter): PageSource<Selectable<GroupMembershipsTable>> {
  return { fetch: (p) => listMembershipRows(ctx.db, input, p), count: () => countGroupMemberships(ctx.db, input) };
}
