import { BAD_ID_TEXTS, badBodyIds, badBodyTexts, badPathIds, badQueryText, describeBadInput, type BadCase, type World } from './bad-input-kit.ts';

// Bad input for search, erasure requests, job statuses, the audit log, account settings,
// and the web app's session and invitations.

const cursor = (s: string) => Buffer.from(s).toString('base64url');

const search = (): BadCase[] => [
  ...['/api/v2/search', '/api/v2/search/count', '/api/v2/search/export'].flatMap((p) => [
    badQueryText('GET', p, 'query', p.endsWith('export') ? 'filter[type]=ticket&' : ''),
    ...['requester', 'assignee'].flatMap((k) =>
      ['2147483648', '99999999999999999999'].map(
        (id): BadCase => ({
          name: `GET ${p} ${k}:${id}`,
          method: 'GET',
          url: `${p}?query=${k}%3A${id}${p.endsWith('export') ? '&filter[type]=ticket' : ''}`,
          status: 400,
          names: new RegExp(`^${k}: .*user id from 1 to 2147483647`),
        }),
      ),
    ),
  ]),
  { name: 'GET /search requester:-1', method: 'GET', url: '/api/v2/search?query=requester%3A-1', status: 400, names: /^requester: .*takes an email address, a user id/ },
  { name: 'GET /search no query', method: 'GET', url: '/api/v2/search', status: 400, names: /search query/ },
  { name: 'GET /search query twice', method: 'GET', url: '/api/v2/search?query=a&query=b', status: 400, names: /search query/ },
  { name: 'GET /search page=abc', method: 'GET', url: '/api/v2/search?query=x&page=abc', status: 400, names: /^page / },
  { name: 'GET /search per_page=0', method: 'GET', url: '/api/v2/search?query=x&per_page=0', status: 400, names: /^per_page/ },
  { name: 'GET /search sort_by=id', method: 'GET', url: '/api/v2/search?query=x&sort_by=id', status: 400, names: /^sort_by/ },
  badQueryText('GET', '/api/v2/search', 'sort_order', 'query=x&'),
  { name: 'GET /search/export no filter[type]', method: 'GET', url: '/api/v2/search/export?query=x', status: 400, names: /^filter\[type\]/ },
  { name: 'GET /search/export page[after] past the ids', method: 'GET', url: `/api/v2/search/export?query=x&filter[type]=ticket&page[after]=${cursor('2147483648')}`, status: 400, names: /^page\[after\]/ },
  { name: 'GET /search/export page[after] -1', method: 'GET', url: `/api/v2/search/export?query=x&filter[type]=user&page[after]=${cursor('-1')}`, status: 400, names: /^page\[after\]/ },
];

const erasureRequests = (w: World): BadCase[] => [
  ...badPathIds('GET', (id) => `/api/v2/erasure_requests/${id}`),
  ...badPathIds('PUT', (id) => `/api/v2/erasure_requests/${id}`, { erasure_request: { confirm_all: true } }),
  ...badPathIds('DELETE', (id) => `/api/v2/erasure_requests/${id}`),
  ...badPathIds('POST', (id) => `/api/v2/erasure_requests/${id}/execute`),
  ...badPathIds('POST', (id) => `/api/v2/erasure_requests/${id}/fix`),
  ...badPathIds('GET', (id) => `/api/v2/erasure_requests/${id}/matches`),
  ...badPathIds('GET', (id) => `/api/v2/erasure_requests/${w.erasureRequest}/matches/${id}`),
  ...badPathIds('GET', (id) => `/api/v2/erasure_requests/${id}/tickets`),
  ...badPathIds('GET', (id) => `/api/v2/erasure_requests/${id}/certificate`),
  ...[...BAD_ID_TEXTS, '%00'].map(
    (v): BadCase => ({
      name: `GET matches?ticket_id=<${v}>`,
      method: 'GET',
      url: `/api/v2/erasure_requests/${w.erasureRequest}/matches?ticket_id=${v === '%00' ? v : encodeURIComponent(v)}`,
      status: 400,
      names: /(^ticket_id must be an id)|(^query parameter ticket_id contains a NUL)/,
    }),
  ),
  badQueryText('GET', '/api/v2/erasure_requests', 'status'),
  { name: 'GET /erasure_requests due=later', method: 'GET', url: '/api/v2/erasure_requests?due=later', status: 400, names: /^due must be/ },
  ...badBodyIds('POST', '/api/v2/erasure_requests', 'user_id', (v) => ({ erasure_request: { user_id: v } })),
  ...badBodyTexts('POST', '/api/v2/erasure_requests', 'erasure_request.extra_terms[0]', (v) => ({ erasure_request: { user_id: w.deletedUser, extra_terms: [`${v} street`] } })),
  ...badBodyIds('PUT', `/api/v2/erasure_requests/${w.erasureRequest}`, 'accept_terms.0', (v) => ({ erasure_request: { accept_terms: [v] } })),
  ...badBodyIds('PUT', `/api/v2/erasure_requests/${w.erasureRequest}`, 'reject_terms.0', (v) => ({ erasure_request: { reject_terms: [v] } })),
  ...badBodyIds('PUT', `/api/v2/erasure_requests/${w.erasureRequest}`, 'decisions.0.match_id', (v) => ({ erasure_request: { decisions: [{ match_id: v, decision: 'confirm' }] } })),
  ...badBodyTexts('PUT', `/api/v2/erasure_requests/${w.erasureRequest}`, 'erasure_request.extra_terms[0]', (v) => ({ erasure_request: { extra_terms: [`${v} lane`] } })),
  ...badBodyTexts('PUT', `/api/v2/erasure_requests/${w.erasureRequest}`, 'erasure_request.extension.reason', (v) => ({
    erasure_request: { extension: { until: '2027-01-10', reason: `complex ${v}` } },
  })),
];

const jobs = (w: World): BadCase[] => [
  ...BAD_ID_TEXTS.map((id): BadCase => ({ name: `GET /job_statuses/<${id}>`, method: 'GET', url: `/api/v2/job_statuses/${encodeURIComponent(id)}`, status: 404 })),
  { name: 'GET /job_statuses/<NUL>', method: 'GET', url: `/api/v2/job_statuses/${w.jobId}%00`, status: 400, names: /^path parameter id contains a NUL/ },
  { name: 'GET /job_statuses/<bad UTF-8>', method: 'GET', url: '/api/v2/job_statuses/a%ED%A0%80b', status: 400, names: /URL is not valid/ },
  { name: 'GET /job_statuses/<bad escape>', method: 'GET', url: '/api/v2/job_statuses/a%zzb', status: 400, names: /URL is not valid/ },
  badQueryText('GET', '/api/v2/job_statuses/show_many', 'ids'),
];

const auditLogs = (): BadCase[] => [
  ...['filter[actor_id]', 'filter[source_id]'].flatMap((f) =>
    [...BAD_ID_TEXTS, '%00'].map(
      (v): BadCase => ({
        name: `GET /audit_logs?${f}=<${v}>`,
        method: 'GET',
        url: `/api/v2/audit_logs?${f}=${v === '%00' ? v : encodeURIComponent(v)}`,
        status: 400,
        names: new RegExp(`(^${f.replace(/[[\]]/g, '\\$&')} must be an id)|(^query parameter ${f.replace(/[[\]]/g, '\\$&')} contains a NUL)`),
      }),
    ),
  ),
  badQueryText('GET', '/api/v2/audit_logs', 'filter[action]'),
  badQueryText('GET', '/api/v2/audit_logs', 'filter[source_type]'),
  { name: 'GET /audit_logs filter[action] twice', method: 'GET', url: '/api/v2/audit_logs?filter[action]=a&filter[action]=b', status: 400, names: /^filter\[action\] must be given once/ },
  ...['-5', '0', 'abc', '1.5'].map((v): BadCase => ({ name: `GET /audit_logs page[size]=${v}`, method: 'GET', url: `/api/v2/audit_logs?page[size]=${v}`, status: 400, names: /^page\[size\]/ })),
  ...['2147483648', '1e30', '-1', 'abc', '1.5'].map(
    (v): BadCase => ({ name: `GET /audit_logs page[after]=<${v}>`, method: 'GET', url: `/api/v2/audit_logs?page[after]=${cursor(v)}`, status: 400, names: /^page\[after\]/ }),
  ),
];

const settings = (): BadCase[] => [
  ...(['deleted_users_retention_days', 'deleted_tickets_retention_days', 'spam_retention_days', 'solved_to_closed_days'] as const).flatMap((f) =>
    [2147483648, 1.5, -1, 0, '30'].map((v): BadCase => ({ name: `PUT settings ${f}=${v}`, method: 'PUT', url: '/api/v2/account/settings', body: { settings: { [f]: v } }, status: 422, names: f })),
  ),
  ...badBodyTexts('PUT', '/api/v2/account/settings', 'settings.support_addresses[0]', (v) => ({ settings: { support_addresses: [`help${v}@example.test`] } })),
  ...badBodyTexts('PUT', '/api/v2/account/settings', 'settings.smtp_relay', (v) => ({ settings: { smtp_relay: `smtp://relay${v}.example.test:25` } })),
  { name: 'PUT settings unknown field', method: 'PUT', url: '/api/v2/account/settings', body: { settings: { retention: 1 } }, status: 422, names: 'base' },
];

const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;

const session = (w: World): BadCase[] => [
  ...['a\u0000b@example.test:secret-secret', 'owner@example.test:secret\u0000', 'a\u0000b@example.test/token:abcdefgh'].map(
    (cred): BadCase => ({ name: `GET /users with Basic ${JSON.stringify(cred)}`, method: 'GET', url: '/api/v2/users', auth: basic(cred), status: 401 }),
  ),
  { name: 'GET /users with Bearer a NUL', method: 'GET', url: '/api/v2/users', auth: 'Bearer abc\u0000def', status: 401 },
  ...badBodyTexts('POST', '/api/v2/session', 'session.email', (v) => ({ session: { email: `${v}@example.test`, password: 'secret-secret' } })),
  ...badBodyTexts('POST', '/api/v2/session', 'session.password', (v) => ({ session: { email: 'owner@example.test', password: `secret-${v}` } })),
  ...badBodyTexts('POST', '/api/v2/session/password', 'password_link.token', (v) => ({ password_link: { token: `${'a'.repeat(30)}${v}`, password: 'long-enough-password' } })),
  ...badBodyTexts('POST', '/api/v2/invitations', 'invitation.name', (v) => ({ invitation: { name: v, email: 'new.agent@example.test' } })),
  ...badBodyTexts('POST', '/api/v2/invitations', 'invitation.email', (v) => ({ invitation: { name: 'New Agent', email: `new${v}@example.test` } })),
  ...badPathIds('POST', (id) => `/api/v2/users/${id}/password_link`),
  ...badBodyTexts('POST', '/api/v2/invitations', 'a key of invitation', (v) => ({ invitation: { name: 'New Agent', email: `n@example.test`, [v]: 1 } })),
  { name: 'POST /invitations key of the body', method: 'POST', url: '/api/v2/invitations', body: { 'x\u0000': 1, invitation: { name: 'A', email: 'a@example.test' } }, status: 400, names: /^a name in the body contains a NUL/ },
  { name: 'POST /invitations nested 100 deep', method: 'POST', url: '/api/v2/invitations', body: { invitation: { name: 'A', email: 'a@example.test', x: deep(100) } }, status: 400, names: /nested more than 64 levels/ },
  { name: 'GET /users/{id} with a NUL in a query parameter name', method: 'GET', url: `/api/v2/users/${w.contact}?a%00=1`, status: 400, names: /^a name in the query string contains a NUL/ },
];

function deep(n: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < n; i++) v = [v];
  return v;
}

export const ADMIN_SOURCES = { search, erasureRequests, jobs, auditLogs, settings, session };

for (const [name, source] of Object.entries(ADMIN_SOURCES)) describeBadInput(`bad input: ${name}`, [source]);
