import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { findLiveUserByEmail, getUser, insertIdentity, insertUser, type UserRow } from '../../db/queries/users.ts';
import { findSuspendedHolder } from '../../db/queries/mail.ts';
import { normalizeIdentity } from '../contacts/identity-values.ts';
import { recordEvent } from '../events.ts';

/** Email keys worth checking among raw addresses (invalid ones cannot belong to anyone). */
export function emailKeys(addresses: (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const a of addresses) {
    if (!a) continue;
    try {
      out.add(normalizeIdentity('email', a).key);
    } catch {
      /* not an address: nobody holds it */
    }
  }
  return [...out];
}

/**
 * True when any of these addresses belongs to a suspended contact (any of their
 * identities, not only the primary one): their mail is refused (SPEC.md §2).
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
  const { value, key } = normalizeIdentity('email', sender.address);
  const now = ctx.now().toISOString();
  const name = sender.name?.trim() || value.split('@')[0]!;
  const id = await insertUser(trx, {
    name,
    alias: null,
    role: 'end-user',
    is_owner: 0,
    can_delete_tickets: 0,
    suspended: 0,
    verified: 0,
    external_id: null,
    notes: null,
    details: null,
    user_fields: null,
    locale: null,
    time_zone: null,
    password_hash: null,
    created_at: now,
    updated_at: now,
    deleted_at: null,
    deleted_by_id: null,
    erasing_since: null,
    erased_at: null,
  });
  await insertIdentity(trx, {
    user_id: id,
    type: 'email',
    value,
    value_key: key,
    verified: 0,
    is_primary: 1,
    released: 0,
    created_at: now,
    updated_at: now,
  });
  await recordEvent(ctx, trx, { action: 'user.created', subjectType: 'user', subjectId: id, details: { role: 'end-user', channel: 'email' } });
  return (await getUser(trx, id))!;
}
