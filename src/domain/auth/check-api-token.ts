import type { Actor, Ctx } from '../../context.ts';
import { findLiveUserByEmail, findTokenOwner, getUser, touchApiToken } from '../../db/queries/users.ts';
import { actorOf } from './actor.ts';
import { hashToken } from './secrets.ts';

export interface CheckApiTokenInput {
  token: string;
  /** The email sent with the token (Basic email/token): it must name the token's owner. */
  email: string | null;
}

/**
 * The actor an API token stands for, or null: an unknown token, an email that is not its
 * owner's, or an owner who may not act (deleted, suspended). A token that works is marked used.
 */
export async function checkApiToken(ctx: Pick<Ctx, 'db' | 'now'>, input: CheckApiTokenInput): Promise<Actor | null> {
  const owner = await findTokenOwner(ctx.db, hashToken(input.token));
  if (!owner) return null;
  const user = await getUser(ctx.db, owner.user_id);
  if (!user) return null;
  if (input.email !== null) {
    const byEmail = await findLiveUserByEmail(ctx.db, input.email.toLowerCase());
    if (!byEmail || byEmail.id !== user.id) return null;
  }
  await touchApiToken(ctx.db, owner.token_id, ctx.now().toISOString());
  const actor = actorOf(user);
  return actor && { ...actor, apiTokenId: owner.token_id };
}
