import type { FastifyRequest } from 'fastify';
import type { Selectable } from 'kysely';
import type { IdentitiesTable, UsersTable } from '../../db/schema.ts';
import { readIdentities } from '../../domain/contacts/read-identities.ts';
import { readUserExtras } from '../../domain/contacts/read-user-extras.ts';
import { ERASED_USER_NAME, type AnonymousUser, type DeletedUser, type Identity, type User } from '../../shared/users.ts';
import { apiBase, bool, parseJson, ts } from './common.ts';

type UserRow = Selectable<UsersTable>;
type IdentityRow = Selectable<IdentitiesTable>;

/** Primary value of a type: the identity marked primary, else the oldest of that type. */
function primaryOf(ids: IdentityRow[], type: 'email' | 'phone_number'): string | null {
  const ofType = ids.filter((i) => i.type === type);
  return (ofType.find((i) => i.is_primary === 1) ?? ofType[0])?.value ?? null;
}

function groupBy<T, K>(rows: T[], key: (r: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

function userShape(req: FastifyRequest, u: UserRow, ids: IdentityRow[], tags: string[], organizationId: number | null): User {
  const erased = !!u.erased_at;
  return {
    id: u.id,
    url: `${apiBase(req)}/users/${u.id}.json`,
    name: erased ? ERASED_USER_NAME : u.name,
    email: erased ? null : primaryOf(ids, 'email'),
    phone: erased ? null : primaryOf(ids, 'phone_number'),
    shared_phone_number: false,
    alias: u.alias,
    role: u.role,
    role_type: null,
    custom_role_id: null,
    moderator: u.role === 'admin',
    ticket_restriction: u.role === 'end-user' ? 'requested' : null,
    only_private_comments: false,
    restricted_agent: false,
    can_delete_tickets: u.role === 'admin' || bool(u.can_delete_tickets),
    active: !u.deleted_at && !erased,
    suspended: bool(u.suspended),
    verified: bool(u.verified),
    shared: false,
    shared_agent: false,
    organization_id: organizationId,
    default_group_id: null,
    external_id: u.external_id,
    notes: u.notes,
    details: u.details,
    tags,
    user_fields: parseJson<Record<string, unknown>>(u.user_fields, {}),
    locale: u.locale ?? 'en-US',
    time_zone: u.time_zone,
    photo: null,
    signature: null,
    two_factor_auth_enabled: null,
    last_login_at: null,
    created_at: ts(u.created_at),
    updated_at: ts(u.updated_at),
  };
}

/** Users in the API's shape, loading identities, tags and default organizations in one query each. */
export async function presentUsers(req: FastifyRequest, rows: UserRow[]): Promise<User[]> {
  const userIds = rows.map((r) => r.id);
  const { identities: ids, tags, organizations: orgs } = await readUserExtras(req.ctx, { userIds });
  const idsBy = groupBy(ids, (i) => i.user_id);
  const tagsBy = groupBy(tags, (t) => t.user_id);
  const orgsBy = groupBy(orgs, (o) => o.user_id);
  return rows.map((u) =>
    userShape(
      req,
      u,
      idsBy.get(u.id) ?? [],
      u.erased_at ? [] : (tagsBy.get(u.id) ?? []).map((t) => t.tag),
      orgsBy.get(u.id)?.[0]?.organization_id ?? null,
    ),
  );
}

/** One user in the API's shape. */
export async function presentUser(req: FastifyRequest, row: UserRow): Promise<User> {
  return (await presentUsers(req, [row]))[0]!;
}

/** What `GET /users/me` answers to a caller without credentials (Zendesk does the same). */
export function presentAnonymousUser(): AnonymousUser {
  return {
    id: null,
    url: null,
    name: 'Anonymous user',
    email: null,
    phone: null,
    shared_phone_number: false,
    alias: null,
    role: 'end-user',
    role_type: null,
    custom_role_id: null,
    moderator: false,
    ticket_restriction: 'requested',
    only_private_comments: false,
    restricted_agent: true,
    can_delete_tickets: false,
    active: true,
    suspended: false,
    verified: false,
    shared: false,
    shared_agent: false,
    organization_id: null,
    default_group_id: null,
    external_id: null,
    notes: null,
    details: null,
    tags: [],
    user_fields: {},
    locale: 'en-US',
    time_zone: null,
    photo: null,
    signature: null,
    two_factor_auth_enabled: null,
    last_login_at: null,
    created_at: null,
    updated_at: null,
  };
}

function deletedUserShape(req: FastifyRequest, u: UserRow, ids: IdentityRow[]): DeletedUser {
  const erased = !!u.erased_at;
  return {
    id: u.id,
    url: `${apiBase(req)}/deleted_users/${u.id}.json`,
    name: erased ? ERASED_USER_NAME : u.name,
    email: erased ? null : primaryOf(ids, 'email'),
    phone: erased ? null : primaryOf(ids, 'phone_number'),
    shared_phone_number: false,
    role: u.role,
    active: false,
    locale: u.locale ?? 'en-US',
    time_zone: u.time_zone,
    organization_id: null,
    photo: null,
    created_at: ts(u.created_at),
    updated_at: ts(u.updated_at),
  };
}

/** Deleted users (the `deleted_user` object), with their (released) identities loaded in one query. */
export async function presentDeletedUsers(req: FastifyRequest, rows: UserRow[]): Promise<DeletedUser[]> {
  const live = rows.filter((r) => !r.erased_at).map((r) => r.id);
  const idsBy = groupBy(await readIdentities(req.ctx, { userIds: live, withReleased: true }), (i) => i.user_id);
  return rows.map((u) => deletedUserShape(req, u, idsBy.get(u.id) ?? []));
}

/**
 * One `deleted_user`. After erasure: name "Permanently Deleted User", email and phone null.
 * Async: it loads the user's identities (await it before putting it in a body).
 */
export async function presentDeletedUser(req: FastifyRequest, row: UserRow): Promise<DeletedUser> {
  return (await presentDeletedUsers(req, [row]))[0]!;
}

/** An identity (`/users/{id}/identities/{iid}`). */
export function presentIdentity(req: FastifyRequest, i: IdentityRow): Identity {
  return {
    id: i.id,
    url: `${apiBase(req)}/users/${i.user_id}/identities/${i.id}.json`,
    user_id: i.user_id,
    type: i.type,
    value: i.value,
    verified: bool(i.verified),
    primary: bool(i.is_primary),
    deliverable_state: i.type === 'email' ? 'deliverable' : null,
    undeliverable_count: 0,
    created_at: ts(i.created_at),
    updated_at: ts(i.updated_at),
  };
}
