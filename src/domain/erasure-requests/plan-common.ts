import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { termsOf, type ErasureRequestRow, type NewMatch } from '../../db/queries/erasure-requests.ts';
import type { MatchLocation } from '../../shared/erasure-requests.ts';
import { termPattern } from './matching.ts';
import { htmlNeedles, termVariants, type TermVariant } from './terms.ts';

// What the planning steps of every kind of match share: the terms of this pass, the shape
// of one step's result, and a match row.

export interface PassTerm {
  id: number;
  variants: TermVariant[];
  pattern: RegExp;
  /** An identifier's strings as stored (lower case, URL-encoded forms too), for the HTML a link or image holds; empty for a name. */
  needles: string[];
}

/** One bounded step of one kind's planning: the matches it found, and where the next step starts (null: this kind is done). */
export interface PlanStep {
  matches: NewMatch[];
  cursor: number | null;
}

/** The accepted terms this planning pass searches for, with their patterns. */
export async function passTerms(trx: Kysely<Database>, requestId: number): Promise<PassTerm[]> {
  return (await termsOf(trx, requestId, { states: ['running'] })).flatMap((t) => {
    const variants = termVariants(t.kind as never, t.value);
    const pattern = termPattern(variants);
    return pattern ? [{ id: t.id, variants, pattern, needles: htmlNeedles(t) }] : [];
  });
}

export interface MatchPlace {
  location: MatchLocation;
  source_id: number;
  ticket_id?: number | null;
  comment_id?: number | null;
  attachment_id?: number | null;
  raw_message_id?: number | null;
  organization_id?: number | null;
  profile_user_id?: number | null;
  field?: string;
}

/** A match row, before its proposed action and decision. */
export function matchRow(r: Pick<ErasureRequestRow, 'id'>, now: string, termId: number | null, where: MatchPlace, snippet: string | null): Omit<NewMatch, 'proposed_action' | 'decision'> {
  return {
    request_id: r.id,
    term_id: termId,
    ticket_id: where.ticket_id ?? null,
    comment_id: where.comment_id ?? null,
    attachment_id: where.attachment_id ?? null,
    raw_message_id: where.raw_message_id ?? null,
    organization_id: where.organization_id ?? null,
    profile_user_id: where.profile_user_id ?? null,
    field: where.field ?? '',
    location: where.location,
    source_id: where.source_id,
    snippet,
    applied_action: null,
    applied_at: null,
    created_at: now,
    updated_at: now,
  };
}
