import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Staff, type TestApp } from '../app.ts';
import { describeEachDb } from '../db.ts';

// Bad input, tried route by route on both databases (issue 8, item 4). Each case is one
// request that must be answered with a clear 4xx (status, error code and a text that names
// the field or parameter) and must change nothing: the whole database is compared, every
// row of every table, before and after.

/** Ids that name no record: past PostgreSQL's integer, 20 digits, signs, zero, words, fractions, exponents. */
export const BAD_ID_TEXTS = ['2147483648', '99999999999999999999', '-1', '0', 'abc', '1.5', '1e3'];
/** The same for `?ids=` and other id query parameters, where empty is an error too. */
export const BAD_ID_QUERY = [...BAD_ID_TEXTS, '', '1,,abc', '%00'];
/** Ids in a JSON body: out of range, not whole, not positive, or not numbers at all. */
export const BAD_ID_VALUES: unknown[] = [2147483648, 1e20, -1, 0, 1.5, 'abc', '1', '', true];
/** Text PostgreSQL cannot store, or that each driver would mangle its own way. */
export const BAD_TEXTS = [
  { label: 'NUL', value: 'a\u0000b', why: /NUL character/ },
  { label: 'lone high surrogate', value: 'a\ud800b', why: /unpaired UTF-16 surrogate/ },
  { label: 'lone low surrogate', value: '\udc00', why: /unpaired UTF-16 surrogate/ },
];

/** What every case can refer to: ids of live rows of each kind. */
export interface World {
  t: TestApp;
  agent: Staff;
  contact: number;
  deletedUser: number;
  identity: number;
  organization: number;
  orgMembership: number;
  group: number;
  groupMembership: number;
  ticket: number;
  comment: number;
  attachment: number;
  spamTicket: number;
  deletedTicket: number;
  uploadToken: string;
  erasureRequest: number;
  jobId: string;
}

export interface BadCase {
  name: string;
  method: string;
  url: string;
  body?: unknown;
  /** Raw bytes (uploads) instead of a JSON body. */
  raw?: Buffer;
  status: 400 | 401 | 404 | 422;
  /** An Authorization header instead of the owner's token. */
  auth?: string;
  /** For 400: the description names this; for 422: `details` has this key; for 404: RecordNotFound. */
  names?: RegExp | string;
}

type CaseSource = (w: World) => BadCase[];

async function buildWorld(t: TestApp): Promise<World> {
  const ok = (r: { status: number; body: any }, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const agent = await t.staff('agent', { can_delete_tickets: true });
  const contact = await t.contact({ name: 'Ada Lovelace', alias: 'Ada', notes: 'n', tags: ['vip'] });
  const identity = ok(await t.call('POST', `/api/v2/users/${contact}/identities`, { identity: { type: 'email', value: 'ada2@example.test' } }), 201)
    .identity.id;
  const organization = ok(await t.call('POST', '/api/v2/organizations', { organization: { name: 'Analytical Engines' } }), 201).organization.id;
  const orgMembership = ok(
    await t.call('POST', '/api/v2/organization_memberships', { organization_membership: { user_id: contact, organization_id: organization } }),
    201,
  ).organization_membership.id;
  const group = ok(await t.call('POST', '/api/v2/groups', { group: { name: 'Support' } }), 201).group.id;
  const groupMembership = ok(await t.call('POST', '/api/v2/group_memberships', { group_membership: { user_id: agent.id, group_id: group } }), 201)
    .group_membership.id;
  const up = await t.app.inject({
    method: 'POST',
    url: '/api/v2/uploads?filename=notes.txt',
    headers: { authorization: t.owner.auth, 'content-type': 'text/plain' },
    payload: Buffer.from('hello'),
  });
  const attachedToken = JSON.parse(up.body).upload.token as string;
  const ticketBody = ok(
    await t.call('POST', '/api/v2/tickets', {
      ticket: { subject: 'Engine', requester_id: contact, assignee_id: agent.id, group_id: group, tags: ['x'], comment: { body: 'It hums', uploads: [attachedToken] } },
    }),
    201,
  );
  const ticket = ticketBody.ticket.id;
  const comments = ok(await t.call('GET', `/api/v2/tickets/${ticket}/comments`)).comments;
  const comment = comments[0].id;
  const attachment = comments[0].attachments[0].id;
  const other = await t.contact({ name: 'Sid Spam' });
  const spamTicket = ok(await t.call('POST', '/api/v2/tickets', { ticket: { requester_id: other, comment: { body: 'buy' } } }), 201).ticket.id;
  ok(await t.call('PUT', `/api/v2/tickets/${spamTicket}/mark_as_spam`));
  const deletedTicket = ok(await t.call('POST', '/api/v2/tickets', { ticket: { requester_id: contact, comment: { body: 'old' } } }), 201).ticket.id;
  expect((await t.call('DELETE', `/api/v2/tickets/${deletedTicket}`)).status).toBe(204);
  const deletedUser = await t.contact({ name: 'Gone Soon' });
  ok(await t.call('DELETE', `/api/v2/users/${deletedUser}`));
  const pending = await t.app.inject({
    method: 'POST',
    url: '/api/v2/uploads?filename=later.txt',
    headers: { authorization: t.owner.auth, 'content-type': 'text/plain' },
    payload: Buffer.from('later'),
  });
  const uploadToken = JSON.parse(pending.body).upload.token as string;
  const erasureRequest = ok(await t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: contact } }), 201).erasure_request.id;
  await t.drainJobs();
  const jobId = ok(await t.call('PUT', `/api/v2/tickets/mark_many_as_spam?ids=${ticket + 1000}`)).job_status.id as string;
  await t.drainJobs();
  return {
    t,
    agent,
    contact,
    deletedUser,
    identity,
    organization,
    orgMembership,
    group,
    groupMembership,
    ticket,
    comment,
    attachment,
    spamTicket,
    deletedTicket,
    uploadToken,
    erasureRequest,
    jobId,
  };
}

/** Every row of every table, tables by name and rows in a stable order (bytes as hex). */
export async function snapshot(t: TestApp): Promise<Record<string, string[]>> {
  const db = t.store.db;
  const names =
    t.store.kind === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db)).rows
      : (
          await sql<{ name: string }>`select table_name as name from information_schema.tables
            where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db)
        ).rows;
  const out: Record<string, string[]> = {};
  for (const { name } of names) {
    if (name.startsWith('kysely_')) continue;
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db)).rows;
    out[name] = rows
      .map((r) => JSON.stringify(r, (_k, v) => (v && typeof v === 'object' && v.type === 'Buffer' ? Buffer.from(v.data).toString('hex') : v)))
      .sort();
  }
  return out;
}

/** Sends one case as the owner. */
async function send(w: World, c: BadCase) {
  if (c.raw) {
    const res = await w.t.app.inject({
      method: c.method as 'POST',
      url: c.url,
      headers: { authorization: w.t.owner.auth, 'content-type': 'application/octet-stream' },
      payload: c.raw,
    });
    return { status: res.statusCode, body: JSON.parse(res.body), headers: res.headers };
  }
  if (c.auth) {
    const res = await w.t.app.inject({ method: c.method as 'GET', url: c.url, headers: { authorization: c.auth } });
    return { status: res.statusCode, body: JSON.parse(res.body), headers: res.headers };
  }
  return w.t.call(c.method, c.url, c.body);
}

/** Asserts one answer: the status, the error code, and that the text names what was wrong. */
function expectRefusal(c: BadCase, r: { status: number; body: any; headers: Record<string, unknown> }) {
  const seen = JSON.stringify(r.body);
  expect(r.status, seen).toBe(c.status);
  expect(r.headers['x-content-type-options']).toBe('nosniff');
  if (c.status === 401) {
    expect(r.body.error, seen).toBe("Couldn't authenticate you");
  } else if (c.status === 404) {
    expect(r.body.error, seen).toBe('RecordNotFound');
  } else if (c.status === 400) {
    expect(r.body.error, seen).toBe('InvalidRequest');
    expect(r.body.description, seen).toMatch(c.names instanceof RegExp ? c.names : new RegExp(escape(c.names ?? '')));
  } else {
    expect(r.body.error, seen).toBe('RecordInvalid');
    const key = c.names as string;
    expect(Object.keys(r.body.details), seen).toContain(key);
    expect(r.body.details[key][0].description, seen).toContain(key);
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Cases for a path with one id: every bad id gives 404 RecordNotFound. */
export function badPathIds(method: string, url: (id: string) => string, body?: unknown): BadCase[] {
  return BAD_ID_TEXTS.map((id) => ({ name: `${method} ${url(`<${id}>`)}`, method, url: url(encodeURIComponent(id)), body, status: 404 as const }));
}

/** Cases for `?ids=`: every bad list gives 400 naming ids (or the NUL rule). */
export function badIdsQuery(method: string, path: string, param = 'ids'): BadCase[] {
  return BAD_ID_QUERY.map((v) => ({
    name: `${method} ${path}?${param}=<${v}>`,
    method,
    url: `${path}?${param}=${v === '%00' ? v : encodeURIComponent(v)}`,
    status: 400 as const,
    names: v === '%00' ? new RegExp(`query parameter ${escape(param)} contains a NUL`) : new RegExp(`^${escape(param)}[: ]`),
  }));
}

/** Cases for an id field of a body: each bad value gives 422 naming the field. */
export function badBodyIds(method: string, url: string, field: string, build: (v: unknown) => unknown): BadCase[] {
  return BAD_ID_VALUES.map((v) => ({ name: `${method} ${url} ${field}=${JSON.stringify(v)}`, method, url, body: build(v), status: 422 as const, names: field }));
}

/** Cases for a text field of a body: NUL and lone surrogates give 400 naming the field's path. */
export function badBodyTexts(method: string, url: string, path: string, build: (v: string) => unknown): BadCase[] {
  return BAD_TEXTS.map((b) => ({
    name: `${method} ${url} ${path} with ${b.label}`,
    method,
    url,
    body: build(b.value),
    status: 400 as const,
    names: new RegExp(`^${escape(path)} contains an? ${b.why.source}`),
  }));
}

/** A NUL in a query parameter (a lone surrogate cannot be spelled in a URL: see badUrls). */
export function badQueryText(method: string, path: string, param: string, rest = ''): BadCase {
  return {
    name: `${method} ${path}?${param}=<NUL>`,
    method,
    url: `${path}?${rest}${encodeURIComponent(param)}=a%00b`,
    status: 400,
    names: new RegExp(`^query parameter ${escape(param)} contains a NUL`),
  };
}

/** Whole-number query values that are refused: below 1, signed, fractions, exponents, hex, words, spaces. */
export const BAD_WHOLE_TEXTS = ['0', '-1', '1.5', '1e2', '0x10', 'abc', ' 7', '+3'];

/** Cases for one query parameter: each value gives 400 naming the parameter (`rest` goes before it). */
export function badQueryValues(method: string, path: string, param: string, values: string[], rest = '', names?: RegExp): BadCase[] {
  return values.map((v) => ({
    name: `${method} ${path}?${param}=<${v}>`,
    method,
    url: `${path}?${rest}${param}=${encodeURIComponent(v)}`,
    status: 400 as const,
    names: names ?? new RegExp(`^${escape(param)} `),
  }));
}

/** A parameter given twice, which is read as a list and refused: 400 "… must be given once". */
export function givenTwice(method: string, path: string, param: string, a: string, b: string, rest = ''): BadCase {
  return {
    name: `${method} ${path}?${param} twice`,
    method,
    url: `${path}?${rest}${param}=${encodeURIComponent(a)}&${param}=${encodeURIComponent(b)}`,
    status: 400,
    names: new RegExp(`^${escape(param)} must be given once`),
  };
}

/** Cases for the paging parameters of a list: bad numbers, repeats, and cursors not given out here. */
export function badPaging(path: string, rest = ''): BadCase[] {
  const cursor = (s: string) => Buffer.from(s).toString('base64url');
  return [
    ...['page', 'per_page', 'page[size]'].flatMap((p) => [
      ...badQueryValues('GET', path, p, BAD_WHOLE_TEXTS, rest, new RegExp(`^${escape(p)} must be a whole number of at least 1`)),
      givenTwice('GET', path, p, '1', '2', rest),
    ]),
    ...['page[after]', 'page[before]'].flatMap((p) =>
      badQueryValues('GET', path, p, [cursor('abc'), cursor('0'), 'x'.repeat(65)], `${rest}page[size]=2&`, new RegExp(`^${escape(p)} is not a cursor`)),
    ),
  ];
}

/** Every case of the given sources, each its own test, on SQLite and PostgreSQL. */
export function describeBadInput(title: string, sources: CaseSource[], count: (n: number) => void = () => {}): void {
  describeEachDb(title, (kind) => {
    let w: World;
    let before: Record<string, string[]>;
    // The cases are built from the ids of a world made once, and the list must be known
    // when the tests are registered: so they are registered by index, then filled in.
    const cases: BadCase[] = [];
    beforeAll(async () => {
      const t = await createTestApp(kind);
      w = await buildWorld(t);
      cases.push(...sources.flatMap((s) => s(w)));
      // One call first, so that the owner's token has its last-used time (the clock stands still).
      await t.call('GET', '/api/v2/users/me');
      before = await snapshot(t);
    });
    afterAll(async () => {
      await w?.t.close();
    });
    const n = sources.reduce((sum, s) => sum + s(placeholderWorld).length, 0);
    count(n);
    for (let i = 0; i < n; i++) {
      it(`case ${i + 1} of ${n}: ${sources.flatMap((s) => s(placeholderWorld))[i]!.name}`, async () => {
        const c = cases[i]!;
        const r = await send(w, c);
        expectRefusal(c, r);
        const after = await snapshot(w.t);
        if (JSON.stringify(after) !== JSON.stringify(before)) {
          before = after; // the next case compares with what is there now
          expect.fail(`${c.name} changed the database`);
        }
      });
    }
  });
}

/** Ids standing in for the world while tests are registered (names only; never sent). */
const placeholderWorld: World = new Proxy({} as World, {
  get: (_t, key) => (key === 'agent' ? { id: '<agent.id>' } : `<${String(key)}>`),
}) as World;
