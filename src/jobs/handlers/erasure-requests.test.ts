import { expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { describeEachDb, type DbKind } from '../../../test/db.ts';
import { startServer, type RunningServer } from '../../../test/server.ts';
import { openStore } from '../../db/connect.ts';

// The erasure-request job survives its server being killed: the real `oubli serve` runs an
// execution over 120 tickets that name the person (twelve steps of ten), is killed with
// SIGKILL once the job has made progress, is started again, and finishes with the same end
// state as a run that was never interrupted.

const PERSON = { name: 'Anna Karenina', email: 'anna.k@example.com' };
const TICKETS = 120;

type Any = any;

function client(s: RunningServer) {
  const auth = `Basic ${Buffer.from(`${s.ownerEmail}/token:${s.token}`).toString('base64')}`;
  return async (method: string, path: string, body?: object): Promise<{ status: number; body: Any }> => {
    const r = await fetch(`${s.baseUrl}/api/v2${path}`, {
      method,
      headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
  };
}

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 120_000, every = 20): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** Reads the server's database directly (while it is down, or beside it). */
async function withDb<T>(s: RunningServer, fn: (db: Kysely<Any>) => Promise<T>): Promise<T> {
  const store = await openStore({ dataDir: s.dataDir, databaseUrl: s.databaseUrl });
  try {
    return await fn(store.db as unknown as Kysely<Any>);
  } finally {
    await store.close();
  }
}

/** What the erasure left, by ticket subject (ids and timestamps aside). */
async function endState(s: RunningServer, requestId: number) {
  const api = client(s);
  const cert = (await api('GET', `/erasure_requests/${requestId}/certificate`)).body.certificate;
  const { byte_scan: scan, checkpoint: _cp, ...verification } = cert.verification;
  return withDb(s, async (db) => {
    const tickets = await db.selectFrom('tickets').select(['id', 'subject', 'status', 'state']).orderBy('id').execute();
    const comments = await db.selectFrom('comments').select(['ticket_id', 'body', 'html_body', 'plain_body']).orderBy('id').execute();
    const users = await db.selectFrom('users').select(['name', 'erased_at']).where('role', '=', 'end-user').orderBy('id').execute();
    const left = (await db.selectFrom('erasure_request_matches').select((eb: Any) => eb.fn.countAll().as('c')).executeTakeFirst()) as Any;
    return {
      counts: cert.counts,
      verification,
      byteScan: scan.status,
      users: users.map((u: Any) => ({ name: u.name, erased: !!u.erased_at })),
      tickets: tickets
        .map((t: Any) => ({
          subject: t.subject,
          status: t.status,
          state: t.state,
          comments: comments.filter((c: Any) => c.ticket_id === t.id).map((c: Any) => [c.body, c.html_body, c.plain_body]),
        }))
        .sort((a: Any, b: Any) => String(a.subject).localeCompare(String(b.subject))),
      matchesLeft: Number(left.c),
    };
  });
}

async function scenario(kind: DbKind, interrupt: boolean) {
  const s = await startServer(kind);
  try {
    const api = client(s);
    const anna = (await api('POST', '/users', { user: { name: PERSON.name, email: PERSON.email } })).body.user.id;
    const other = (await api('POST', '/users', { user: { name: 'Boris Levin', email: 'boris@example.test' } })).body.user.id;
    for (let i = 0; i < 5; i++) {
      expect((await api('POST', '/tickets', { ticket: { requester_id: anna, subject: `Mine ${i}`, comment: { body: `I am ${PERSON.name}` } } })).status).toBe(201);
    }
    // Several at a time; subjects (not ids) identify them in the end state.
    for (let i = 0; i < TICKETS; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, (_, k) =>
          api('POST', '/tickets', {
            ticket: { requester_id: other, subject: `Case ${String(i + k).padStart(3, '0')}`, comment: { body: `Note ${i + k}: ${PERSON.name} (${PERSON.email}) phoned about the order` } },
          }).then((r) => expect(r.status).toBe(201)),
        ),
      );
    }
    const id = (await api('POST', '/erasure_requests', { erasure_request: { user_id: anna } })).body.erasure_request.id;
    await until('the plan', async () => (await api('GET', `/erasure_requests/${id}`)).body.erasure_request.status === 'ready');
    expect((await api('PUT', `/erasure_requests/${id}`, { erasure_request: { confirm_all: true } })).status).toBe(200);
    const job = (await api('POST', `/erasure_requests/${id}/execute`)).body.job_status;

    if (interrupt) {
      await until('progress', async () => (await api('GET', `/job_statuses/${job.id}`)).body.job_status.progress > 0, 60_000, 5);
      await s.kill('SIGKILL');
      await withDb(s, async (db) => {
        // Killed mid-run: some of the work is done, some is not.
        const r = await db.selectFrom('erasure_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        expect(r.status).toBe('executing');
        const left = await db.selectFrom('erasure_request_matches').select((eb: Any) => eb.fn.countAll().as('c')).where('request_id', '=', id).where('decision', '=', 'confirm').where('applied_at', 'is', null).where('location', '<>', 'requested_ticket').executeTakeFirst();
        expect(Number((left as Any).c)).toBeGreaterThan(0);
        expect(Number((left as Any).c)).toBeLessThan(TICKETS * 2);
        // The dead runner's lease would run out within a minute; the test does not wait for it.
        await db.updateTable('jobs').set({ claimed_until: '2000-01-01T00:00:00.000Z' }).where('id', '=', job.id).execute();
      });
      await s.restart();
    }
    const api2 = client(s);
    await until('completion', async () => (await api2('GET', `/erasure_requests/${id}`)).body.erasure_request.status === 'completed', 180_000, 100);
    const finalJob = (await api2('GET', `/job_statuses/${job.id}`)).body.job_status;
    expect(finalJob.status).toBe('completed');
    expect(finalJob.progress).toBe(finalJob.total);
    return await endState(s, id);
  } finally {
    await s.stop();
  }
}

describeEachDb('an erasure request whose server is killed mid-run', (kind) => {
  it('resumes after a restart and ends as an uninterrupted run does', async () => {
    const interrupted = await scenario(kind, true);
    const straight = await scenario(kind, false);
    expect(interrupted.verification.passed).toBe(true);
    expect(interrupted.counts).toMatchObject({ redacted_comments: TICKETS, erased_requested_tickets: 5, erased_tickets: 0 });
    expect(interrupted.tickets.filter((t: Any) => t.state === 'erased')).toHaveLength(5);
    expect(JSON.stringify(interrupted.tickets)).not.toContain('Karenina');
    expect(interrupted).toEqual(straight);
  }, 600_000);
});
