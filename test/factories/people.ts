import type { Kysely } from 'kysely';
import { createUser } from '../../src/domain/contacts/create-user.ts';
import { hashToken, newToken } from '../../src/domain/auth/secrets.ts';
import { actorOf as actorOfUser } from '../../src/domain/auth/actor.ts';
import { getUser, insertApiToken } from '../../src/db/queries/users.ts';
import type { Database } from '../../src/db/schema.ts';
import type { UserCreate } from '../../src/shared/users.ts';
import type { Staff, TestApp } from '../app.ts';
import { actorOf, dbOf, isoOf, nextSeq, type On } from './where.ts';

// People and what they belong to. Contacts and staff are made by the product's own
// createUser (t.contact and t.staff call these); organizations, groups and memberships
// are written straight into the tables.

/** A staff member as tests use one: its actor and the Basic header of its API token. */
export async function staffOf(db: Kysely<Database>, id: number, email: string, token: string): Promise<Staff> {
  const actor = actorOfUser((await getUser(db, id))!)!;
  return { id, email, token, actor, auth: `Basic ${Buffer.from(`${email}/token:${token}`).toString('base64')}` };
}

/** A new agent or admin with an API token (t.staff). */
export async function createStaff(t: TestApp, role: 'agent' | 'admin', extra: Partial<UserCreate> = {}): Promise<Staff> {
  const n = nextSeq();
  const email = `${role}${n}@oubli.test`;
  const id = await createUser(t.ctx, { name: `${role} ${n}`, email, role, ...extra });
  const token = newToken();
  await insertApiToken(t.store.db, id, hashToken(token), t.clock.now().toISOString());
  return staffOf(t.store.db, id, email, token);
}

/** A new end user, "Contact n" at contactn@example.test unless `input` says otherwise (t.contact); returns the id. */
export async function createContact(t: TestApp, input: Partial<UserCreate> = {}): Promise<number> {
  const n = nextSeq();
  return createUser(t.ctx, { name: `Contact ${n}`, email: `contact${n}@example.test`, ...input });
}

/** An organization row; returns its id. */
export async function insertOrganization(on: On, name: string): Promise<number> {
  const now = isoOf(on);
  const r = await dbOf(on)
    .insertInto('organizations')
    .values({ name, details: null, notes: null, external_id: null, domain_names: '[]', created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** A group row; returns its id. */
export async function insertGroup(on: On, name: string): Promise<number> {
  const now = isoOf(on);
  const r = await dbOf(on).insertInto('groups').values({ name, description: null, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Makes a user a (default) member of an organization or a group. */
export async function insertMembership(on: On, userId: number, of: { organizationId: number } | { groupId: number }): Promise<void> {
  const now = isoOf(on);
  const row = { user_id: userId, is_default: 1, created_at: now, updated_at: now };
  if ('organizationId' in of) await dbOf(on).insertInto('organization_memberships').values({ ...row, organization_id: of.organizationId }).execute();
  else await dbOf(on).insertInto('group_memberships').values({ ...row, group_id: of.groupId }).execute();
}

/** Soft-deletes a contact as delete-contact does: released addresses, active tickets to Spam. */
export async function softDelete(on: On, userId: number): Promise<void> {
  const now = isoOf(on);
  const db = dbOf(on);
  const by = actorOf(on);
  await db.updateTable('users').set({ deleted_at: now, deleted_by_id: by, updated_at: now }).where('id', '=', userId).execute();
  await db.updateTable('identities').set({ released: 1 }).where('user_id', '=', userId).execute();
  await db
    .updateTable('tickets')
    .set({ state: 'spam', spam_cause: 'contact_deleted', state_changed_at: now, state_actor_id: by })
    .where('requester_id', '=', userId)
    .where('state', '=', 'active')
    .execute();
}
