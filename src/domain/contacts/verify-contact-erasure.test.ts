import type { Kysely, KyselyPlugin } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { runSweeps } from '../../jobs/sweeps.ts';
import { insertComment, insertTicket, softDelete } from '../../../test/factories/index.ts';
import { eraseContact } from './erase-contact.ts';
import { VERIFY_HOLD_MS, VERIFY_JOB } from './verify-contact-erasure.ts';

// Delete Forever and the retention sweep verify the erasure as an erasure request does, and
// record the result as the audit event user.erasure_verified (counts only), once, even when
// the process dies between the erasure and the check.

const EMAIL = 'vera.verified@example.com';

describeEachDb('verifying Delete Forever and the sweep', (kind) => {
  let t: TestApp;
  let db: Kysely<any>;
  beforeEach(async () => {
    t = await createTestApp(kind);
    db = t.store.db as unknown as Kysely<any>;
  });
  afterEach(() => t.close());

  const events = (userId: number) =>
    db.selectFrom('audit_events').selectAll().where('action', '=', 'user.erasure_verified').where('subject_id', '=', userId).execute();
  const details = async (userId: number) => {
    const all = await events(userId);
    expect(all).toHaveLength(1);
    return JSON.parse(all[0]!.details);
  };

  async function vera() {
    const id = await t.contact({ name: 'Vera Verified', email: EMAIL, phone: '+44 20 7946 0123' });
    await insertTicket(t, id, { subject: 'Her own question' });
    return id;
  }

  it('records a clean check after Delete Forever, with counts only', async () => {
    const id = await vera();
    await softDelete(t, id);
    const r = await t.call('DELETE', `/api/v2/deleted_users/${id}`);
    expect(r.status).toBe(200);
    const d = await details(id);
    expect(d).toMatchObject({
      clean: true,
      identifiers_known: true,
      identifiers: 2,
      hits_tickets_subject: 0,
      hits_comments_plain_body: 0,
      hits_attachments_file_name: 0,
      user_erased: true,
      identities_left: 0,
      requested_tickets_left: 0,
      checkpoint_busy: false,
    });
    expect(d.byte_scan).toBe(kind === 'sqlite' ? 'clean' : 'skipped: not_sqlite');
    const text = JSON.stringify(await events(id));
    for (const s of ['Vera', EMAIL, '7946', 'vera.verified']) expect(text).not.toContain(s);
    // Its job is done: nobody runs the check again.
    const jobs = await db.selectFrom('jobs').selectAll().where('job_type', '=', VERIFY_JOB).execute();
    expect(jobs.map((j) => j.status)).toEqual(['completed']);
    t.clock.advance(VERIFY_HOLD_MS + 1000);
    await t.drainJobs();
    expect(await events(id)).toHaveLength(1);
  });

  it('records what is still found: her address in a comment she wrote on someone else\'s ticket (Delete Forever keeps it)', async () => {
    const id = await vera();
    const other = await t.contact();
    const theirs = await insertTicket(t, other);
    await insertComment(t, theirs, id, `Reach me at ${EMAIL}`);
    await softDelete(t, id);
    expect((await t.call('DELETE', `/api/v2/deleted_users/${id}`)).status).toBe(200);
    const d = await details(id);
    expect(d).toMatchObject({ clean: false, hits_comments_plain_body: 1, user_erased: true, identities_left: 0 });
    if (kind === 'sqlite') {
      expect(d.byte_scan).toBe('found');
      expect(d.byte_hits).toBeGreaterThan(0);
      expect(d.byte_hits_by_file).toEqual(expect.arrayContaining([expect.stringMatching(/^oubli\.db: \d+$/)]));
    }
    expect(JSON.stringify(await events(id))).not.toContain(EMAIL);
  });

  it('records the check of every contact the 30-day sweep erases', async () => {
    const id = await vera();
    await softDelete(t, id);
    t.clock.advanceDays(31);
    const report = await runSweeps(t.ctx, { dryRun: false });
    expect(report.lines.filter((l) => l.startsWith(`erased contact ${id} `))).toHaveLength(1);
    expect(await details(id)).toMatchObject({ clean: true, user_erased: true, identifiers: 2 });
  });

  it('is still recorded, once and without the identifiers, when the process dies between the erasure and the check', async () => {
    const id = await vera();
    await softDelete(t, id);
    // The "crash": the write that records the check fails, after the erasure committed
    // (what a process that dies there leaves behind: the erasure, and the job it queued).
    const plugin: KyselyPlugin = {
      transformQuery(args) {
        const n = args.node as any;
        if (n.kind === 'UpdateQueryNode' && JSON.stringify(n.table).includes('"jobs"')) throw new Error('process died');
        return args.node;
      },
      async transformResult(args) {
        return args.result;
      },
    };
    const r = await eraseContact({ ...t.ctx, db: t.ctx.db.withPlugin(plugin) }, { userId: id });
    // The erasure stands; its check is left to the job.
    expect(r!.verification).toBeUndefined();
    expect((await db.selectFrom('users').select('erased_at').where('id', '=', id).executeTakeFirst())!.erased_at).not.toBeNull();
    expect(await events(id)).toHaveLength(0);
    // The job queued with the erasure is held by the dead process until its hold runs out...
    await t.drainJobs();
    expect(await events(id)).toHaveLength(0);
    t.clock.advance(VERIFY_HOLD_MS + 1000);
    // ...then a runner takes it over and records what it can still check.
    await t.drainJobs();
    const d = await details(id);
    expect(d).toMatchObject({ clean: true, identifiers_known: false, identifiers: 0, byte_scan: 'skipped: identifiers_unknown', user_erased: true, identities_left: 0 });
    expect(d).not.toHaveProperty('hits_comments_plain_body');
    await t.drainJobs();
    expect(await events(id)).toHaveLength(1);
  });
});
