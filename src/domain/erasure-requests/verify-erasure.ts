import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { DialectCaps } from '../../db/dialects/caps.ts';
import type { HitSource } from '../../db/queries/erasure-request-planning.ts';
import { hitIds, htmlHitIds, rowsHolding } from '../../db/queries/erasure-verification.ts';
import { erasureMap } from '../erasure/map/index.ts';
import { MATCH_KINDS, type VerifyTerm } from './match-kinds.ts';
import { needleCounter } from './needle-scan.ts';
import { htmlNeedles, identifierForms, termVariants } from './terms.ts';
import type { TermKind } from '../../shared/erasure-requests.ts';

export type { VerifyTerm } from './match-kinds.ts';

// Checks that an erasure did what it says (the certificate's `verification`), reporting
// counts only. The index search runs every accepted term again; the byte scan looks for the
// person's identifiers in the raw bytes of the SQLite files (docs/erasure-proof.md).

/**
 * Every accepted term searched again in every kind of place (match-kinds.ts: subjects,
 * comments, attachment names, tags, custom fields, organizations, the profiles of their
 * organizations' other members), the person's own tickets aside: hits outside the places
 * the agent rejected (must be 0), and hits inside them (another person's data, kept on purpose).
 */
export async function searchAgain(db: Kysely<Database>, caps: DialectCaps, requestId: number, userId: number, terms: VerifyTerm[], peerIds?: number[]) {
  const scope = { requestId, userId, peerIds };
  let outside = 0;
  let rejected = 0;
  for (const k of MATCH_KINDS) {
    if (!k.remaining) continue;
    outside += await k.remaining(db, caps, scope, terms, 'outside_rejected');
    rejected += await k.remaining(db, caps, scope, terms, 'in_rejected');
  }
  return { terms: terms.length, hits_outside_rejected: outside, hits_in_rejected: rejected };
}

/**
 * After the erasure: every hit of every term anywhere it is searched, however it got there.
 * `peerIds`: their organizations' other members, read before the erasure removed the memberships.
 */
export async function searchAll(db: Kysely<Database>, caps: DialectCaps, requestId: number, userId: number, terms: VerifyTerm[], peerIds?: number[]): Promise<number> {
  const scope = { requestId, userId, peerIds };
  let hits = 0;
  for (const k of MATCH_KINDS) if (k.remaining) hits += await k.remaining(db, caps, scope, terms, 'all');
  return hits;
}

/** The byte strings an identifier is stored as: its written forms (URL-encoded too), as typed and in lower case. */
export function identifierNeedles(terms: VerifyTerm[]): Buffer[] {
  const forms = new Set<string>();
  for (const t of terms) for (const v of identifierForms(t.kind, t.value)) forms.add(v).add(v.toLowerCase());
  return [...forms].map((f) => Buffer.from(f, 'utf8'));
}

/** Files larger than this in all are not scanned inside a job step. */
export const BYTE_SCAN_LIMIT = 2 * 1024 ** 3;

export type ByteScan =
  | { status: 'clean' | 'found'; files: number; bytes: number; identifiers: number; hits: number; hits_by_file?: Record<string, number> }
  | { status: 'skipped'; reason: 'not_sqlite' | 'no_identifiers' | 'too_large' | 'terms_already_erased' };

/**
 * Scans the SQLite database file and its write-ahead log for the identifiers, in chunks
 * (memory stays bounded). Run after the checkpoint, so what is in the log is what is left.
 */
export async function scanDatabaseFiles(db: Kysely<Database>, caps: DialectCaps, needles: Buffer[]): Promise<ByteScan> {
  // Only an embedded database has files this process can read (the reason keeps its old name).
  if (!caps.databaseFiles) return { status: 'skipped', reason: 'not_sqlite' };
  if (!needles.length) return { status: 'skipped', reason: 'no_identifiers' };
  const files = (await caps.databaseFiles(db)).filter((f) => existsSync(f));
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  if (bytes > BYTE_SCAN_LIMIT) return { status: 'skipped', reason: 'too_large' };
  const overlap = Math.max(...needles.map((b) => b.length));
  const counter = needleCounter(needles);
  const chunk = Buffer.alloc(8 * 1024 * 1024 + overlap);
  let hits = 0;
  const byFile: Record<string, number> = {};
  for (const f of files) {
    const before = hits;
    const fd = openSync(f, 'r');
    try {
      let pos = 0;
      let carried = 0;
      for (;;) {
        const read = readSync(fd, chunk, carried, chunk.length - carried, pos);
        if (read <= 0) break;
        pos += read;
        const view = chunk.subarray(0, carried + read);
        hits += counter.count(view);
        // Keep the tail so a needle across the boundary is seen once, in the next chunk.
        carried = Math.min(overlap - 1, view.length);
        view.copy(chunk, 0, view.length - carried);
        const tail = chunk.subarray(0, carried);
        hits -= counter.count(tail);
      }
    } finally {
      closeSync(fd);
    }
    if (hits > before) byFile[basename(f)] = hits - before;
  }
  return { status: hits ? 'found' : 'clean', files: files.length, bytes, identifiers: needles.length, hits, ...(hits ? { hits_by_file: byFile } : {}) };
}

/**
 * One place a verification found something: a table and column (or a store: a file of the
 * database, the person's row), how many, and the first row ids. Never the text found.
 */
export interface Found {
  store: string;
  count: number;
  ids?: number[];
}

/** Row ids listed per place, at most. */
export const FOUND_IDS = 50;

/** The ticket texts locateHits names rows in (the other kinds are counted by match-kinds.ts). */
const SOURCES: HitSource[] = ['subject', 'comment', 'attachment_name'];

const SOURCE_STORE: Record<HitSource, string> = { subject: 'tickets.subject', comment: 'comments.plain_body', attachment_name: 'attachments.file_name' };
const HTML_STORE = 'comments.html_body';

/**
 * Where the accepted terms are still found in subjects, comments and file names (the
 * person's own tickets aside), leaving out the places in `skip` (the ones the agent
 * rejected, by source and row id): one entry per place that has any.
 */
export async function locateHits(db: Kysely<Database>, caps: DialectCaps, userId: number, terms: VerifyTerm[], skip: { location: string; source_id: number }[]): Promise<Found[]> {
  const rejected = new Set(skip.map((p) => `${p.location}:${p.source_id}`));
  const out: Found[] = [];
  for (const s of SOURCES) {
    const ids = new Set<number>();
    for (const t of terms) {
      const phrases = termVariants(t.kind as TermKind, t.value);
      if (!phrases.length) continue;
      for (const id of await hitIds(db, caps, s, phrases, userId, 1000)) if (!rejected.has(`${s}:${id}`)) ids.add(id);
    }
    if (ids.size) out.push({ store: SOURCE_STORE[s], count: ids.size, ids: [...ids].sort((a, b) => a - b).slice(0, FOUND_IDS) });
  }
  // An identifier in a comment's HTML alone (a link's target, an image's source) is in no index.
  const html = new Set<number>();
  for (const t of terms) for (const id of await htmlHitIds(db, htmlNeedles(t), userId, 1000)) if (!rejected.has(`comment:${id}`)) html.add(id);
  if (html.size) out.push({ store: HTML_STORE, count: html.size, ids: [...html].sort((a, b) => a - b).slice(0, FOUND_IDS) });
  return out;
}

/**
 * Where in the live rows the identifiers still are, after a byte scan found them: every
 * column the erasure map calls personal, read as text. What the byte scan counted beyond
 * these is in free pages or the log (a checkpoint was busy) or in a copy the map does not
 * declare as personal.
 */
export async function locateIdentifiers(db: Kysely<Database>, caps: DialectCaps, needles: Buffer[]): Promise<Found[]> {
  const out: Found[] = [];
  for (const [table, fate] of Object.entries(erasureMap)) {
    if (fate.derivedFrom || (fate.onlyOn && fate.onlyOn !== caps.name)) continue;
    const idColumn = 'id' in fate.columns ? 'id' : null;
    for (const [column, c] of Object.entries(fate.columns)) {
      if (c.kind !== 'personal') continue;
      const ids = new Set<number>();
      let count = 0;
      for (const nd of needles) {
        const r = await rowsHolding(db, table, column, idColumn, nd.toString('utf8'), FOUND_IDS);
        count = Math.max(count, r.count);
        for (const id of r.ids) ids.add(id);
      }
      if (count) out.push({ store: `${table}.${column}`, count: Math.max(count, ids.size), ...(idColumn ? { ids: [...ids].sort((a, b) => a - b).slice(0, FOUND_IDS) } : {}) });
    }
  }
  return out;
}
