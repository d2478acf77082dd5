import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

// End users' sign-in to the public help centre (src/domain/hc-auth): one-time links are rows
// of password_tokens with purpose hc_signin, sessions are rows of sessions; both hold only
// the sha256 of their secret.

/** A new link replaces the person's earlier sign-in links: only the newest works. */
export async function deleteSigninLinksOf(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('password_tokens').where('user_id', '=', userId).where('purpose', '=', 'hc_signin').execute();
}

/** Takes an unexpired sign-in link out of the table (one use), returning whose it was. */
export async function consumeSigninLink(db: Kysely<Database>, tokenHash: string, now: string): Promise<{ user_id: number } | null> {
  const row = await db
    .selectFrom('password_tokens')
    .select(['id', 'user_id'])
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', 'hc_signin')
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return null;
  // Re-checked in the write: of two redemptions racing, only one deletes the row.
  const del = await db.deleteFrom('password_tokens').where('id', '=', row.id).executeTakeFirst();
  return Number(del.numDeletedRows) === 1 ? row : null;
}

/** Whether an unexpired sign-in link with this hash exists (the confirmation page, which does not use it up). */
export async function signinLinkExists(db: Kysely<Database>, tokenHash: string, now: string): Promise<boolean> {
  const r = await db.selectFrom('password_tokens').select('id').where('token_hash', '=', tokenHash).where('purpose', '=', 'hc_signin').where('expires_at', '>', now).executeTakeFirst();
  return !!r;
}
