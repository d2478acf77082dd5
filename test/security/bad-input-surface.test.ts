import { badBodyIds, badBodyTexts, badIdsQuery, badPaging, badPathIds, badQueryText, describeBadInput, givenTwice, type BadCase, type World } from './bad-input-kit.ts';

// Bad input for the rest of the Zendesk surface (issue 14, part 6): the bulk user and
// ticket endpoints, create-or-update, counts, audits, collaborators, the lists under a
// record and side-loads. Each refusal changes nothing (the kit compares every row).

const paths = (w: World): BadCase[] => [
  ...badPathIds('GET', (id) => `/api/v2/tickets/${id}/collaborators`),
  ...badPathIds('GET', (id) => `/api/v2/tickets/${id}/audits`),
  ...badPathIds('GET', (id) => `/api/v2/tickets/${id}/audits/count`),
  ...badPathIds('GET', (id) => `/api/v2/tickets/${id}/audits/1`),
  ...badPathIds('GET', (id) => `/api/v2/tickets/${w.ticket}/audits/${id}`),
  ...badPathIds('GET', (id) => `/api/v2/organizations/${id}/users`),
  ...badPathIds('GET', (id) => `/api/v2/organizations/${id}/users/count`),
  ...(['ccd', 'assigned'] as const).flatMap((rel) => badPathIds('GET', (id) => `/api/v2/users/${id}/tickets/${rel}`)),
  ...(['requested', 'ccd', 'assigned'] as const).flatMap((rel) => badPathIds('GET', (id) => `/api/v2/users/${id}/tickets/${rel}/count`)),
];

const lists = (w: World): BadCase[] => [
  ...badPaging(`/api/v2/tickets/${w.ticket}/audits`),
  ...badPaging(`/api/v2/organizations/${w.organization}/users`),
  ...badPaging(`/api/v2/users/${w.contact}/tickets/ccd`),
  ...badPaging(`/api/v2/users/${w.agent.id}/tickets/assigned`),
  givenTwice('GET', `/api/v2/tickets/${w.ticket}`, 'include', 'users', 'groups'),
  givenTwice('GET', '/api/v2/tickets', 'include', 'users', 'groups'),
  badQueryText('GET', `/api/v2/tickets/${w.ticket}`, 'include'),
  badQueryText('GET', `/api/v2/tickets/show_many`, 'include', `ids=${w.ticket}&`),
];

const tooMany = (key: string, item: Record<string, unknown>) => ({ [key]: Array.from({ length: 101 }, () => item) });

const userBulk = (w: World): BadCase[] => [
  ...badIdsQuery('PUT', '/api/v2/users/update_many'),
  ...badBodyIds('PUT', '/api/v2/users/update_many', 'users[0].id', (v) => ({ users: [{ id: v, notes: 'x' }] })),
  ...badBodyIds('PUT', '/api/v2/users/update_many', 'users[1].organization_id', (v) => ({ users: [{ id: w.contact, notes: 'x' }, { id: w.agent.id, organization_id: v }] })),
  ...badBodyIds('PUT', `/api/v2/users/update_many?ids=${w.contact}`, 'organization_id', (v) => ({ user: { organization_id: v } })),
  ...badBodyIds('POST', '/api/v2/users/create_many', 'users[0].organization_id', (v) => ({ users: [{ name: 'N', organization_id: v }] })),
  ...badBodyIds('POST', '/api/v2/users/create_or_update_many', 'users[0].organization_id', (v) => ({ users: [{ name: 'N', organization_id: v }] })),
  ...badBodyIds('POST', '/api/v2/users/create_or_update', 'organization_id', (v) => ({ user: { name: 'N', email: 'n@example.test', organization_id: v } })),
  ...badBodyTexts('POST', '/api/v2/users/create_many', 'users[0].name', (v) => ({ users: [{ name: v }] })),
  ...badBodyTexts('POST', '/api/v2/users/create_or_update_many', 'users[1].email', (v) => ({ users: [{ name: 'A' }, { name: 'B', email: v }] })),
  ...badBodyTexts('POST', '/api/v2/users/create_or_update', 'user.email', (v) => ({ user: { name: 'A', email: v } })),
  ...badBodyTexts('PUT', '/api/v2/users/update_many', 'users[0].notes', (v) => ({ users: [{ id: w.contact, notes: v }] })),
  ...(['/api/v2/users/create_many', '/api/v2/users/create_or_update_many'] as const).flatMap((url): BadCase[] => [
    { name: `POST ${url} with 101 users`, method: 'POST', url, body: tooMany('users', { name: 'N' }), status: 400, names: /^users: too many, 101 given, at most 100/ },
    { name: `POST ${url} with none`, method: 'POST', url, body: { users: [] }, status: 400, names: /^users: give at least one/ },
    { name: `POST ${url} with no list`, method: 'POST', url, body: { user: { name: 'N' } }, status: 400, names: /"users" array/ },
    { name: `POST ${url} with a list of numbers`, method: 'POST', url, body: { users: [1] }, status: 400, names: /^users\[0\] must be a JSON object/ },
    { name: `POST ${url} with a blank name`, method: 'POST', url, body: { users: [{ name: '' }] }, status: 422, names: 'users[0].name' },
  ]),
  { name: 'PUT update_many with 101 users', method: 'PUT', url: '/api/v2/users/update_many', body: tooMany('users', { id: w.contact }), status: 400, names: /^users: too many/ },
  { name: 'PUT update_many with an id twice', method: 'PUT', url: '/api/v2/users/update_many', body: { users: [{ id: w.contact }, { id: w.contact }] }, status: 400, names: /given twice/ },
  { name: 'PUT update_many with both forms', method: 'PUT', url: `/api/v2/users/update_many?ids=${w.contact}`, body: { users: [{ id: w.contact }] }, status: 400, names: /not both/ },
  { name: 'PUT update_many?ids= without a user', method: 'PUT', url: `/api/v2/users/update_many?ids=${w.contact}`, body: { notes: 'x' }, status: 400, names: /"user"/ },
  { name: 'POST create_or_update a new user without a name', method: 'POST', url: '/api/v2/users/create_or_update', body: { user: { email: 'fresh@example.test' } }, status: 422, names: 'name' },
];

const ticketBulk = (w: World): BadCase[] => [
  ...badBodyIds('PUT', '/api/v2/tickets/update_many', 'tickets[0].id', (v) => ({ tickets: [{ id: v, priority: 'low' }] })),
  ...badBodyIds('PUT', '/api/v2/tickets/update_many', 'tickets[0].assignee_id', (v) => ({ tickets: [{ id: w.ticket, assignee_id: v }] })),
  ...badBodyIds('POST', '/api/v2/tickets/create_many', 'tickets[0].requester_id', (v) => ({ tickets: [{ requester_id: v, comment: { body: 'x' } }] })),
  ...badBodyIds('POST', '/api/v2/tickets/create_many', 'tickets[1].group_id', (v) => ({ tickets: [{ requester_id: w.contact, comment: { body: 'x' } }, { requester_id: w.contact, group_id: v, comment: { body: 'y' } }] })),
  ...badBodyTexts('POST', '/api/v2/tickets/create_many', 'tickets[0].subject', (v) => ({ tickets: [{ subject: v, requester_id: w.contact, comment: { body: 'x' } }] })),
  ...badBodyTexts('PUT', '/api/v2/tickets/update_many', 'tickets[0].comment.body', (v) => ({ tickets: [{ id: w.ticket, comment: { body: v } }] })),
  { name: 'POST tickets/create_many with 101', method: 'POST', url: '/api/v2/tickets/create_many', body: tooMany('tickets', { comment: { body: 'x' } }), status: 400, names: /^tickets: too many, 101 given/ },
  { name: 'POST tickets/create_many with a bad status', method: 'POST', url: '/api/v2/tickets/create_many', body: { tickets: [{ comment: { body: 'x' }, status: 'sideways' }] }, status: 422, names: 'tickets[0].status' },
  { name: 'PUT tickets/update_many with both forms', method: 'PUT', url: `/api/v2/tickets/update_many?ids=${w.ticket}`, body: { tickets: [{ id: w.ticket }] }, status: 400, names: /not both/ },
  { name: 'PUT tickets/update_many with an id twice', method: 'PUT', url: '/api/v2/tickets/update_many', body: { tickets: [{ id: w.ticket }, { id: w.ticket }] }, status: 400, names: /given twice/ },
  { name: 'PUT tickets/update_many with 101', method: 'PUT', url: '/api/v2/tickets/update_many', body: tooMany('tickets', { id: w.ticket }), status: 400, names: /^tickets: too many/ },
];

export const SURFACE_SOURCES = { paths, lists, userBulk, ticketBulk };

for (const [name, source] of Object.entries(SURFACE_SOURCES)) describeBadInput(`bad input: ${name}`, [source]);
