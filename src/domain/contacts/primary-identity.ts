import type { Kysely } from 'kysely';
import type { Database, IdentityType } from '../../db/schema.ts';
import {
  deleteIdentityRow,
  identitiesOf,
  insertIdentity,
  setPrimaryIdentity,
  updateIdentityRow,
} from '../../db/queries/users.ts';
import { invalidField } from '../../errors.ts';
import { assertIdentityFree } from './create-user.ts';
import { normalizeIdentity } from './identity-values.ts';
import { identityWords } from './live-user.ts';

/** Refuses to leave an agent or admin without an email address: they sign in with it. */
export async function assertStaffKeepsEmail(db: Kysely<Database>, user: { id: number; role: string }, removingId: number) {
  if (user.role === 'end-user') return;
  const emails = (await identitiesOf(db, [user.id])).filter((i) => i.type === 'email' && i.released === 0);
  if (emails.length === 1 && emails[0]!.id === removingId) {
    throw invalidField('email', 'Agents and admins need an email address; add another one before removing this one.');
  }
}

/**
 * Sets the user's primary email or phone (the `email`/`phone` of a user update): an
 * address they already have becomes primary; a new one replaces the primary value;
 * null removes the primary one and promotes the next of that type.
 */
export async function setPrimaryValue(
  db: Kysely<Database>,
  user: { id: number; role: string },
  type: Extract<IdentityType, 'email' | 'phone_number'>,
  raw: string | null,
  verified: boolean,
  now: string,
): Promise<void> {
  const mine = (await identitiesOf(db, [user.id])).filter((i) => i.type === type && i.released === 0);
  const primary = mine.find((i) => i.is_primary === 1) ?? mine[0];
  if (raw === null || raw.trim() === '') {
    if (!primary) return;
    if (type === 'email') await assertStaffKeepsEmail(db, user, primary.id);
    await deleteIdentityRow(db, primary.id);
    const next = mine.find((i) => i.id !== primary.id);
    if (next) await setPrimaryIdentity(db, user.id, type, next.id, now);
    return;
  }
  let norm: { value: string; key: string };
  try {
    norm = normalizeIdentity(type, raw);
  } catch {
    // normalizeIdentity names the field by type; the user object calls them email and phone.
    const { field } = identityWords(type);
    throw invalidField(field, type === 'email' ? 'is not a valid email address' : 'is not a valid phone number (use the international form, +44 20 …)');
  }
  const existing = mine.find((i) => i.value_key === norm.key);
  if (existing) {
    await setPrimaryIdentity(db, user.id, type, existing.id, now);
    return;
  }
  await assertIdentityFree(db, { type, key: norm.key, value: norm.value });
  if (primary) {
    await updateIdentityRow(db, primary.id, { value: norm.value, value_key: norm.key, verified: verified ? 1 : 0, updated_at: now });
    await setPrimaryIdentity(db, user.id, type, primary.id, now);
  } else {
    await insertIdentity(db, {
      user_id: user.id,
      type,
      value: norm.value,
      value_key: norm.key,
      verified: verified ? 1 : 0,
      is_primary: 1,
      released: 0,
      created_at: now,
      updated_at: now,
    });
  }
}
