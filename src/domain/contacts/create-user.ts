import type { Ctx } from '../../context.ts';
import type { Database, IdentityType, Role } from '../../db/schema.ts';
import type { Kysely } from 'kysely';
import { findLiveIdentity, insertIdentity, insertUser, replaceUserTags } from '../../db/queries/users.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { invalidField } from '../../errors.ts';
import type { UserCreate } from '../../shared/users.ts';
import { authorize, canCreateUser } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { normalizeIdentity } from './identity-values.ts';
import { setDefaultOrganization } from './organization-membership.ts';

interface PlannedIdentity {
  type: IdentityType;
  value: string;
  key: string;
  verified: boolean;
  primary: boolean;
}

/** Every identity the input names, normalized, with one primary per type. */
export function planIdentities(input: Pick<UserCreate, 'email' | 'phone' | 'identities'>): PlannedIdentity[] {
  const raw: { type: IdentityType; value: string; verified?: boolean; primary?: boolean }[] = [];
  if (input.email) raw.push({ type: 'email', value: input.email, primary: true });
  if (input.phone) raw.push({ type: 'phone_number', value: input.phone, primary: true });
  for (const i of input.identities ?? []) raw.push(i);
  const seen = new Set<string>();
  const asked = new Set<string>();
  const out: PlannedIdentity[] = [];
  for (const r of raw) {
    const { value, key } = normalizeIdentity(r.type, r.value);
    if (r.primary) asked.add(`${r.type}:${key}`);
    if (seen.has(`${r.type}:${key}`)) continue;
    seen.add(`${r.type}:${key}`);
    out.push({ type: r.type, value, key, verified: r.verified ?? false, primary: false });
  }
  // The first identity of a type asked to be primary (`email` and `phone` come first), else the first.
  for (const type of new Set(out.map((i) => i.type))) {
    const ofType = out.filter((i) => i.type === type);
    (ofType.find((i) => asked.has(`${type}:${i.key}`)) ?? ofType[0])!.primary = true;
  }
  return out;
}

/** Refuses an identity that a live contact already holds. */
export async function assertIdentityFree(db: Kysely<Database>, i: { type: IdentityType; key: string; value: string }) {
  const taken = await findLiveIdentity(db, i.type, i.key);
  if (taken) {
    const field = i.type === 'email' ? 'email' : i.type === 'phone_number' ? 'phone' : i.type;
    throw invalidField(field, `${field}: ${i.value} is already being used by another user`);
  }
}

/** Creates a user (a contact, or an agent or admin when an admin asks) with their identities. */
export async function createUser(ctx: Ctx, input: UserCreate): Promise<number> {
  try {
    return await ctx.db.transaction().execute((trx) => createUserInTransaction(ctx, trx, input));
  } catch (err) {
    // Two requests racing for the same address: the unique index decides, the loser gets a 422.
    if (isUniqueViolation(err)) throw invalidField('email', 'is already being used by another user');
    throw err;
  }
}

/**
 * The same, inside the caller's transaction, so that a ticket and the contact it creates
 * for its requester commit or fail together.
 */
export async function createUserInTransaction(ctx: Ctx, trx: Kysely<Database>, input: UserCreate): Promise<number> {
  const role: Role = input.role ?? 'end-user';
  authorize(canCreateUser(ctx.actor!, role));
  if (input.can_delete_tickets && role !== 'agent') {
    throw invalidField('can_delete_tickets', 'applies to agents only');
  }
  const identities = planIdentities(input);
  const now = ctx.now().toISOString();
  for (const i of identities) await assertIdentityFree(trx, i);
  const id = await insertUser(trx, {
    name: input.name.trim(),
    alias: input.alias ?? null,
    role,
    is_owner: 0,
    can_delete_tickets: input.can_delete_tickets ? 1 : 0,
    suspended: input.suspended ? 1 : 0,
    verified: input.verified ? 1 : 0,
    external_id: input.external_id ?? null,
    notes: input.notes ?? null,
    details: input.details ?? null,
    user_fields: input.user_fields ? JSON.stringify(input.user_fields) : null,
    locale: input.locale ?? null,
    time_zone: input.time_zone ?? null,
    password_hash: null,
    created_at: now,
    updated_at: now,
    deleted_at: null,
    deleted_by_id: null,
    erasing_since: null,
    erased_at: null,
  });
  for (const i of identities) {
    await insertIdentity(trx, {
      user_id: id,
      type: i.type,
      value: i.value,
      value_key: i.key,
      verified: i.verified || input.verified ? 1 : 0,
      is_primary: i.primary ? 1 : 0,
      released: 0,
      created_at: now,
      updated_at: now,
    });
  }
  if (input.tags?.length) await replaceUserTags(trx, id, [...new Set(input.tags)]);
  if (input.organization_id) await setDefaultOrganization(trx, id, input.organization_id, now);
  await recordEvent(ctx, trx, { action: 'user.created', subjectType: 'user', subjectId: id, details: { role } });
  return id;
}
