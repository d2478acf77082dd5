import type { Kysely } from 'kysely';
import { SYSTEM_ACTOR, withActor, type Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { findLiveUserByEmail, getUser, type UserRow } from '../../db/queries/users.ts';
import { findSuspendedHolder } from '../../db/queries/mail.ts';
import { emailKey, normalizeIdentity } from '../contacts/identity-values.ts';
import { createUserInTransaction } from '../contacts/create-user.ts';
import { AppError } from '../../errors.ts';

/** Email keys worth checking among raw addresses (invalid ones cannot belong to anyone). */
export function emailKeys(addresses: (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const a of addresses) {
    const key = emailKey(a);
    if (key) out.add(key); // not an address: nobody holds it
  }
  return [...out];
}

/**
 * True when any of these addresses belongs to a suspended contact (any of their
 * identities, not only the primary one): their mail is refused (docs/lifecycle.md).
 */
export async function isBlockedSender(db: Kysely<Database>, addresses: (string | null | undefined)[]): Promise<boolean> {
  return !!(await findSuspendedHolder(db, emailKeys(addresses)));
}

/** The live (not deleted) user who owns this address, if any. */
export async function findSender(db: Kysely<Database>, address: string): Promise<UserRow | undefined> {
  return findLiveUserByEmail(db, normalizeIdentity('email', address).key);
}

/**
 * A new contact for an address nobody live holds, named after the display name (or the
 * address). A deleted contact released their addresses, so their address makes someone new.
 */
export async function createSender(ctx: Ctx, trx: Kysely<Database>, sender: { address: string; name: string | null }): Promise<UserRow> {
  const { value } = normalizeIdentity('email', sender.address);
  const name = sender.name?.trim() || value.split('@')[0]!;
  try {
    // Mail has no signed-in actor: the system creates the contact, as Zendesk does.
    const id = await createUserInTransaction(withActor(ctx, SYSTEM_ACTOR), trx, { name, email: value });
    return (await getUser(trx, id))!;
  } catch (err) {
    // A second delivery from the same new address committed its contact after our look-up
    // (each statement of a PostgreSQL transaction sees what committed before it): that
    // contact is the sender. The check that refused was a read, so the transaction goes on.
    const raced = err instanceof AppError && err.code === 'record_invalid' ? await findSender(trx, value) : undefined;
    if (raced) return raced;
    throw err;
  }
}
