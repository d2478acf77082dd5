import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { getIdentity, getUser } from '../../db/queries/users.ts';
import { notFound } from '../../errors.ts';
import { authorize, canManageUser } from '../policy.ts';
import { userShown } from './read-user.ts';

/** The user if they are live (not deleted, not erased), read in the action's transaction; 404 otherwise. */
export async function requireLiveUser(db: Kysely<Database>, userId: number) {
  const user = await getUser(db, userId);
  if (!user || !userShown(user, 'live')) throw notFound();
  return user;
}

/**
 * A live user's live identity that the actor may change (as an update of that user);
 * 404 for an unknown, released or other user's identity.
 */
export async function requireManagedIdentity(ctx: Ctx, db: Kysely<Database>, userId: number, identityId: number) {
  const user = await requireLiveUser(db, userId);
  authorize(canManageUser(ctx.actor!, user, 'update'));
  const identity = await getIdentity(db, userId, identityId);
  if (!identity || identity.released) throw notFound();
  return { user, identity };
}

/** How an identity type is named in messages and error fields. */
export function identityWords(type: string): { field: string; noun: string } {
  switch (type) {
    case 'email':
      return { field: 'email', noun: 'email address' };
    case 'phone_number':
      return { field: 'phone', noun: 'phone number' };
    case 'twitter':
      return { field: 'twitter', noun: 'Twitter handle' };
    case 'facebook':
      return { field: 'facebook', noun: 'Facebook account' };
    default:
      return { field: 'value', noun: 'identity' };
  }
}
