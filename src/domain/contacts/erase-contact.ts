import type { Ctx } from '../../context.ts';
import { markErasing, userForErasure } from '../../db/queries/erasure.ts';
import { AppError, notFound } from '../../errors.ts';
import { authorize, canManageUser } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { assertMapCoversSchema, eraseRow, eraseRows, pendingSurvivors, type ErasureCounts } from '../erasure/walker.ts';
import { eraseTicketsInTransaction } from '../tickets/erase-ticket.ts';
import { checkpointAfter } from '../redaction/common.ts';
import { eraseMailOfPersonStep, linkMailOfPerson, type MailErasureOptions } from './erase-contact-mail.ts';
import { notifyRecipientsOfErasure } from '../recipients/notify-erasure.ts';
import { identifiersOf, queueVerification, verifyContactErasure, type ContactVerification } from './verify-contact-erasure.ts';

/**
 * Tickets erased per transaction, each batch set-based (walker.ts). Bounded so that the write
 * lock is held for a fraction of a second: on SQLite the full-text index's secure-delete costs
 * about half a millisecond a comment, so 100 tickets of 10 comments hold it about 0.5 s
 * (BENCHMARKS.md). Larger batches save little: the index's cost is per token, not per batch.
 */
export const TICKETS_PER_BATCH = 100;

export interface EraseContactInput extends EraseContactOptions {
  userId: number;
}

export interface EraseContactOptions extends MailErasureOptions {
  /** For sweeps: only if they were deleted before this moment, re-checked in the transaction. */
  deletedBefore?: string;
  /**
   * False when the caller verifies the erasure itself (an erasure request's certificate);
   * otherwise the erasure is checked and the result is the audit event user.erasure_verified.
   */
  verify?: boolean;
}

export interface EraseContactResult {
  userId: number;
  /** Rows affected by this run, by table (tickets: erased to tombstones; users: the stub). */
  counts: ErasureCounts;
  /** The check after the erasure (verify-contact-erasure.ts), unless the caller does its own. */
  verification?: ContactVerification;
}

/**
 * Permanently deletes a deleted contact (docs/lifecycle.md): their requested tickets become
 * tombstones, their identities, tags, memberships, tokens, CC rows and unused uploads go,
 * stored mail that names them is rewritten without them and files they sent on other
 * people's tickets are redacted, and the row becomes the "Permanently Deleted User" stub
 * with the same id. Comments they wrote on other people's tickets stay, now by the stub.
 * Run again after a crash, it finishes the job. Null when a sweep's condition no longer holds.
 */
export async function eraseContact(ctx: Ctx, { userId, ...opts }: EraseContactInput): Promise<EraseContactResult | null> {
  await assertMapCoversSchema(ctx);
  const started = await ctx.db.transaction().execute(async (trx) => {
    const user = await userForErasure(trx, userId, ctx.caps.rowLocks);
    if (!user || user.erased_at) throw notFound();
    authorize(canManageUser(ctx.actor!, user, 'erase'));
    if (!user.deleted_at) throw notDeleted();
    if (opts.deletedBefore && !(user.deleted_at < opts.deletedBefore)) return false;
    // Set in its own commit: from here a restore is refused, and a crash leaves a marker
    // that a second run (or the sweep) picks up.
    if (!user.erasing_since) await markErasing(trx, userId, ctx.now().toISOString());
    return true;
  });
  if (!started) return null;
  // Their identifiers, read while they exist, for the check after the erasure: memory only.
  const verify = opts.verify !== false;
  const identifiers = verify ? await identifiersOf(ctx.db, userId) : null;

  const counts: ErasureCounts = {};
  for (;;) {
    const n = await ctx.db.transaction().execute(async (trx) => {
      const user = await userForErasure(trx, userId, ctx.caps.rowLocks);
      if (!user || user.erased_at || !user.erasing_since) throw notFound();
      let done = 0;
      for (const batch of await pendingSurvivors(ctx, trx, 'users', userId, TICKETS_PER_BATCH)) {
        const c = batch.table === 'tickets' ? await eraseTicketsInTransaction(ctx, trx, batch.ids) : await eraseRows(ctx, trx, batch.table, batch.ids);
        merge(counts, c);
        done = Math.max(done, batch.ids.length);
      }
      return done;
    });
    if (n < TICKETS_PER_BATCH) break;
  }

  // Stored mail that names them and files they sent, on everyone else's tickets too
  // (erase-contact-mail.ts), while their identities still say which addresses are theirs.
  const mail = { keepAttachmentIds: opts.keepAttachmentIds ?? [] };
  await ctx.db.transaction().execute((trx) => linkMailOfPerson(trx, userId));
  for (;;) {
    const n = await ctx.db.transaction().execute(async (trx) => {
      const user = await userForErasure(trx, userId, ctx.caps.rowLocks);
      if (!user || user.erased_at || !user.erasing_since) throw notFound();
      const r = await eraseMailOfPersonStep(ctx, trx, userId, mail);
      merge(counts, nonZero(r.counts));
      return r.done;
    });
    if (n === 0) break;
  }

  const held = await ctx.db.transaction().execute(async (trx) => {
    const user = await userForErasure(trx, userId, ctx.caps.rowLocks);
    if (!user || user.erased_at || !user.erasing_since) throw notFound();
    // Mail that arrived since the steps: rewritten before the walker deletes its links.
    for (let r = await eraseMailOfPersonStep(ctx, trx, userId, mail); r.done > 0; r = await eraseMailOfPersonStep(ctx, trx, userId, mail)) {
      merge(counts, nonZero(r.counts));
    }
    // Anything that appeared since the batches goes here too: the walker follows every reference.
    const last = await eraseRow(ctx, trx, 'users', userId);
    merge(counts, last);
    // Every path of an erasure ends here: the machine recipients of her data (the erasure
    // ledger, docs/webhooks.md "Who was told") are told, ids only, in this same commit.
    await notifyRecipientsOfErasure(ctx, trx, userId);
    await recordEvent(ctx, trx, { action: 'user.erased', subjectType: 'user', subjectId: userId, details: { ...counts } });
    // Committed with the erasure: if this process dies before the check, a runner does it.
    return verify ? await queueVerification(ctx, trx, userId) : null;
  });
  // The erased bytes leave the write-ahead log too (docs/erasure-proof.md); a busy one is logged.
  await checkpointAfter(ctx, 'user.erased', { user_id: userId });
  // The erasure is done whatever happens to its check: a check that fails is left to its job,
  // which a runner takes over when this process's hold on it runs out.
  const verification = held
    ? await verifyContactErasure(ctx, { userId, jobId: held.jobId, identifiers }).catch((err) => {
        ctx.log.warn({ action: 'user.erasure_verified', user_id: userId, errName: (err as Error)?.name }, 'the check after an erasure failed; its job will run it');
        return undefined;
      })
    : undefined;
  return { userId, counts, ...(verification ? { verification } : {}) };
}

function merge(into: ErasureCounts, from: ErasureCounts): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** Counts worth reporting: the sweep prints every key. */
function nonZero(c: object): ErasureCounts {
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v > 0));
}

function notDeleted(): AppError {
  return new AppError('record_invalid', 'Record validation errors', {
    base: [{ description: 'Only deleted users can be permanently deleted; delete them first.' }],
  });
}
