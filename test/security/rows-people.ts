import { admins, api, everyone, noStaff, staff, type Row } from './roles-table.ts';
import type { Who, World } from './world.ts';

// Users, identities, organizations, groups and their memberships.

/** The caller's own id, or a contact's for callers who are not staff. */
async function self(w: World, who: Who): Promise<number> {
  const p = w.people[who];
  return p && p.actor.role !== 'end-user' ? p.id : w.contact();
}

async function withIdentity(w: World) {
  const u = await w.contact();
  const r = await w.must('POST', api(`/users/${u}/identities`), { identity: { type: 'email', value: `second${u}@example.test` } });
  return { u, iid: r.identity.id as number };
}

async function orgMember(w: World) {
  const u = await w.contact();
  const o = await w.org();
  const r = await w.must('POST', api('/organization_memberships'), { organization_membership: { user_id: u, organization_id: o } });
  return { u, o, mid: r.organization_membership.id as number };
}

async function groupMember(w: World) {
  const agent = await w.colleague();
  const g = await w.group();
  const r = await w.must('POST', api('/group_memberships'), { group_membership: { user_id: agent.id, group_id: g } });
  return { u: agent.id, g, mid: r.group_membership.id as number };
}

export const peopleRows: Row[] = [
  // Users
  { area: 'Users', action: 'who am I (anonymous user for nobody)', method: 'GET', path: '/users/me', expect: everyone(200) },
  { area: 'Users', action: 'list users', method: 'GET', path: '/users', expect: staff(200) },
  { area: 'Users', action: 'show a user', method: 'GET', path: '/users/{id}', expect: staff(200), make: async (w) => ({ url: api(`/users/${await w.contact()}`) }) },
  { area: 'Users', action: 'show many users', method: 'GET', path: '/users/show_many?ids=', expect: staff(200), make: async (w) => ({ url: api(`/users/show_many?ids=${await w.contact()}`) }) },
  { area: 'Users', action: 'search users', method: 'GET', path: '/users/search?query=', expect: staff(200), make: async () => ({ url: api('/users/search?query=contact') }) },
  {
    area: 'Users', action: 'create an end user', method: 'POST', path: '/users', expect: staff(201),
    make: async () => ({ url: api('/users'), body: { user: { name: 'New Person', email: `new${Math.random().toString(36).slice(2)}@example.test` } } }),
  },
  {
    area: 'Users', action: 'create an agent', method: 'POST', path: '/users', expect: admins(201),
    make: async () => ({ url: api('/users'), body: { user: { name: 'New Agent', role: 'agent', email: `agent${Math.random().toString(36).slice(2)}@oubli.test` } } }),
  },
  { area: 'Users', action: 'update an end user', method: 'PUT', path: '/users/{id}', expect: staff(200), make: async (w) => ({ url: api(`/users/${await w.contact()}`), body: { user: { notes: 'Called back' } } }) },
  { area: 'Users', action: 'update an agent', method: 'PUT', path: '/users/{id}', expect: admins(200), make: async (w) => ({ url: api(`/users/${(await w.colleague()).id}`), body: { user: { notes: 'Team lead' } } }) },
  { area: 'Users', action: 'suspend an end user', method: 'PUT', path: '/users/{id} {suspended: true}', expect: staff(200), make: async (w) => ({ url: api(`/users/${await w.contact()}`), body: { user: { suspended: true } } }) },
  {
    area: 'Users', action: 'unsuspend an end user', method: 'PUT', path: '/users/{id} {suspended: false}', expect: staff(200),
    make: async (w) => {
      const u = await w.contact();
      await w.must('PUT', api(`/users/${u}`), { user: { suspended: true } });
      return { url: api(`/users/${u}`), body: { user: { suspended: false } } };
    },
  },
  { area: 'Users', action: 'suspend an agent', method: 'PUT', path: '/users/{id} {suspended: true}', expect: admins(200), make: async (w) => ({ url: api(`/users/${(await w.colleague()).id}`), body: { user: { suspended: true } } }) },
  { area: 'Users', action: 'suspend the account owner', method: 'PUT', path: '/users/{id} {suspended: true}', expect: noStaff(403), make: async (w) => ({ url: api(`/users/${w.t.owner.id}`), body: { user: { suspended: true } } }) },
  { area: 'Users', action: 'make an end user an agent', method: 'PUT', path: '/users/{id} {role}', expect: admins(200), make: async (w) => ({ url: api(`/users/${await w.contact()}`), body: { user: { role: 'agent' } } }) },
  {
    area: 'Users', action: 'give an agent the delete-tickets permission', method: 'PUT', path: '/users/{id} {can_delete_tickets}', expect: admins(200),
    make: async (w) => ({ url: api(`/users/${(await w.colleague()).id}`), body: { user: { can_delete_tickets: true } } }),
  },
  { area: 'Users', action: 'delete an end user (soft)', method: 'DELETE', path: '/users/{id}', expect: staff(200), make: async (w) => ({ url: api(`/users/${await w.contact()}`) }) },
  { area: 'Users', action: 'delete an agent (soft)', method: 'DELETE', path: '/users/{id}', expect: admins(200), make: async (w) => ({ url: api(`/users/${(await w.colleague()).id}`) }) },
  { area: 'Users', action: 'delete yourself', method: 'DELETE', path: '/users/{id}', expect: noStaff(403), make: async (w, who) => ({ url: api(`/users/${await self(w, who)}`) }) },
  { area: 'Users', action: 'delete the account owner', method: 'DELETE', path: '/users/{id}', expect: noStaff(403), make: async (w) => ({ url: api(`/users/${w.t.owner.id}`) }) },
  { area: 'Users', action: 'bulk delete users (job)', method: 'DELETE', path: '/users/destroy_many?ids=', expect: admins(200), make: async (w) => ({ url: api(`/users/destroy_many?ids=${await w.contact()}`) }) },
  { area: 'Users', action: 'list suspended users', method: 'GET', path: '/suspended_users', expect: staff(200) },
  { area: 'Users', action: "list a user's requested tickets", method: 'GET', path: '/users/{id}/tickets/requested', expect: staff(200), make: async (w) => ({ url: api(`/users/${(await w.ticket()).requester}/tickets/requested`) }) },
  { area: 'Users', action: 'new password link for an agent', method: 'POST', path: '/users/{id}/password_link', expect: admins(201), make: async (w) => ({ url: api(`/users/${(await w.colleague()).id}/password_link`) }) },
  {
    area: 'Users', action: 'invite an agent', method: 'POST', path: '/invitations', expect: admins(201),
    make: async () => ({ url: api('/invitations'), body: { invitation: { name: 'Invited', email: `inv${Math.random().toString(36).slice(2)}@oubli.test`, role: 'agent' } } }),
  },

  // Deleted contacts and erasure
  { area: 'Deleted users', action: 'list deleted users', method: 'GET', path: '/deleted_users', expect: staff(200) },
  { area: 'Deleted users', action: 'count deleted users', method: 'GET', path: '/deleted_users/count', expect: staff(200) },
  { area: 'Deleted users', action: 'show a deleted user', method: 'GET', path: '/deleted_users/{id}', expect: staff(200), make: async (w) => ({ url: api(`/deleted_users/${await w.deletedContact()}`) }) },
  { area: 'Deleted users', action: 'restore a deleted end user', method: 'PUT', path: '/deleted_users/{id}/restore', expect: staff(200), make: async (w) => ({ url: api(`/deleted_users/${await w.deletedContact()}/restore`) }) },
  { area: 'Deleted users', action: 'bulk restore (job)', method: 'PUT', path: '/deleted_users/restore_many?ids=', expect: staff(200), make: async (w) => ({ url: api(`/deleted_users/restore_many?ids=${await w.deletedContact()}`) }) },
  { area: 'Deleted users', action: 'erase a deleted user (Delete Forever)', method: 'DELETE', path: '/deleted_users/{id}', expect: admins(200), make: async (w) => ({ url: api(`/deleted_users/${await w.deletedContact()}`) }) },
  { area: 'Deleted users', action: 'bulk erase (job)', method: 'DELETE', path: '/deleted_users/destroy_many?ids=', expect: admins(200), make: async (w) => ({ url: api(`/deleted_users/destroy_many?ids=${await w.deletedContact()}`) }) },

  // Identities
  { area: 'Identities', action: "list a user's identities", method: 'GET', path: '/users/{id}/identities', expect: staff(200), make: async (w) => ({ url: api(`/users/${await w.contact()}/identities`) }) },
  {
    area: 'Identities', action: 'add an identity to an end user', method: 'POST', path: '/users/{id}/identities', expect: staff(201),
    make: async (w) => {
      const u = await w.contact();
      return { url: api(`/users/${u}/identities`), body: { identity: { type: 'email', value: `added${u}@example.test` } } };
    },
  },
  {
    area: 'Identities', action: 'add an identity to an agent', method: 'POST', path: '/users/{id}/identities', expect: admins(201),
    make: async (w) => {
      const a = await w.colleague();
      return { url: api(`/users/${a.id}/identities`), body: { identity: { type: 'email', value: `added${a.id}@oubli.test` } } };
    },
  },
  {
    area: 'Identities', action: 'show an identity', method: 'GET', path: '/users/{id}/identities/{iid}', expect: staff(200),
    make: async (w) => {
      const { u, iid } = await withIdentity(w);
      return { url: api(`/users/${u}/identities/${iid}`) };
    },
  },
  {
    area: 'Identities', action: 'update an identity', method: 'PUT', path: '/users/{id}/identities/{iid}', expect: staff(200),
    make: async (w) => {
      const { u, iid } = await withIdentity(w);
      return { url: api(`/users/${u}/identities/${iid}`), body: { identity: { verified: true } } };
    },
  },
  {
    area: 'Identities', action: 'make an identity primary', method: 'PUT', path: '/users/{id}/identities/{iid}/make_primary', expect: staff(200),
    make: async (w) => {
      const { u, iid } = await withIdentity(w);
      return { url: api(`/users/${u}/identities/${iid}/make_primary`) };
    },
  },
  {
    area: 'Identities', action: 'delete an identity', method: 'DELETE', path: '/users/{id}/identities/{iid}', expect: staff(204),
    make: async (w) => {
      const { u, iid } = await withIdentity(w);
      return { url: api(`/users/${u}/identities/${iid}`) };
    },
  },

  // Organizations
  { area: 'Organizations', action: 'list organizations', method: 'GET', path: '/organizations', expect: staff(200) },
  { area: 'Organizations', action: 'show many organizations', method: 'GET', path: '/organizations/show_many?ids=', expect: staff(200), make: async (w) => ({ url: api(`/organizations/show_many?ids=${await w.org()}`) }) },
  { area: 'Organizations', action: 'show an organization', method: 'GET', path: '/organizations/{id}', expect: staff(200), make: async (w) => ({ url: api(`/organizations/${await w.org()}`) }) },
  {
    area: 'Organizations', action: 'create an organization', method: 'POST', path: '/organizations', expect: staff(201),
    make: async () => ({ url: api('/organizations'), body: { organization: { name: `Made ${Math.random().toString(36).slice(2)}` } } }),
  },
  { area: 'Organizations', action: 'update an organization', method: 'PUT', path: '/organizations/{id}', expect: staff(200), make: async (w) => ({ url: api(`/organizations/${await w.org()}`), body: { organization: { notes: 'Key account' } } }) },
  { area: 'Organizations', action: 'delete an organization', method: 'DELETE', path: '/organizations/{id}', expect: admins(204), make: async (w) => ({ url: api(`/organizations/${await w.org()}`) }) },

  // Organization memberships
  { area: 'Organization memberships', action: 'list memberships', method: 'GET', path: '/organization_memberships', expect: staff(200) },
  {
    area: 'Organization memberships', action: "list an organization's memberships", method: 'GET', path: '/organizations/{id}/organization_memberships', expect: staff(200),
    make: async (w) => ({ url: api(`/organizations/${(await orgMember(w)).o}/organization_memberships`) }),
  },
  {
    area: 'Organization memberships', action: 'add an end user to an organization', method: 'POST', path: '/organization_memberships', expect: staff(201),
    make: async (w) => ({ url: api('/organization_memberships'), body: { organization_membership: { user_id: await w.contact(), organization_id: await w.org() } } }),
  },
  { area: 'Organization memberships', action: 'show a membership', method: 'GET', path: '/organization_memberships/{id}', expect: staff(200), make: async (w) => ({ url: api(`/organization_memberships/${(await orgMember(w)).mid}`) }) },
  { area: 'Organization memberships', action: 'remove a membership', method: 'DELETE', path: '/organization_memberships/{id}', expect: staff(204), make: async (w) => ({ url: api(`/organization_memberships/${(await orgMember(w)).mid}`) }) },
  {
    area: 'Organization memberships', action: "list a user's memberships", method: 'GET', path: '/users/{id}/organization_memberships', expect: staff(200),
    make: async (w) => ({ url: api(`/users/${(await orgMember(w)).u}/organization_memberships`) }),
  },
  {
    area: 'Organization memberships', action: 'add a membership to a user', method: 'POST', path: '/users/{id}/organization_memberships', expect: staff(201),
    make: async (w) => ({ url: api(`/users/${await w.contact()}/organization_memberships`), body: { organization_membership: { organization_id: await w.org() } } }),
  },
  {
    area: 'Organization memberships', action: "show a user's membership", method: 'GET', path: '/users/{id}/organization_memberships/{mid}', expect: staff(200),
    make: async (w) => {
      const m = await orgMember(w);
      return { url: api(`/users/${m.u}/organization_memberships/${m.mid}`) };
    },
  },
  {
    area: 'Organization memberships', action: "remove a user's membership", method: 'DELETE', path: '/users/{id}/organization_memberships/{mid}', expect: staff(204),
    make: async (w) => {
      const m = await orgMember(w);
      return { url: api(`/users/${m.u}/organization_memberships/${m.mid}`) };
    },
  },
  {
    area: 'Organization memberships', action: 'make a membership the default', method: 'PUT', path: '/users/{id}/organization_memberships/{mid}/make_default', expect: staff(200),
    make: async (w) => {
      const m = await orgMember(w);
      return { url: api(`/users/${m.u}/organization_memberships/${m.mid}/make_default`) };
    },
  },

  // Groups
  { area: 'Groups', action: 'list groups', method: 'GET', path: '/groups', expect: staff(200) },
  { area: 'Groups', action: 'show a group', method: 'GET', path: '/groups/{id}', expect: staff(200), make: async (w) => ({ url: api(`/groups/${await w.group()}`) }) },
  { area: 'Groups', action: 'create a group', method: 'POST', path: '/groups', expect: admins(201), make: async () => ({ url: api('/groups'), body: { group: { name: `G ${Math.random().toString(36).slice(2)}` } } }) },
  { area: 'Groups', action: 'update a group', method: 'PUT', path: '/groups/{id}', expect: admins(200), make: async (w) => ({ url: api(`/groups/${await w.group()}`), body: { group: { name: `Renamed ${Math.random().toString(36).slice(2)}` } } }) },
  { area: 'Groups', action: 'delete a group', method: 'DELETE', path: '/groups/{id}', expect: admins(204), make: async (w) => ({ url: api(`/groups/${await w.group()}`) }) },

  // Group memberships
  { area: 'Group memberships', action: 'list memberships', method: 'GET', path: '/group_memberships', expect: staff(200) },
  { area: 'Group memberships', action: "list a group's memberships", method: 'GET', path: '/groups/{id}/memberships', expect: staff(200), make: async (w) => ({ url: api(`/groups/${(await groupMember(w)).g}/memberships`) }) },
  {
    area: 'Group memberships', action: 'add an agent to a group', method: 'POST', path: '/group_memberships', expect: admins(201),
    make: async (w) => ({ url: api('/group_memberships'), body: { group_membership: { user_id: (await w.colleague()).id, group_id: await w.group() } } }),
  },
  { area: 'Group memberships', action: 'show a membership', method: 'GET', path: '/group_memberships/{id}', expect: staff(200), make: async (w) => ({ url: api(`/group_memberships/${(await groupMember(w)).mid}`) }) },
  { area: 'Group memberships', action: 'remove a membership', method: 'DELETE', path: '/group_memberships/{id}', expect: admins(204), make: async (w) => ({ url: api(`/group_memberships/${(await groupMember(w)).mid}`) }) },
  { area: 'Group memberships', action: "list a user's memberships", method: 'GET', path: '/users/{id}/group_memberships', expect: staff(200), make: async (w) => ({ url: api(`/users/${(await groupMember(w)).u}/group_memberships`) }) },
  {
    area: 'Group memberships', action: 'add a membership to a user', method: 'POST', path: '/users/{id}/group_memberships', expect: admins(201),
    make: async (w) => ({ url: api(`/users/${(await w.colleague()).id}/group_memberships`), body: { group_membership: { group_id: await w.group() } } }),
  },
  {
    area: 'Group memberships', action: "show a user's membership", method: 'GET', path: '/users/{id}/group_memberships/{mid}', expect: staff(200),
    make: async (w) => {
      const m = await groupMember(w);
      return { url: api(`/users/${m.u}/group_memberships/${m.mid}`) };
    },
  },
  {
    area: 'Group memberships', action: "remove a user's membership", method: 'DELETE', path: '/users/{id}/group_memberships/{mid}', expect: admins(204),
    make: async (w) => {
      const m = await groupMember(w);
      return { url: api(`/users/${m.u}/group_memberships/${m.mid}`) };
    },
  },
  {
    area: 'Group memberships', action: 'make a membership the default', method: 'PUT', path: '/users/{id}/group_memberships/{mid}/make_default', expect: admins(200),
    make: async (w) => {
      const m = await groupMember(w);
      return { url: api(`/users/${m.u}/group_memberships/${m.mid}/make_default`) };
    },
  },
];
