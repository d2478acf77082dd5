import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { getUser, identitiesOf } from '../../db/queries/users.ts';
import { completeJobOnce, insertHeldJob } from '../../db/queries/jobs.ts';
import { countIdentitiesOf, countUnerasedRequestedTickets, remainingHits, type HitSource } from '../../db/queries/erasure-request-planning.ts';
import type { TermKind } from '../../shared/erasure-requests.ts';
import { recordEvent, type EventDetails } from '../events.ts';
import { identifierNeedles, scanDatabaseFiles, type VerifyTerm } from '../erasure-requests/verify-erasure.ts';
import { termVariants } from '../erasure-requests/terms.ts';

// The check after Delete Forever and the retention sweep (docs/erasure-proof.md "Verifying
// an erasure"): the person's identifiers, read before the erasure and held in memory only,
// are searched in the full-text indexes and, on SQLite after a checkpoint, in the bytes of
// the database files; what is left of the person is counted. The result is the audit event
// `user.erasure_verified`, counts only. A job queued in the erasure's last transaction
// records it if the process dies before the check: then without the identifiers.

export const VERIFY_JOB = 'user_erasure_verify';
/** How long the erasing process holds its verification job before a runner may take it over. */
export const VERIFY_HOLD_MS = 10 * 60_000;

const IDENTITY_KINDS: Record<string, TermKind> = { email: 'email', phone_number: 'phone', twitter: 'twitter', facebook: 'facebook' };
const SOURCES: [HitSource, string][] = [
  ['subject', 'hits_tickets_subject'],
  ['comment', 'hits_comments_plain_body'],
  ['attachment_name', 'hits_attachments_file_name'],
];

/** The person's identifiers (their identities), read before the erasure: kept in memory only. */
export async function identifiersOf(db: Kysely<Database>, userId: number): Promise<VerifyTerm[]> {
  return (await identitiesOf(db, [userId])).flatMap((i) => (IDENTITY_KINDS[i.type] ? [{ id: i.id, kind: IDENTITY_KINDS[i.type]!, value: i.value }] : []));
}

/** Queues the verification in the erasure's transaction, held by this process (which runs it next). */
export async function queueVerification(ctx: Ctx, trx: Kysely<Database>, userId: number): Promise<{ jobId: string }> {
  const now = ctx.now();
  const jobId = await insertHeldJob(trx, {
    jobType: VERIFY_JOB,
    payload: { user_id: userId },
    holder: `inline-${process.pid}-${randomBytes(4).toString('hex')}`,
    until: new Date(now.getTime() + VERIFY_HOLD_MS).toISOString(),
    now: now.toISOString(),
  });
  return { jobId };
}

export interface ContactVerification {
  clean: boolean;
  details: EventDetails;
}

/**
 * Checks an erased contact and records `user.erasure_verified` once per job (whoever
 * finishes first: the erasing process, or a runner that took the job over). `identifiers`
 * null when they are no longer known (the process that erased died before the check).
 */
export async function verifyContactErasure(ctx: Ctx, input: { userId: number; jobId: string; identifiers: VerifyTerm[] | null }): Promise<ContactVerification> {
  // A checkpoint that fails counts as busy: the log may still hold erased bytes.
  const checkpoint = ctx.checkpoint ? await ctx.checkpoint().catch(() => ({ busy: true })) : null;
  const scan = input.identifiers === null ? null : await scanDatabaseFiles(ctx.db, ctx.caps, identifierNeedles(input.identifiers));
  const v = await checkOne(ctx, input, checkpoint, scan);
  await recordVerifications(ctx, [{ ...input, ...v }]);
  return v;
}

/**
 * verifyContactErasure for several contacts erased together: one checkpoint and one scan of
 * the files for all their identifiers. A scan that finds any is repeated for each contact,
 * so that each result says whether its own identifiers were found.
 */
export async function verifyContactErasures(ctx: Ctx, items: { userId: number; jobId: string; identifiers: VerifyTerm[] }[]): Promise<Map<number, ContactVerification>> {
  const out = new Map<number, ContactVerification>();
  if (items.length === 1) {
    out.set(items[0]!.userId, await verifyContactErasure(ctx, items[0]!));
    return out;
  }
  const checkpoint = ctx.checkpoint ? await ctx.checkpoint().catch(() => ({ busy: true })) : null;
  const all = await scanDatabaseFiles(ctx.db, ctx.caps, identifierNeedles(items.flatMap((i) => i.identifiers)));
  for (const item of items) {
    const scan = all.status === 'found' || !item.identifiers.length ? await scanDatabaseFiles(ctx.db, ctx.caps, identifierNeedles(item.identifiers)) : all;
    out.set(item.userId, await checkOne(ctx, item, checkpoint, scan));
  }
  // One commit records them all.
  await recordVerifications(ctx, items.map((i) => ({ ...i, ...out.get(i.userId)! })));
  return out;
}

/** What is left of one contact: the index searched for their identifiers, the scan's answer, their rows counted. */
async function checkOne(
  ctx: Ctx,
  input: { userId: number; jobId: string; identifiers: VerifyTerm[] | null },
  checkpoint: { busy: boolean } | null,
  scanned: Awaited<ReturnType<typeof scanDatabaseFiles>> | null,
): Promise<ContactVerification> {
  const { userId } = input;
  const terms = input.identifiers ?? [];
  const d: EventDetails = { identifiers_known: input.identifiers !== null, identifiers: terms.length };
  let hits = 0;
  for (const [source, key] of SOURCES) {
    let n = 0;
    for (const t of terms) {
      const phrases = termVariants(t.kind as TermKind, t.value);
      if (phrases.length) n += await remainingHits(ctx.db, ctx.caps, source, phrases, userId, 0, 'all');
    }
    if (input.identifiers !== null) d[key] = n;
    hits += n;
  }
  const scan = scanned ?? { status: 'skipped' as const, reason: 'identifiers_unknown' as const };
  d.byte_scan = scan.status === 'skipped' ? `skipped: ${scan.reason}` : scan.status;
  if (scan.status !== 'skipped') {
    d.byte_hits = scan.hits;
    d.byte_hits_by_file = Object.entries(scan.hits_by_file ?? {}).map(([f, n]) => `${f}: ${n}`);
  }
  const user = await getUser(ctx.db, userId);
  d.user_erased = !!user?.erased_at;
  d.identities_left = await countIdentitiesOf(ctx.db, userId);
  d.requested_tickets_left = await countUnerasedRequestedTickets(ctx.db, userId);
  d.checkpoint_busy = !!checkpoint?.busy;
  const clean = hits === 0 && scan.status !== 'found' && d.user_erased && d.identities_left === 0 && d.requested_tickets_left === 0 && !checkpoint?.busy;
  return { clean, details: { clean, ...d } };
}

/** Each check's job completed and its event recorded, once per job (whoever finishes first), in one commit. */
async function recordVerifications(ctx: Ctx, checks: ({ userId: number; jobId: string } & ContactVerification)[]): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now().toISOString();
    for (const c of checks) {
      if (!(await completeJobOnce(trx, c.jobId, c.clean ? 'Verified: nothing of the person found.' : 'Verified: something of the person was found (see the audit log).', now))) continue;
      await recordEvent(ctx, trx, { action: 'user.erasure_verified', subjectType: 'user', subjectId: c.userId, details: c.details });
    }
  });
}
