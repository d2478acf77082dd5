import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { DialectCaps } from '../../db/dialects/caps.ts';
import { remainingHits, type HitSource } from '../../db/queries/erasure-request-planning.ts';
import { phoneForms, groupedIban, compactIban, termVariants } from './terms.ts';
import type { TermKind } from '../../shared/erasure-requests.ts';

// Checks that an erasure did what it says (the certificate's `verification`), reporting
// counts only. The index search runs every accepted term again; the byte scan looks for the
// person's identifiers in the raw bytes of the SQLite files (docs/erasure-proof.md).

const SOURCES: HitSource[] = ['subject', 'comment', 'attachment_name'];

export interface VerifyTerm {
  id: number;
  kind: string;
  value: string;
}

/**
 * Every accepted term searched again across ticket subjects, comments and attachment names,
 * the person's own tickets aside: hits outside the places the agent rejected (must be 0),
 * and hits inside them (another person's data, kept on purpose).
 */
export async function searchAgain(db: Kysely<Database>, caps: DialectCaps, requestId: number, userId: number, terms: VerifyTerm[]) {
  let outside = 0;
  let rejected = 0;
  for (const t of terms) {
    const phrases = termVariants(t.kind as TermKind, t.value);
    if (!phrases.length) continue;
    for (const s of SOURCES) {
      outside += await remainingHits(db, caps, s, phrases, userId, requestId, 'outside_rejected');
      rejected += await remainingHits(db, caps, s, phrases, userId, requestId, 'in_rejected');
    }
  }
  return { terms: terms.length, hits_outside_rejected: outside, hits_in_rejected: rejected };
}

/** After the erasure: every hit of every term anywhere in tickets, however it got there. */
export async function searchAll(db: Kysely<Database>, caps: DialectCaps, requestId: number, userId: number, terms: VerifyTerm[]): Promise<number> {
  let hits = 0;
  for (const t of terms) {
    const phrases = termVariants(t.kind as TermKind, t.value);
    for (const s of SOURCES) if (phrases.length) hits += await remainingHits(db, caps, s, phrases, userId, requestId, 'all');
  }
  return hits;
}

/** Kinds that identify one person; names are shared by others and are left to the index search. */
const IDENTIFIER_KINDS = new Set(['email', 'phone', 'iban', 'twitter', 'facebook']);

/** The byte strings an identifier is stored as: its written forms, as typed and in lower case. */
export function identifierNeedles(terms: VerifyTerm[]): Buffer[] {
  const forms = new Set<string>();
  for (const t of terms) {
    if (!IDENTIFIER_KINDS.has(t.kind)) continue;
    const values = t.kind === 'phone' ? phoneForms(t.value) : t.kind === 'iban' ? [t.value, ...(compactIban(t.value) ? [groupedIban(compactIban(t.value)!)] : [])] : [t.value];
    for (const v of values) if (v.trim().length >= 5) forms.add(v).add(v.toLowerCase());
  }
  return [...forms].map((f) => Buffer.from(f, 'utf8'));
}

/** Files larger than this in all are not scanned inside a job step. */
export const BYTE_SCAN_LIMIT = 2 * 1024 ** 3;

export type ByteScan =
  | { status: 'clean' | 'found'; files: number; bytes: number; identifiers: number; hits: number }
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
  const chunk = Buffer.alloc(8 * 1024 * 1024 + overlap);
  let hits = 0;
  for (const f of files) {
    const fd = openSync(f, 'r');
    try {
      let pos = 0;
      let carried = 0;
      for (;;) {
        const read = readSync(fd, chunk, carried, chunk.length - carried, pos);
        if (read <= 0) break;
        pos += read;
        const view = chunk.subarray(0, carried + read);
        for (const nd of needles) for (let i = view.indexOf(nd); i >= 0; i = view.indexOf(nd, i + 1)) hits++;
        // Keep the tail so a needle across the boundary is seen once, in the next chunk.
        carried = Math.min(overlap - 1, view.length);
        view.copy(chunk, 0, view.length - carried);
        const tail = chunk.subarray(0, carried);
        for (const nd of needles) for (let i = tail.indexOf(nd); i >= 0; i = tail.indexOf(nd, i + 1)) hits--;
      }
    } finally {
      closeSync(fd);
    }
  }
  return { status: hits ? 'found' : 'clean', files: files.length, bytes, identifiers: needles.length, hits };
}
