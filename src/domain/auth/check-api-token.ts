import type { Actor, Ctx } from '../../context.ts';
import { findTokenOwner, touchApiToken } from '../../db/queries/users.ts';
import { actorOf } from './actor.ts';
import { hashToken } from './secrets.ts';

export interface CheckApiTokenInput {
  token: string;
  /** The email sent with the token (Basic email/token): it must name the token's owner. */
  email: string | null;
}

/**
 * A token's last use is written at most once a minute, not on every request: on SQLite
 * with durable commits each write is a commit of its own, synced to disk, which doubled
 * the cost of every API call (scripts/statement-profile.ts).
 */
export const TOKEN_TOUCH_MS = 60 * 1000;

/**
 * The actor an API token stands for, or null: an unknown token, an email that is not its
 * owner's, or an owner who may not act (deleted, suspended). A token that works is marked used (to the minute).
 */
export async function checkApiToken(ctx: Pick<Ctx, 'db' | 'now'>, input: CheckApiTokenInput): Promise<Actor | null> {
  const owner = await findTokenOwner(ctx.db, hashToken(input.token), input.email === null ? null : input.email.toLowerCase());
  if (!owner) return null;
  const actor = actorOf(owner);
  if (!actor) return null;
  const now = ctx.now();
  if (owner.last_used_at === null || now.getTime() - Date.parse(owner.last_used_at) >= TOKEN_TOUCH_MS) {
    await touchApiToken(ctx.db, owner.token_id, now.toISOString());
  }
  return { ...actor, apiTokenId: owner.token_id };
}
