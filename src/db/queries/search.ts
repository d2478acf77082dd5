import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../schema.ts';
import type { DialectCaps, SearchDialect, TextMatch, TextSource } from '../dialects/caps.ts';
import type { Clause, Group, Item, ResultType, SearchQuery, TextTerm } from '../../search/syntax.ts';

// The search queries. A parsed query becomes, for each result type, one WHERE condition on
// that type's table; full-text terms become `id IN (subquery)` over the dialect's index.
// State filters are part of every condition: results show active tickets and live users only.

/** Who is searching, for `assignee:me`. */
export interface SearchScope {
  actorId?: number;
}

// A condition is either known before running anything (true/false) or a piece of SQL.
type Cond = boolean | RawBuilder<SqlBool>;

function and(conds: Cond[]): Cond {
  if (conds.includes(false)) return false;
  const parts = conds.filter((c): c is RawBuilder<SqlBool> => c !== true);
  if (parts.length === 0) return true;
  return parts.length === 1 ? parts[0]! : sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

function or(conds: Cond[]): Cond {
  if (conds.includes(true)) return true;
  const parts = conds.filter((c): c is RawBuilder<SqlBool> => c !== false);
  if (parts.length === 0) return false;
  return parts.length === 1 ? parts[0]! : sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

function not(c: Cond): Cond {
  return typeof c === 'boolean' ? !c : sql<SqlBool>`not ${c}`;
}

const TABLE: Record<ResultType, { table: string; alias: string }> = {
  ticket: { table: 'tickets', alias: 't' },
  user: { table: 'users', alias: 'u' },
  organization: { table: 'organizations', alias: 'o' },
  group: { table: 'groups', alias: 'g' },
};

const TEXT_SOURCES: Record<ResultType, TextSource[]> = {
  ticket: ['ticket_subject', 'comment', 'attachment'],
  user: ['user', 'identity'],
  organization: ['organization'],
  group: ['group'],
};

/** Which types each keyword describes; a keyword that does not describe a type excludes it. */
const APPLIES: Record<Exclude<Clause['kind'], 'text' | 'type' | 'date'>, ResultType[]> = {
  status: ['ticket'],
  person: ['ticket'],
  email: ['user'],
  role: ['user'],
  tag: ['ticket', 'user'],
};

const col = (type: ResultType, c: string) => sql.ref(`${TABLE[type].alias}.${c}`);

function textCond(d: SearchDialect, type: ResultType, terms: TextMatch[]): Cond {
  const subs = TEXT_SOURCES[type].map((s) => d.idsMatching(s, terms));
  return sql<SqlBool>`${col(type, 'id')} in (${sql.join(subs, sql` union `)})`;
}

function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The condition for one keyword on one type, before negation; null when it does not apply. */
function clauseCond(d: SearchDialect, type: ResultType, c: Clause, scope: SearchScope): Cond | null {
  switch (c.kind) {
    case 'text':
      return textCond(d, type, [c]);
    case 'type':
      return c.type === type;
    case 'date': {
      const field = col(type, c.field === 'created' ? 'created_at' : 'updated_at');
      const parts: Cond[] = [];
      if (c.gte) parts.push(sql<SqlBool>`${field} >= ${c.gte}`);
      if (c.lt) parts.push(sql<SqlBool>`${field} < ${c.lt}`);
      return and(parts);
    }
  }
  if (!APPLIES[c.kind].includes(type)) return null;
  switch (c.kind) {
    case 'status':
      return c.statuses.length ? sql<SqlBool>`${col(type, 'status')} in (${sql.join(c.statuses)})` : false;
    case 'person': {
      const field = col(type, c.field === 'requester' ? 'requester_id' : 'assignee_id');
      const r = c.ref;
      if (r.by === 'none') return sql<SqlBool>`${field} is null`;
      if (r.by === 'me') return scope.actorId === undefined ? false : sql<SqlBool>`${field} = ${scope.actorId}`;
      if (r.by === 'id') return sql<SqlBool>`${field} = ${r.id}`;
      return sql<SqlBool>`${field} in (select i.user_id from identities i where i.type = 'email' and i.value_key = ${r.email} and i.released = 0)`;
    }
    case 'email': {
      const match = c.prefix ? sql`i.value_key like ${likePrefix(c.value)} escape '\\'` : sql`i.value_key = ${c.value}`;
      return sql<SqlBool>`${col(type, 'id')} in (select i.user_id from identities i where i.type = 'email' and ${match})`;
    }
    case 'role':
      return sql<SqlBool>`${col(type, 'role')} = ${c.role}`;
    case 'tag': {
      const tags = [...new Set([c.tag, c.tag.toLowerCase()])];
      return type === 'ticket'
        ? sql<SqlBool>`${col(type, 'id')} in (select tt.ticket_id from ticket_tags tt where tt.tag in (${sql.join(tags)}))`
        : sql<SqlBool>`${col(type, 'id')} in (select ut.user_id from user_tags ut where ut.tag in (${sql.join(tags)}))`;
    }
  }
}

function itemCond(d: SearchDialect, type: ResultType, item: Item, scope: SearchScope): Cond {
  const c = clauseCond(d, type, item.clause, scope);
  // A keyword about another type excludes this one, negated or not: `-status:closed` is about tickets.
  if (c === null) return false;
  return item.negated ? not(c) : c;
}

function groupCond(d: SearchDialect, type: ResultType, group: Group, scope: SearchScope): Cond {
  // Plain words OR-ed together share one index lookup per source (a person search is five of them).
  const words = group.filter((i): i is Item & { clause: TextTerm } => i.clause.kind === 'text' && !i.negated);
  const rest = group.filter((i) => !words.includes(i as never));
  const conds = rest.map((i) => itemCond(d, type, i, scope));
  if (words.length) conds.push(textCond(d, type, words.map((w) => w.clause)));
  return or(conds);
}

function baseCond(d: SearchDialect, type: ResultType): Cond {
  switch (type) {
    case 'ticket':
      // Spam, deleted and erased tickets are never results.
      return sql<SqlBool>`${d.filterOnly(sql`${col(type, 'state')}`)} = 'active'`;
    case 'user':
      return sql<SqlBool>`(${col(type, 'deleted_at')} is null and ${col(type, 'erased_at')} is null)`;
    default:
      return true;
  }
}

/** The WHERE condition for one type, or null when the query can match nothing of that type. */
function typeCondition(caps: DialectCaps, type: ResultType, q: SearchQuery, scope: SearchScope): RawBuilder<SqlBool> | null {
  const d = caps.search;
  const c = and([baseCond(d, type), ...q.groups.map((g) => groupCond(d, type, g, scope))]);
  if (c === false) return null;
  return c === true ? sql<SqlBool>`1 = 1` : c;
}

export interface SearchRow {
  result_type: ResultType;
  id: number;
}

export type SortBy = 'updated_at' | 'created_at';

/** How many results of these types the query matches. */
export async function countSearch(db: Kysely<Database>, caps: DialectCaps, q: SearchQuery, types: ResultType[], scope: SearchScope): Promise<number> {
  let total = 0;
  for (const type of types) {
    const where = typeCondition(caps, type, q, scope);
    if (!where) continue;
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.raw(`${TABLE[type].table} ${TABLE[type].alias}`)} where ${where}`.execute(db);
    total += Number(r.rows[0]?.n ?? 0);
  }
  return total;
}

/**
 * One offset page of results across types, newest first unless asked otherwise, with the
 * total computed in the same pass (a window over the whole match set). The total is null
 * when the page is empty, where the window has no row to ride on.
 */
export async function pageSearch(
  db: Kysely<Database>,
  caps: DialectCaps,
  q: SearchQuery,
  types: ResultType[],
  scope: SearchScope,
  page: { limit: number; offset: number; sortBy: SortBy; order: 'asc' | 'desc' },
): Promise<{ rows: SearchRow[]; total: number | null }> {
  const parts: RawBuilder<unknown>[] = [];
  for (const type of types) {
    const where = typeCondition(caps, type, q, scope);
    if (!where) continue;
    const { table, alias } = TABLE[type];
    parts.push(sql`select ${sql.lit(type)} as result_type, ${sql.ref(`${alias}.id`)} as id, ${sql.ref(`${alias}.${page.sortBy}`)} as sort_key from ${sql.raw(`${table} ${alias}`)} where ${where}`);
  }
  if (parts.length === 0) return { rows: [], total: 0 };
  const dir = sql.raw(page.order);
  const r = await sql<{ result_type: ResultType; id: number | string; total: number | string }>`
    select result_type, id, count(*) over () as total from (${sql.join(parts, sql` union all `)}) r
    order by sort_key ${dir}, result_type ${dir}, id ${dir}
    limit ${page.limit} offset ${page.offset}`.execute(db);
  return {
    rows: r.rows.map((row) => ({ result_type: row.result_type, id: Number(row.id) })),
    total: r.rows.length ? Number(r.rows[0]!.total) : null,
  };
}

/** Keyset paging over one type in ascending id order (export, /users/search). */
export interface IdPage {
  limit: number;
  offset?: number;
  afterId?: number;
  beforeId?: number;
}

/** The matching ids of one type, one page ascending by id (with beforeId: the last `limit` before it). */
export async function idPageSearch(
  db: Kysely<Database>,
  caps: DialectCaps,
  q: SearchQuery,
  type: ResultType,
  scope: SearchScope,
  page: IdPage,
): Promise<number[]> {
  const where = typeCondition(caps, type, q, scope);
  if (!where) return [];
  const { table, alias } = TABLE[type];
  const id = sql.ref(`${alias}.id`);
  const keyset = page.beforeId !== undefined ? sql`and ${id} < ${page.beforeId}` : page.afterId !== undefined ? sql`and ${id} > ${page.afterId}` : sql``;
  const dir = sql.raw(page.beforeId !== undefined ? 'desc' : 'asc');
  const r = await sql<{ id: number | string }>`
    select ${id} as id from ${sql.raw(`${table} ${alias}`)} where ${where} ${keyset}
    order by ${id} ${dir} limit ${page.limit} offset ${page.offset ?? 0}`.execute(db);
  const ids = r.rows.map((row) => Number(row.id));
  return page.beforeId !== undefined ? ids.reverse() : ids;
}

// Loading the rows of a page. The state filters are repeated: a row deleted between the
// search and the load is left out rather than shown.

export async function activeTicketsByIds(db: Kysely<Database>, caps: DialectCaps, ids: number[]) {
  if (!ids.length) return [];
  const state = caps.search.filterOnly(sql.ref('state'));
  return db.selectFrom('tickets').selectAll().where('id', 'in', ids).where(sql<SqlBool>`${state} = 'active'`).execute();
}

export async function liveUsersByIds(db: Kysely<Database>, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('users').selectAll().where('id', 'in', ids).where('deleted_at', 'is', null).where('erased_at', 'is', null).execute();
}

export async function organizationsByIds(db: Kysely<Database>, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('organizations').selectAll().where('id', 'in', ids).execute();
}

export async function groupsByIds(db: Kysely<Database>, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('groups').selectAll().where('id', 'in', ids).execute();
}
