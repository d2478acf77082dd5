import { badBodyIds, badBodyTexts, badIdsQuery, badPathIds, badQueryText, describeBadInput, type BadCase, type World } from './bad-input-kit.ts';

// Bad input for users, identities, organizations, groups and memberships.

const users = (w: World): BadCase[] => [
  ...badPathIds('GET', (id) => `/api/v2/users/${id}`),
  ...badPathIds('PUT', (id) => `/api/v2/users/${id}`, { user: { name: 'Renamed' } }),
  ...badPathIds('DELETE', (id) => `/api/v2/users/${id}`),
  ...badPathIds('GET', (id) => `/api/v2/users/${id}/tickets/requested`),
  ...badPathIds('GET', (id) => `/api/v2/users/${id}/export`),
  ...badPathIds('POST', (id) => `/api/v2/users/${id}/password_link`),
  ...badPathIds('GET', (id) => `/api/v2/deleted_users/${id}`),
  ...badPathIds('PUT', (id) => `/api/v2/deleted_users/${id}/restore`),
  ...badPathIds('DELETE', (id) => `/api/v2/deleted_users/${id}`),
  ...badIdsQuery('GET', '/api/v2/users/show_many'),
  ...badIdsQuery('DELETE', '/api/v2/users/destroy_many'),
  ...badIdsQuery('PUT', '/api/v2/deleted_users/restore_many'),
  ...badIdsQuery('DELETE', '/api/v2/deleted_users/destroy_many'),
  ...badBodyIds('POST', '/api/v2/users', 'organization_id', (v) => ({ user: { name: 'New Person', organization_id: v } })),
  ...badBodyIds('PUT', `/api/v2/users/${w.contact}`, 'organization_id', (v) => ({ user: { name: 'Renamed', organization_id: v } })),
  ...(['name', 'alias', 'email', 'phone', 'notes', 'details', 'external_id', 'locale', 'time_zone'] as const).flatMap((f) =>
    badBodyTexts('POST', '/api/v2/users', `user.${f}`, (v) => ({ user: { name: 'New Person', [f]: v } })),
  ),
  ...badBodyTexts('POST', '/api/v2/users', 'user.tags[1]', (v) => ({ user: { name: 'New Person', tags: ['ok', v] } })),
  ...badBodyTexts('POST', '/api/v2/users', 'user.user_fields.plan', (v) => ({ user: { name: 'New Person', user_fields: { plan: v } } })),
  ...badBodyTexts('POST', '/api/v2/users', 'a key of user.user_fields', (v) => ({ user: { name: 'New Person', user_fields: { [v]: 'x' } } })),
  ...badBodyTexts('POST', '/api/v2/users', 'user.identities[0].value', (v) => ({ user: { name: 'New Person', identities: [{ type: 'email', value: v }] } })),
  ...(['name', 'alias', 'notes', 'details', 'email'] as const).flatMap((f) =>
    badBodyTexts('PUT', `/api/v2/users/${w.contact}`, `user.${f}`, (v) => ({ user: { [f]: v } })),
  ),
  badQueryText('GET', '/api/v2/users/search', 'query'),
  badQueryText('GET', '/api/v2/users/search', 'external_id'),
  badQueryText('GET', '/api/v2/users', 'external_id'),
  badQueryText('GET', '/api/v2/users/show_many', 'external_ids'),
  { name: 'GET /users page[after] past the ids', method: 'GET', url: `/api/v2/users?page[size]=1&page[after]=${Buffer.from('2147483648').toString('base64url')}`, status: 400, names: /^page\[after\]/ },
  { name: 'GET /users page[after] 1e30', method: 'GET', url: `/api/v2/users?page[size]=1&page[after]=${Buffer.from('1e30').toString('base64url')}`, status: 400, names: /^page\[after\]/ },
  { name: 'GET /users page[size]=-5', method: 'GET', url: '/api/v2/users?page[size]=-5', status: 400, names: /^page\[size\]/ },
  { name: 'GET /users page=1.5', method: 'GET', url: '/api/v2/users?page=1.5', status: 400, names: /^page /},
  { name: 'GET /users per_page=abc', method: 'GET', url: '/api/v2/users?per_page=abc', status: 400, names: /^per_page/ },
];

const identities = (w: World): BadCase[] => [
  ...badPathIds('GET', (id) => `/api/v2/users/${id}/identities`),
  ...badPathIds('POST', (id) => `/api/v2/users/${id}/identities`, { identity: { type: 'email', value: 'x@example.test' } }),
  ...badPathIds('GET', (id) => `/api/v2/users/${w.contact}/identities/${id}`),
  ...badPathIds('PUT', (id) => `/api/v2/users/${w.contact}/identities/${id}`, { identity: { value: 'y@example.test' } }),
  ...badPathIds('DELETE', (id) => `/api/v2/users/${w.contact}/identities/${id}`),
  ...badPathIds('PUT', (id) => `/api/v2/users/${w.contact}/identities/${id}/make_primary`),
  ...badPathIds('PUT', (id) => `/api/v2/users/${id}/identities/${w.identity}/make_primary`),
  ...badBodyTexts('POST', `/api/v2/users/${w.contact}/identities`, 'identity.value', (v) => ({ identity: { type: 'email', value: `${v}@example.test` } })),
  ...badBodyTexts('PUT', `/api/v2/users/${w.contact}/identities/${w.identity}`, 'identity.value', (v) => ({ identity: { value: v } })),
];

const organizations = (w: World): BadCase[] => [
  ...badPathIds('GET', (id) => `/api/v2/organizations/${id}`),
  ...badPathIds('PUT', (id) => `/api/v2/organizations/${id}`, { organization: { name: 'Renamed' } }),
  ...badPathIds('DELETE', (id) => `/api/v2/organizations/${id}`),
  ...badPathIds('GET', (id) => `/api/v2/organizations/${id}/organization_memberships`),
  ...badIdsQuery('GET', '/api/v2/organizations/show_many'),
  ...(['name', 'details', 'notes', 'external_id'] as const).flatMap((f) =>
    badBodyTexts('POST', '/api/v2/organizations', `organization.${f}`, (v) => ({ organization: { name: 'New Org', [f]: v } })),
  ),
  ...badBodyTexts('PUT', `/api/v2/organizations/${w.organization}`, 'organization.domain_names[0]', (v) => ({ organization: { domain_names: [`${v}.example`] } })),
];

const groups = (w: World): BadCase[] => [
  ...badPathIds('GET', (id) => `/api/v2/groups/${id}`),
  ...badPathIds('PUT', (id) => `/api/v2/groups/${id}`, { group: { name: 'Renamed' } }),
  ...badPathIds('DELETE', (id) => `/api/v2/groups/${id}`),
  ...badPathIds('GET', (id) => `/api/v2/groups/${id}/memberships`),
  ...badBodyTexts('POST', '/api/v2/groups', 'group.name', (v) => ({ group: { name: v } })),
  ...badBodyTexts('PUT', `/api/v2/groups/${w.group}`, 'group.description', (v) => ({ group: { description: v } })),
];

const memberships = (w: World): BadCase[] => [
  ...badPathIds('GET', (id) => `/api/v2/organization_memberships/${id}`),
  ...badPathIds('DELETE', (id) => `/api/v2/organization_memberships/${id}`),
  ...badPathIds('GET', (id) => `/api/v2/users/${id}/organization_memberships`),
  ...badPathIds('POST', (id) => `/api/v2/users/${id}/organization_memberships`, { organization_membership: { organization_id: w.organization } }),
  ...badPathIds('GET', (id) => `/api/v2/users/${w.contact}/organization_memberships/${id}`),
  ...badPathIds('DELETE', (id) => `/api/v2/users/${w.contact}/organization_memberships/${id}`),
  ...badPathIds('PUT', (id) => `/api/v2/users/${w.contact}/organization_memberships/${id}/make_default`),
  ...badBodyIds('POST', '/api/v2/organization_memberships', 'organization_id', (v) => ({ organization_membership: { user_id: w.agent.id, organization_id: v } })),
  ...badBodyIds('POST', '/api/v2/organization_memberships', 'user_id', (v) => ({ organization_membership: { user_id: v, organization_id: w.organization } })),
  ...badBodyIds('POST', `/api/v2/users/${w.agent.id}/organization_memberships`, 'organization_id', (v) => ({ organization_membership: { organization_id: v } })),
  ...badPathIds('GET', (id) => `/api/v2/group_memberships/${id}`),
  ...badPathIds('DELETE', (id) => `/api/v2/group_memberships/${id}`),
  ...badPathIds('GET', (id) => `/api/v2/users/${id}/group_memberships`),
  ...badPathIds('POST', (id) => `/api/v2/users/${id}/group_memberships`, { group_membership: { group_id: w.group } }),
  ...badPathIds('GET', (id) => `/api/v2/users/${w.agent.id}/group_memberships/${id}`),
  ...badPathIds('DELETE', (id) => `/api/v2/users/${w.agent.id}/group_memberships/${id}`),
  ...badPathIds('PUT', (id) => `/api/v2/users/${w.agent.id}/group_memberships/${id}/make_default`),
  ...badBodyIds('POST', '/api/v2/group_memberships', 'group_id', (v) => ({ group_membership: { user_id: w.agent.id, group_id: v } })),
  ...badBodyIds('POST', '/api/v2/group_memberships', 'user_id', (v) => ({ group_membership: { user_id: v, group_id: w.group } })),
  ...badBodyIds('POST', `/api/v2/users/${w.agent.id}/group_memberships`, 'group_id', (v) => ({ group_membership: { group_id: v } })),
];

export const PEOPLE_SOURCES = { users, identities, organizations, groups, memberships };

for (const [name, source] of Object.entries(PEOPLE_SOURCES)) describeBadInput(`bad input: ${name}`, [source]);
