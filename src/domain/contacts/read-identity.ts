import type { Ctx } from '../../context.ts';
import { getIdentity } from '../../db/queries/users.ts';
import { notFound } from '../../errors.ts';
import { readUser } from './read-user.ts';

export interface ReadIdentityInput {
  userId: number;
  identityId: number;
}

/** A live user's live identity; 404 for an unknown or released one, or one of someone else. */
export async function readIdentity(ctx: Ctx, input: ReadIdentityInput) {
  await readUser(ctx, { userId: input.userId, shown: 'live' });
  const identity = await getIdentity(ctx.db, input.userId, input.identityId);
  if (!identity || identity.released) throw notFound();
  return identity;
}
