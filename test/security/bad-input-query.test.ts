import { badPaging, badQueryValues, describeBadInput, givenTwice, type BadCase, type World } from './bad-input-kit.ts';

// Bad query strings, route family by route family: every parameter is read through a zod
// schema (src/shared/query.ts, src/http/query.ts), so a repeated parameter, a number that is
// not a plain whole number, a word outside its list or a cursor not given out here is a 400
// naming the parameter, and changes nothing. Before, `page=1&page=2`, `per_page=1e2`,
// `per_page=0x10` or `external_ids=a&external_ids=b` were read as something else and answered.

const lists = (w: World): BadCase[] => [
  ...badPaging('/api/v2/tickets'),
  ...badPaging(`/api/v2/tickets/${w.ticket}/comments`),
  ...badPaging('/api/v2/spam_tickets'),
  ...badPaging('/api/v2/deleted_tickets'),
  ...badPaging('/api/v2/organizations'),
  ...badPaging('/api/v2/groups'),
  ...badPaging(`/api/v2/users/${w.contact}/tickets/requested`),
];

const people = (): BadCase[] => [
  ...badPaging('/api/v2/users'),
  ...badPaging('/api/v2/suspended_users'),
  ...badPaging('/api/v2/deleted_users'),
  ...badPaging('/api/v2/users/search', 'query=ada&'),
  ...badQueryValues('GET', '/api/v2/users', 'role', ['root', 'agent,root'], '', /^role must be one of end-user, agent, admin \(got "root"\)/),
  ...badQueryValues('GET', '/api/v2/suspended_users', 'role[]', ['owner'], '', /^role\[\] must be one of end-user, agent, admin/),
  givenTwice('GET', '/api/v2/users', 'external_id', 'a', 'b'),
  givenTwice('GET', '/api/v2/users/search', 'external_id', 'a', 'b'),
  givenTwice('GET', '/api/v2/users/search', 'query', 'ada', 'bob'),
  givenTwice('GET', '/api/v2/users/show_many', 'external_ids', 'a', 'b'),
  ...badQueryValues('GET', '/api/v2/users', 'external_id', ['x'.repeat(256)], '', /^external_id /),
];

const search = (): BadCase[] => [
  ...badPaging('/api/v2/search', 'query=x&').filter((c) => !/page\[(after|before)\]/.test(c.name)),
  ...badQueryValues('GET', '/api/v2/search', 'sort_by', ['id', 'UPDATED_AT'], 'query=x&', /^sort_by must be updated_at or created_at/),
  ...badQueryValues('GET', '/api/v2/search', 'sort_order', ['up', 'DESC'], 'query=x&', /^sort_order must be asc or desc/),
  givenTwice('GET', '/api/v2/search', 'sort_by', 'created_at', 'updated_at', 'query=x&'),
  ...badQueryValues('GET', '/api/v2/search/count', 'query', [' '], '', /search query/),
  ...badQueryValues('GET', '/api/v2/search/export', 'filter[type]', ['article', 'Ticket'], 'query=x&', /^filter\[type\] is required: one of ticket, user, organization, group/),
  givenTwice('GET', '/api/v2/search/export', 'filter[type]', 'ticket', 'user', 'query=x&'),
  ...badPaging('/api/v2/search/export', 'query=x&filter[type]=ticket&').filter((c) => !/\?.*\bpage=|per_page/.test(c.url)),
];

const erasureRequests = (w: World): BadCase[] => [
  ...badPaging('/api/v2/erasure_requests'),
  ...badPaging(`/api/v2/erasure_requests/${w.erasureRequest}/matches`),
  ...badPaging(`/api/v2/erasure_requests/${w.erasureRequest}/tickets`),
  ...badQueryValues('GET', '/api/v2/erasure_requests', 'status', ['open', 'READY'], '', /^status must be one of planning, ready/),
  givenTwice('GET', '/api/v2/erasure_requests', 'status', 'ready', 'failed'),
  givenTwice('GET', '/api/v2/erasure_requests', 'due', 'soon', 'overdue'),
  ...badQueryValues('GET', `/api/v2/erasure_requests/${w.erasureRequest}/matches`, 'decision', ['confirmed'], '', /^decision must be one of pending, confirm, reject/),
  ...badQueryValues('GET', `/api/v2/erasure_requests/${w.erasureRequest}/matches`, 'proposed_action', ['erase'], '', /^proposed_action must be one of redact/),
  givenTwice('GET', `/api/v2/erasure_requests/${w.erasureRequest}/matches`, 'ticket_id', String(w.ticket), String(w.ticket)),
];

const admin = (w: World): BadCase[] => [
  ...badQueryValues('GET', '/api/v2/audit_logs', 'per_page', ['0', '1e2', '0x10'], '', /^per_page must be a whole number/),
  givenTwice('GET', '/api/v2/audit_logs', 'page[size]', '5', '6'),
  givenTwice('GET', '/api/v2/audit_logs', 'filter[actor_id]', '1', '2'),
  ...badQueryValues('GET', '/api/v2/audit_logs', 'filter[action]', ['x'.repeat(101)], '', /^filter\[action\] /),
  ...badQueryValues('GET', '/api/v2/job_statuses/show_many', 'ids', ['a b', 'x'.repeat(65), `${w.jobId},../etc`], '', /^ids: ".*" is not a job id/),
  givenTwice('GET', '/api/v2/job_statuses/show_many', 'ids', w.jobId, w.jobId),
  ...badQueryValues('GET', '/api/v2/job_statuses/show_many', 'ids', [Array.from({ length: 101 }, (_, i) => `j${i}`).join(',')], '', /^ids: too many ids/),
  { ...givenTwice('POST', '/api/v2/uploads', 'token', w.uploadToken, w.uploadToken, 'filename=a.txt&'), raw: Buffer.from('x') },
  { name: 'POST /uploads without a file name', method: 'POST', url: '/api/v2/uploads', raw: Buffer.from('x'), status: 400, names: /^Give the file name/ },
];

export const QUERY_SOURCES = { lists, people, search, erasureRequests, admin };

for (const [name, source] of Object.entries(QUERY_SOURCES)) describeBadInput(`bad query: ${name}`, [source]);
