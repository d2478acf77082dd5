import type { Ctx } from '../../context.ts';
import { identitiesOf } from '../../db/queries/users.ts';

export interface ReadIdentitiesInput {
  userIds: number[];
  /** Also the identities released by a deletion (a deleted contact's addresses). */
  withReleased: boolean;
}

/** These users' identities, primary first, in one query. */
export async function readIdentities(ctx: Ctx, input: ReadIdentitiesInput) {
  const all = await identitiesOf(ctx.db, input.userIds);
  return input.withReleased ? all : all.filter((i) => !i.released);
}
