import { AppError } from '../errors.ts';
import { isIdText, MAX_ID } from '../shared/ids.ts';
import type { Role, TicketStatus } from '../db/schema.ts';

// The search query language (docs/search.md), parsed into a small tree. Pure: no database, no
// clock. Error messages name the keyword and the position, never the value typed, because
// a query is often someone's name or email and messages must not carry personal data.

export type ResultType = 'ticket' | 'user' | 'organization' | 'group';
export const RESULT_TYPES: readonly ResultType[] = ['ticket', 'user', 'organization', 'group'];

/** Statuses in the order `<` and `>` compare them. */
export const STATUS_ORDER = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const satisfies readonly TicketStatus[];
export type SearchStatus = (typeof STATUS_ORDER)[number];

/** Words (one token) or a phrase (several tokens in a row); `prefix` makes the last token a prefix. */
export interface TextTerm {
  kind: 'text';
  tokens: string[];
  prefix: boolean;
}

export type PersonRef = { by: 'id'; id: number } | { by: 'email'; email: string } | { by: 'none' } | { by: 'me' };

export type Clause =
  | TextTerm
  | { kind: 'type'; type: ResultType }
  | { kind: 'status'; statuses: SearchStatus[] }
  | { kind: 'person'; field: 'requester' | 'assignee'; ref: PersonRef }
  | { kind: 'email'; value: string; prefix: boolean }
  | { kind: 'role'; role: Role }
  | { kind: 'tag'; tag: string }
  /** A half-open range of ISO timestamps: gte <= value < lt. */
  | { kind: 'date'; field: 'created' | 'updated'; gte?: string; lt?: string };

export interface Item {
  negated: boolean;
  clause: Clause;
}

/** Alternatives joined by OR; the query is the AND of its groups. */
export type Group = Item[];

export interface SearchQuery {
  groups: Group[];
}

export const MAX_QUERY_LENGTH = 1000;
export const MAX_ITEMS = 40;
const MIN_PREFIX = 2;

function bad(message: string): never {
  throw new AppError('invalid_request', message);
}

/** Splits text the way the indexes do: runs of letters and digits, lower-cased. */
export function textTokens(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 64);
}

interface RawToken {
  negated: boolean;
  text: string;
  /** The whole token was one "quoted phrase". */
  quoted: boolean;
  /** 1-based character position, for error messages. */
  at: number;
}

function lex(input: string): RawToken[] {
  const out: RawToken[] = [];
  let i = 0;
  const n = input.length;
  const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
  while (i < n) {
    while (i < n && isSpace(input[i])) i++;
    if (i >= n) break;
    const start = i;
    let negated = false;
    if (input[i] === '-' && i + 1 < n && !isSpace(input[i + 1])) {
      negated = true;
      i++;
    }
    if (input[i] === '"') {
      const close = input.indexOf('"', i + 1);
      if (close < 0) bad(`The quote at character ${i + 1} is never closed.`);
      out.push({ negated, text: input.slice(i + 1, close), quoted: true, at: start + 1 });
      i = close + 1;
      continue;
    }
    let text = '';
    while (i < n && !isSpace(input[i])) {
      if (input[i] === '"') {
        // A quoted value after a keyword (`tags:"two words"`) belongs to the same token.
        const close = input.indexOf('"', i + 1);
        if (close < 0) bad(`The quote at character ${i + 1} is never closed.`);
        text += input.slice(i, close + 1);
        i = close + 1;
      } else {
        text += input[i];
        i++;
      }
    }
    out.push({ negated, text, quoted: false, at: start + 1 });
  }
  return out;
}

const KEYWORD = /^([A-Za-z_]+)(<=|>=|:|<|>)([\s\S]*)$/;
const KEYWORDS = new Set(['type', 'status', 'requester', 'assignee', 'email', 'role', 'tags', 'tag', 'created', 'updated']);
type Op = ':' | '<' | '>' | '<=' | '>=';

function unquote(v: string): { value: string; quoted: boolean } {
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return { value: v.slice(1, -1), quoted: true };
  return { value: v.replace(/"/g, ''), quoted: false };
}

function statusesFor(op: Op, status: SearchStatus): SearchStatus[] {
  const at = STATUS_ORDER.indexOf(status);
  const keep = (i: number) =>
    op === ':' ? i === at : op === '<' ? i < at : op === '>' ? i > at : op === '<=' ? i <= at : i >= at;
  return STATUS_ORDER.filter((_, i) => keep(i));
}

const DAY_MS = 86_400_000;

function dayStart(value: string, label: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  // Date.UTC rolls 2026-02-30 over to March: a date that does not exist is refused.
  if (!m || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== value) {
    bad(`${label} takes a date written YYYY-MM-DD.`);
  }
  return t;
}

function dateRange(field: 'created' | 'updated', op: Op, value: string, label: string): Clause {
  const day = dayStart(value, label);
  const iso = (t: number) => new Date(t).toISOString();
  // A date names a whole UTC day: `<` is before it starts, `>` after it ends.
  switch (op) {
    case ':':
      return { kind: 'date', field, gte: iso(day), lt: iso(day + DAY_MS) };
    case '<':
      return { kind: 'date', field, lt: iso(day) };
    case '<=':
      return { kind: 'date', field, lt: iso(day + DAY_MS) };
    case '>':
      return { kind: 'date', field, gte: iso(day + DAY_MS) };
    case '>=':
      return { kind: 'date', field, gte: iso(day) };
  }
}

function personRef(value: string, label: string): PersonRef {
  const v = value.trim().toLowerCase();
  if (v === 'none') return { by: 'none' };
  if (v === 'me') return { by: 'me' };
  if (/^\d+$/.test(v)) {
    if (!isIdText(v)) bad(`${label} takes a user id from 1 to ${MAX_ID}.`);
    return { by: 'id', id: Number(v) };
  }
  if (/^[^\s@*]+@[^\s@*]+$/.test(v)) return { by: 'email', email: v };
  return bad(`${label} takes an email address, a user id, me or none.`);
}

function keywordClause(key: string, op: Op, raw: string, at: number): Clause {
  const label = `${key}${op}`;
  const where = ` (at character ${at})`;
  const { value, quoted } = unquote(raw);
  if (value.trim() === '') bad(`${label} needs a value${where}.`);
  const onlyColon = () => {
    if (op !== ':') bad(`${key} takes ':' only, not '${op}'${where}.`);
  };
  const v = value.trim();
  switch (key) {
    case 'type': {
      onlyColon();
      const t = v.toLowerCase();
      if (!(RESULT_TYPES as readonly string[]).includes(t)) bad(`type: must be one of ${RESULT_TYPES.join(', ')}${where}.`);
      return { kind: 'type', type: t as ResultType };
    }
    case 'status': {
      const s = v.toLowerCase() === 'on-hold' ? 'hold' : v.toLowerCase();
      if (!(STATUS_ORDER as readonly string[]).includes(s)) bad(`${label} needs one of ${STATUS_ORDER.join(', ')}${where}.`);
      return { kind: 'status', statuses: statusesFor(op, s as SearchStatus) };
    }
    case 'requester':
    case 'assignee':
      onlyColon();
      return { kind: 'person', field: key, ref: personRef(v, `${label}${where}`) };
    case 'email': {
      onlyColon();
      const prefix = !quoted && v.endsWith('*');
      const body = (prefix ? v.slice(0, -1) : v).toLowerCase();
      if (body.includes('*')) bad(`A * can only end the value of email:${where}.`);
      if (prefix ? body.length < MIN_PREFIX : !/^[^\s@]+@[^\s@]+$/.test(body)) {
        bad(`email: takes an address (name@example.com) or the start of one followed by *${where}.`);
      }
      return { kind: 'email', value: body, prefix };
    }
    case 'role': {
      onlyColon();
      const r = v.toLowerCase().replace(/^end_?user$/, 'end-user');
      if (r !== 'end-user' && r !== 'agent' && r !== 'admin') bad(`role: must be one of end-user, agent, admin${where}.`);
      return { kind: 'role', role: r };
    }
    case 'tags':
    case 'tag':
      onlyColon();
      return { kind: 'tag', tag: v };
    default:
      return dateRange(key as 'created' | 'updated', op, v, `${label}${where}`);
  }
}

function textClause(tok: RawToken): TextTerm | null {
  if (tok.quoted) {
    const tokens = textTokens(tok.text);
    return tokens.length ? { kind: 'text', tokens, prefix: false } : null;
  }
  const prefix = tok.text.endsWith('*');
  const body = prefix ? tok.text.slice(0, -1) : tok.text;
  const tokens = textTokens(body);
  if (prefix) {
    const last = tokens[tokens.length - 1];
    // `foo *` or `foo.*`: the star must touch the letters it extends.
    if (!last || !/[\p{L}\p{N}]$/u.test(body)) bad(`A * must directly follow a word (at character ${tok.at}).`);
    if (last.length < MIN_PREFIX) bad(`A prefix search needs at least ${MIN_PREFIX} letters before the * (at character ${tok.at}).`);
  }
  return tokens.length ? { kind: 'text', tokens, prefix } : null;
}

/** Parses a search query; throws a 400 that says what is wrong when it is malformed. */
export function parseSearchQuery(input: string): SearchQuery {
  if (input.length > MAX_QUERY_LENGTH) bad(`The query is too long: at most ${MAX_QUERY_LENGTH} characters.`);
  const groups: Group[] = [];
  let pendingOr = false;
  let orAt = 0;
  let items = 0;
  for (const tok of lex(input)) {
    if (!tok.quoted && !tok.negated && tok.text === 'OR') {
      if (groups.length === 0 || pendingOr) bad(`OR at character ${tok.at} must stand between two terms.`);
      pendingOr = true;
      orAt = tok.at;
      continue;
    }
    let clause: Clause | null;
    const m = tok.quoted ? null : KEYWORD.exec(tok.text);
    if (m && KEYWORDS.has(m[1]!.toLowerCase())) {
      clause = keywordClause(m[1]!.toLowerCase(), m[2] as Op, m[3]!, tok.at);
    } else {
      // Unknown `word:` prefixes (a URL, a time like 10:30) are plain text, as in Zendesk.
      clause = textClause(tok);
    }
    if (!clause) {
      // Nothing searchable (a lone dash, punctuation): skip it, but not silently inside an OR.
      if (pendingOr) bad(`OR at character ${orAt} must stand between two terms.`);
      continue;
    }
    if (++items > MAX_ITEMS) bad(`The query has too many terms: at most ${MAX_ITEMS}.`);
    const item: Item = { negated: tok.negated, clause };
    if (pendingOr) groups[groups.length - 1]!.push(item);
    else groups.push([item]);
    pendingOr = false;
  }
  if (pendingOr) bad(`OR at character ${orAt} must stand between two terms.`);
  if (groups.length === 0) bad('The query is empty: give at least one word or keyword (for example status:open).');
  return { groups };
}
