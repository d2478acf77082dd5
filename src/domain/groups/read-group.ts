import type { Ctx } from '../../context.ts';
import { getGroup } from '../../db/queries/groups.ts';
import { notFound } from '../../errors.ts';

export interface ReadGroupInput {
  groupId: number;
}

/** A group; 404 for an unknown id. */
export async function readGroup(ctx: Ctx, input: ReadGroupInput) {
  const g = await getGroup(ctx.db, input.groupId);
  if (!g) throw notFound();
  return g;
}
