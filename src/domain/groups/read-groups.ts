import type { Ctx } from '../../context.ts';
import { getGroupsByIds } from '../../db/queries/sideloads.ts';

export interface ReadGroupsInput {
  groupIds: number[];
}

/** The groups among these ids; unknown ids are left out. */
export async function readGroups(ctx: Ctx, input: ReadGroupsInput) {
  return getGroupsByIds(ctx.db, input.groupIds);
}
