import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { maxIdOf } from '../../db/queries/erasure-request-planning.ts';
import { customFieldsIn, organizationsAfter, peerIdsAfter, profilesOf, ticketTagsIn } from '../../db/queries/erasure-request-records.ts';
import type { MatchLocation } from '../../shared/erasure-requests.ts';
import { parseCustomFields } from '../tickets/ticket-rules.ts';

// The places beyond tickets' text that can name a person (issue 9, item 5), read in bounded
// batches: a ticket's tags (one place), each custom field of a ticket, an organization's
// name, notes and details, the notes, details and custom fields of the other members of the
// person's organizations. Planning and verification read the same places, so what one
// searched the other checks. No index holds these texts: each batch is confirmed in memory.

/** One place and the texts in it (a ticket's tags are one place of several texts). */
export interface Place {
  location: MatchLocation;
  source_id: number;
  field: string;
  texts: string[];
  ticket?: { id: number; state: string; status: string };
  organization_id?: number;
  profile_user_id?: number;
}

/** Whom the places are read for: the person, and (after their erasure, when memberships are gone) the peers found before it. */
export interface PlaceScope {
  userId: number;
  peerIds?: number[];
}

export interface PlaceBatch {
  places: Place[];
  /** Where the next batch starts; null when this kind has no more. */
  next: number | null;
}

export type PlaceReader = (db: Kysely<Database>, scope: PlaceScope, cursor: number) => Promise<PlaceBatch>;

/** Ticket ids per batch (tags, custom fields), rows per batch (organizations, profiles). */
const TICKET_SPAN = 5000;
const ROWS = 500;

/** A custom field's value as texts: a string, a number, each option of a multi-select. Yes/no is not a person. */
export function valueTexts(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (typeof v === 'number') return [String(v)];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

async function ticketRange(db: Kysely<Database>, cursor: number) {
  const max = await maxIdOf(db, 'tickets');
  const upTo = Math.min(cursor + TICKET_SPAN, max);
  return { upTo, next: upTo >= max ? null : upTo, empty: cursor >= max };
}

export const readTags: PlaceReader = async (db, scope, cursor) => {
  const range = await ticketRange(db, cursor);
  if (range.empty) return { places: [], next: null };
  const byTicket = new Map<number, Place>();
  for (const row of await ticketTagsIn(db, scope.userId, cursor, range.upTo)) {
    const p = byTicket.get(row.ticket_id) ?? {
      location: 'tag' as const,
      source_id: row.ticket_id,
      field: '',
      texts: [],
      ticket: { id: row.ticket_id, state: row.state, status: row.status },
    };
    p.texts.push(row.tag);
    byTicket.set(row.ticket_id, p);
  }
  return { places: [...byTicket.values()], next: range.next };
};

export const readCustomFields: PlaceReader = async (db, scope, cursor) => {
  const range = await ticketRange(db, cursor);
  if (range.empty) return { places: [], next: null };
  const places: Place[] = [];
  for (const t of await customFieldsIn(db, scope.userId, cursor, range.upTo)) {
    for (const f of parseCustomFields(t.custom_fields)) {
      const texts = valueTexts(f.value);
      if (texts.length) places.push({ location: 'custom_field', source_id: t.id, field: String(f.id), texts, ticket: { id: t.id, state: t.state, status: t.status } });
    }
  }
  return { places, next: range.next };
};

export const ORGANIZATION_FIELDS = ['name', 'notes', 'details'] as const;

export const readOrganizations: PlaceReader = async (db, _scope, cursor) => {
  const orgs = await organizationsAfter(db, cursor, ROWS);
  const places: Place[] = [];
  for (const o of orgs) {
    for (const field of ORGANIZATION_FIELDS) {
      const text = o[field];
      if (text) places.push({ location: 'organization', source_id: o.id, field, texts: [text], organization_id: o.id });
    }
  }
  return { places, next: orgs.length < ROWS ? null : orgs[orgs.length - 1]!.id };
};

/** The user field keys of a profile's custom fields, each a place of its own (`user_fields.<key>`). */
export const USER_FIELD_PREFIX = 'user_fields.';

export function parseUserFields(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export const readProfiles: PlaceReader = async (db, scope, cursor) => {
  const ids = scope.peerIds ? scope.peerIds.filter((id) => id > cursor).slice(0, ROWS) : await peerIdsAfter(db, scope.userId, cursor, ROWS);
  const places: Place[] = [];
  for (const u of await profilesOf(db, ids)) {
    const base = { location: 'profile' as const, source_id: u.id, profile_user_id: u.id };
    if (u.notes) places.push({ ...base, field: 'notes', texts: [u.notes] });
    if (u.details) places.push({ ...base, field: 'details', texts: [u.details] });
    for (const [key, value] of Object.entries(parseUserFields(u.user_fields))) {
      const texts = valueTexts(value);
      if (texts.length) places.push({ ...base, field: `${USER_FIELD_PREFIX}${key}`, texts });
    }
  }
  return { places, next: ids.length < ROWS ? null : ids[ids.length - 1]! };
};

/** Every id of the person's peers (other members of their organizations), read before their erasure removes the memberships. */
export async function peerIdsOf(db: Kysely<Database>, userId: number): Promise<number[]> {
  const out: number[] = [];
  for (let after = 0; ; ) {
    const ids = await peerIdsAfter(db, userId, after, 5000);
    out.push(...ids);
    if (ids.length < 5000) return out;
    after = ids[ids.length - 1]!;
  }
}
