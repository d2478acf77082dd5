import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { markErasing, userForErasure } from '../../db/queries/erasure.ts';
import { AppError, notFound } from '../../errors.ts';
import { authorize, canManageUser } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { assertMapCoversSchema, eraseRowsOwned, pendingSurvivorsOf, type ErasureCounts } from '../erasure/walker.ts';
import { checkpointAfter } from '../redaction/common.ts';
import { deferIndexDeletes, purgeSearchIndexes, withDeferredIndexDeletes } from '../redaction/purge-search-indexes.ts';
import { eraseMailOfPersonStep, linkMailOfPerson, type MailErasureOptions } from './erase-contact-mail.ts';
import { notifyRecipientsOfErasure } from '../recipients/notify-erasure.ts';
import { identifiersOf, queueVerification, verifyContactErasures, type ContactVerification } from './verify-contact-erasure.ts';
import type { VerifyTerm } from '../erasure-requests/verify-erasure.ts';

// Delete Forever of several contacts at once (the bulk action, and eraseContact as a batch
// of one): the same steps as one contact's, each step taken for the whole batch in one
// transaction, so a thousand small contacts cost a few commits, full-text flushes,
// checkpoints and byte scans instead of a thousand of each. The walker erases all their rows
// with the same statements (eraseRowsOwned) and still counts each contact's own.

/**
 * Tickets erased per transaction, each contact's set-based (walker.ts). Bounded so that the
 * write lock is held for a fraction of a second: on SQLite the full-text index's
 * secure-delete costs about half a millisecond a comment, so 100 tickets of 10 comments hold
 * it about 0.5 s (BENCHMARKS.md). Larger batches save little: the index's cost is per token.
 */
export const TICKETS_PER_BATCH = 100;

export interface EraseContactsInput extends EraseContactOptions {
  userIds: readonly number[];
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
 * Each contact's outcome: its result, null when a sweep's condition no longer holds, or the
 * error that refused it (not found, not allowed, not deleted). One contact's refusal never
 * stops the others.
 */
export type EraseContactsOutcome = Map<number, EraseContactResult | null | AppError>;

/**
 * Permanently deletes deleted contacts (docs/lifecycle.md): their requested tickets become
 * tombstones, their identities, tags, memberships, tokens, CC rows and unused uploads go,
 * stored mail that names them is rewritten without them and files they sent on other
 * people's tickets are redacted, and each row becomes the "Permanently Deleted User" stub
 * with the same id. Comments they wrote on other people's tickets stay, now by the stub.
 * Run again after a crash, it finishes the job.
 */
export async function eraseContacts(ctx: Ctx, { userIds, ...opts }: EraseContactsInput): Promise<EraseContactsOutcome> {
  await assertMapCoversSchema(ctx);
  const outcome: EraseContactsOutcome = new Map();
  const ids = [...new Set(userIds)];
  await ctx.db.transaction().execute(async (trx) => {
    for (const id of ids) {
      const refused = await startErasure(ctx, trx, id, opts.deletedBefore);
      if (refused !== undefined) outcome.set(id, refused);
    }
  });
  let live = ids.filter((id) => !outcome.has(id));
  if (!live.length) return outcome;
  // Their identifiers, read while they exist, for the check after the erasure: memory only.
  const verify = opts.verify !== false;
  const identifiers = new Map<number, VerifyTerm[]>();
  if (verify) for (const id of live) identifiers.set(id, await identifiersOf(ctx.db, id));
  const counts = new Map<number, ErasureCounts>(live.map((id) => [id, {}]));

  // Their requested tickets, a batch of each contact's per transaction; when they are a large
  // share of the helpdesk, with the full-text index's secure-delete deferred to one purge.
  const defer = await deferIndexDeletes(ctx, live);
  for (let more = true; more && live.length; ) {
    more = await ctx.db.transaction().execute(async (trx) => {
      live = await stillErasing(ctx, trx, live, outcome);
      return withDeferredIndexDeletes(ctx, trx, defer, async () => {
        let full = false;
        for (const batch of await pendingSurvivorsOf(ctx, trx, 'users', live, TICKETS_PER_BATCH)) {
          // Read unerased and locked by pendingSurvivorsOf: every contact's rows in the same statements.
          for (const [userId, c] of await eraseRowsOwned(ctx, trx, batch.table, batch.byOwner)) merge(counts.get(userId)!, c);
          if (batch.full) full = true;
        }
        return full;
      });
    });
  }
  // Before the last transaction: a crash until then leaves the contacts being erased, and the
  // next run (or the sweep) pays the indexes' debt, this run's or an earlier one's.
  await purgeSearchIndexes(ctx);

  // Stored mail that names them and files they sent, on everyone else's tickets too
  // (erase-contact-mail.ts), while their identities still say which addresses are theirs.
  const mail = { keepAttachmentIds: opts.keepAttachmentIds ?? [] };
  await ctx.db.transaction().execute(async (trx) => {
    for (const id of live) await linkMailOfPerson(trx, id);
  });
  // In bounded steps, every contact's in the same commit, until none has anything left.
  for (let done = 1; done > 0; ) {
    done = await ctx.db.transaction().execute(async (trx) => {
      let n = 0;
      for (const id of await stillErasing(ctx, trx, live, outcome)) {
        const r = await eraseMailOfPersonStep(ctx, trx, id, mail);
        merge(counts.get(id)!, nonZero(r.counts));
        n += r.done;
      }
      return n;
    });
  }

  const held = await ctx.db.transaction().execute(async (trx) => {
    live = await stillErasing(ctx, trx, live, outcome);
    for (const id of live) {
      // Mail that arrived since the steps: rewritten before the walker deletes its links.
      for (let r = await eraseMailOfPersonStep(ctx, trx, id, mail); r.done > 0; r = await eraseMailOfPersonStep(ctx, trx, id, mail)) {
        merge(counts.get(id)!, nonZero(r.counts));
      }
    }
    // Anything that appeared since the batches goes here too: the walker follows every reference.
    const last = await eraseRowsOwned(ctx, trx, 'users', new Map(live.map((id) => [id, [id]])));
    const jobs = new Map<number, string>();
    for (const id of live) {
      const c = counts.get(id)!;
      merge(c, last.get(id) ?? {});
      // Every path of an erasure ends here: the machine recipients of her data (the erasure
      // ledger, docs/webhooks.md "Who was told") are told, ids only, in this same commit.
      await notifyRecipientsOfErasure(ctx, trx, id);
      await recordEvent(ctx, trx, { action: 'user.erased', subjectType: 'user', subjectId: id, details: { ...c } });
      // Committed with the erasure: if this process dies before the check, a runner does it.
      if (verify) jobs.set(id, (await queueVerification(ctx, trx, id)).jobId);
    }
    return jobs;
  });
  // The erased bytes leave the write-ahead log too (docs/erasure-proof.md); a busy one is logged.
  await checkpointAfter(ctx, 'user.erased', live.length === 1 ? { user_id: live[0]! } : { users: live.length });
  // The erasure is done whatever happens to its check: a check that fails is left to its job,
  // which a runner takes over when this process's hold on it runs out.
  const verifications = held.size
    ? await verifyContactErasures(ctx, [...held].map(([userId, jobId]) => ({ userId, jobId, identifiers: identifiers.get(userId) ?? [] }))).catch((err) => {
        ctx.log.warn({ action: 'user.erasure_verified', users: held.size, errName: (err as Error)?.name }, 'the check after an erasure failed; its job will run it');
        return new Map<number, ContactVerification>();
      })
    : new Map<number, ContactVerification>();
  for (const id of live) {
    const verification = verifications.get(id);
    outcome.set(id, { userId: id, counts: counts.get(id)!, ...(verification ? { verification } : {}) });
  }
  return outcome;
}

/**
 * Checks one contact and marks the erasure as started (in its own commit: from here a
 * restore is refused, and a crash leaves a marker that a second run, or the sweep, picks
 * up). Undefined when it may go on; otherwise its outcome.
 */
async function startErasure(ctx: Ctx, trx: Kysely<Database>, id: number, deletedBefore: string | undefined): Promise<AppError | null | undefined> {
  const user = await userForErasure(trx as never, id, ctx.caps.rowLocks);
  if (!user || user.erased_at) return notFound();
  try {
    authorize(canManageUser(ctx.actor!, user, 'erase'));
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  if (!user.deleted_at) return notDeleted();
  if (deletedBefore && !(user.deleted_at < deletedBefore)) return null;
  if (!user.erasing_since) await markErasing(trx, id, ctx.now().toISOString());
  return undefined;
}

/** The contacts still being erased (not erased meanwhile by another run); the others are not found. */
async function stillErasing(ctx: Ctx, trx: Kysely<Database>, ids: readonly number[], outcome: EraseContactsOutcome): Promise<number[]> {
  const out: number[] = [];
  for (const id of ids) {
    const user = await userForErasure(trx as never, id, ctx.caps.rowLocks);
    if (!user || user.erased_at || !user.erasing_since) outcome.set(id, notFound());
    else out.push(id);
  }
  return out;
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
