import { admins, api, staff, type Row } from './roles-table.ts';
import type { World } from './world.ts';

// The rest of the Zendesk surface (issue 14, part 6): bulk users and tickets as jobs,
// create-or-update, counts, audits, collaborators, an organization's users, a user's
// tickets and side-loads. Rows sit in the areas of the records they act on.

const unique = () => Math.random().toString(36).slice(2);

async function orgWithMember(w: World) {
  const o = await w.org();
  const u = await w.contact();
  await w.must('POST', api('/organization_memberships'), { organization_membership: { user_id: u, organization_id: o } });
  return o;
}

export const surfaceRows: Row[] = [
  // Users
  { area: 'Users', action: 'count users', method: 'GET', path: '/users/count', expect: staff(200) },
  {
    area: 'Users', action: 'create many end users (job)', method: 'POST', path: '/users/create_many', expect: staff(200),
    make: async () => ({ url: api('/users/create_many'), body: { users: [{ name: 'Many One', email: `many${unique()}@example.test` }, { name: 'Many Two' }] } }),
  },
  {
    area: 'Users', action: 'create many agents (job)', method: 'POST', path: '/users/create_many', expect: admins(200),
    make: async () => ({ url: api('/users/create_many'), body: { users: [{ name: 'Many Agent', role: 'agent', email: `agent${unique()}@oubli.test` }] } }),
  },
  {
    area: 'Users', action: 'create or update a user (creates)', method: 'POST', path: '/users/create_or_update', expect: staff(201),
    make: async () => ({ url: api('/users/create_or_update'), body: { user: { name: 'Upsert New', email: `upsert${unique()}@example.test` } } }),
  },
  {
    area: 'Users', action: 'create or update a user (updates the one with that email)', method: 'POST', path: '/users/create_or_update', expect: staff(200),
    make: async (w) => {
      const email = `upsert${unique()}@example.test`;
      await w.must('POST', api('/users'), { user: { name: 'Upsert Old', email } });
      return { url: api('/users/create_or_update'), body: { user: { email, notes: 'Matched' } } };
    },
  },
  {
    area: 'Users', action: 'create or update many users (job)', method: 'POST', path: '/users/create_or_update_many', expect: staff(200),
    make: async () => ({ url: api('/users/create_or_update_many'), body: { users: [{ name: 'Upsert Many', email: `upsert${unique()}@example.test` }] } }),
  },
  {
    area: 'Users', action: 'update many users, the same changes (job)', method: 'PUT', path: '/users/update_many?ids=', expect: staff(200),
    make: async (w) => ({ url: api(`/users/update_many?ids=${await w.contact()},${await w.contact()}`), body: { user: { notes: 'Bulk' } } }),
  },
  {
    area: 'Users', action: 'update many users, each its own changes (job)', method: 'PUT', path: '/users/update_many {users: […]}', expect: staff(200),
    make: async (w) => ({ url: api('/users/update_many'), body: { users: [{ id: await w.contact(), notes: 'One' }, { id: await w.contact(), notes: 'Two' }] } }),
  },
  { area: 'Users', action: "list the tickets a user is copied on", method: 'GET', path: '/users/{id}/tickets/ccd', expect: staff(200), make: async (w) => ({ url: api(`/users/${await w.contact()}/tickets/ccd`) }) },
  { area: 'Users', action: "list a user's assigned tickets", method: 'GET', path: '/users/{id}/tickets/assigned', expect: staff(200), make: async (w) => ({ url: api(`/users/${(await w.colleague()).id}/tickets/assigned`) }) },
  ...(['requested', 'ccd', 'assigned'] as const).map(
    (rel): Row => ({ area: 'Users', action: `count a user's ${rel} tickets`, method: 'GET', path: `/users/{id}/tickets/${rel}/count`, expect: staff(200), make: async (w) => ({ url: api(`/users/${(await w.ticket()).requester}/tickets/${rel}/count`) }) }),
  ),

  // Tickets
  { area: 'Tickets', action: 'count tickets', method: 'GET', path: '/tickets/count', expect: staff(200) },
  {
    area: 'Tickets', action: 'show a ticket with side-loads', method: 'GET', path: '/tickets/{id}?include=users,groups,organizations', expect: staff(200),
    make: async (w) => ({ url: api(`/tickets/${(await w.ticket()).ticketId}?include=users,groups,organizations`) }),
  },
  {
    area: 'Tickets', action: 'create many tickets (job)', method: 'POST', path: '/tickets/create_many', expect: staff(200),
    make: async (w) => ({ url: api('/tickets/create_many'), body: { tickets: [{ subject: 'Many', requester_id: await w.contact(), comment: { body: 'Hello' } }] } }),
  },
  {
    area: 'Tickets', action: 'update many tickets, each its own changes (job)', method: 'PUT', path: '/tickets/update_many {tickets: […]}', expect: staff(200),
    make: async (w) => ({ url: api('/tickets/update_many'), body: { tickets: [{ id: (await w.ticket()).ticketId, priority: 'low' }, { id: (await w.ticket()).ticketId, status: 'pending' }] } }),
  },
  { area: 'Tickets', action: "list a ticket's collaborators", method: 'GET', path: '/tickets/{id}/collaborators', expect: staff(200), make: async (w) => ({ url: api(`/tickets/${(await w.ticket()).ticketId}/collaborators`) }) },
  { area: 'Tickets', action: "list a ticket's audits", method: 'GET', path: '/tickets/{id}/audits', expect: staff(200), make: async (w) => ({ url: api(`/tickets/${(await w.ticket()).ticketId}/audits`) }) },
  { area: 'Tickets', action: "count a ticket's audits", method: 'GET', path: '/tickets/{id}/audits/count', expect: staff(200), make: async (w) => ({ url: api(`/tickets/${(await w.ticket()).ticketId}/audits/count`) }) },
  {
    area: 'Tickets', action: 'show a ticket audit', method: 'GET', path: '/tickets/{id}/audits/{audit_id}', expect: staff(200),
    make: async (w) => {
      const id = (await w.ticket()).ticketId;
      const list = await w.must('GET', api(`/tickets/${id}/audits`));
      return { url: api(`/tickets/${id}/audits/${list.audits[0].id}`) };
    },
  },

  // Organizations and groups
  { area: 'Organizations', action: 'count organizations', method: 'GET', path: '/organizations/count', expect: staff(200) },
  { area: 'Organizations', action: "list an organization's users", method: 'GET', path: '/organizations/{id}/users', expect: staff(200), make: async (w) => ({ url: api(`/organizations/${await orgWithMember(w)}/users`) }) },
  { area: 'Organizations', action: "count an organization's users", method: 'GET', path: '/organizations/{id}/users/count', expect: staff(200), make: async (w) => ({ url: api(`/organizations/${await orgWithMember(w)}/users/count`) }) },
  { area: 'Groups', action: 'count groups', method: 'GET', path: '/groups/count', expect: staff(200) },
];
