import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { describeEachDb, type DbKind } from '../../test/db.ts';
import { startServer, type RunningServer } from '../../test/server.ts';
import { apiClient, until } from '../../test/api-client.ts';
import { openStore, type Store } from '../db/connect.ts';

// A bulk erasure of contacts (Delete Forever) is killed with SIGKILL in the middle, more
// than once. Every contact ends erased exactly once, every result says so (none "Failed:
// Not found" for a contact the killed server had erased but not yet recorded), the results
// name nobody, and the job is taken over within a lease: by the restarted server on
// SQLite, by the other server on PostgreSQL.

const CONTACTS = 100;
const TICKETS_EACH = 3;
const LEASE_MS = 10_000; // the default lease (runner.ts DEFAULT_LEASE_MS)
const POLL_MS = 50; // test/server.ts runs servers with OUBLI_JOB_POLL_MS=50

type Any = any;

describeEachDb('a bulk job killed mid-run', (kind: DbKind) => {
  let s: RunningServer;
  let store: Store;
  beforeEach(async () => {
    s = await startServer(kind);
    store = await openStore({ dataDir: s.dataDir, databaseUrl: s.databaseUrl });
  });
  afterEach(async () => {
    await store.close();
    await s.stop();
  });

  const jobRow = async (id: string) => (store.db as unknown as Kysely<Any>).selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('tells the truth about every item after the restart, and is taken over within a lease', async () => {
    const api = apiClient(s);
    const ids: number[] = [];
    for (let i = 0; i < CONTACTS; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: 10 }, async (_, k) => {
          const n = i + k;
          let requester = 0;
          for (let j = 0; j < TICKETS_EACH; j++) {
            const r = await api('POST', '/tickets', {
              ticket: { subject: `Order ${n}-${j}`, comment: { body: `Zoltan Crashtest ${n} asks about order ${j}` }, requester: { email: `zoltan${n}@crash.test`, name: `Zoltan Crashtest ${n}` } },
            });
            expect(r.status).toBe(201);
            requester = r.body.ticket.requester_id;
          }
          return requester;
        }),
      );
      ids.push(...batch);
    }
    const del = (await api('DELETE', `/users/destroy_many?ids=${ids.join(',')}`)).body.job_status;
    await until('the soft delete', async () => (await api('GET', `/job_statuses/${del.id}`)).body.job_status.status === 'completed');

    // On PostgreSQL a second server shares the queue; whichever runs the job is killed.
    const peer = kind === 'postgres' ? await s.peer() : null;
    const job = (await api('DELETE', `/deleted_users/destroy_many?ids=${ids.join(',')}`)).body.job_status;
    const kills = kind === 'postgres' ? 1 : 2;
    const delays: number[] = [];
    let inWindow = 0;
    let alive = () => s.baseUrl;
    const db = store.db as unknown as Kysely<Any>;
    const erased = async () =>
      Number((await db.selectFrom('users').select((eb: Any) => eb.fn.countAll().as('n')).where('id', 'in', ids).where('erased_at', 'is not', null).executeTakeFirstOrThrow() as Any).n);
    for (let k = 0; k < kills; k++) {
      const before = (await jobRow(job.id)).progress;
      const row = await until('progress', async () => {
        const r = await jobRow(job.id);
        return r.status === 'working' && r.progress > before && r;
      }, 120_000, 5);
      const holder = String(row.claimed_by);
      const pid = peer && holder.startsWith(`runner-${peer.pid}-`) ? peer.pid : s.pid;
      // The moment that matters: a contact erased (committed) whose result is not written
      // yet. The holder is frozen (SIGSTOP) to look, so the look is exact; killed there, or
      // let go to look again. Near the end it is simply killed.
      for (;;) {
        process.kill(pid, 'SIGSTOP');
        const r = await jobRow(job.id);
        const n = await erased();
        if (r.status === 'working' && n > r.progress) {
          inWindow++;
          break;
        }
        if (r.status !== 'working' || r.progress > CONTACTS - 10) break;
        process.kill(pid, 'SIGCONT');
        await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 4));
      }
      if (pid === peer?.pid) {
        await peer.kill('SIGKILL');
      } else {
        await s.kill('SIGKILL');
        if (peer) alive = () => peer.baseUrl;
      }
      const killedAt = Date.now();
      const atKill = await jobRow(job.id);
      expect(atKill.status).toBe('working');
      expect(atKill.progress).toBeLessThan(CONTACTS);
      // SQLite: the restarted server takes it over; PostgreSQL: the other one. Within a
      // lease after the dead runner's last heartbeat, and a poll.
      if (!peer) await s.restart();
      await until('the takeover', async () => {
        const r = await jobRow(job.id);
        return (r.claimed_by !== holder || r.status === 'completed') && r;
      }, 3 * LEASE_MS, 20);
      delays.push(Date.now() - killedAt);
    }
    // The test proves something only if a kill came between an item's commit and its result.
    expect(inWindow).toBeGreaterThan(0);
    const done = await until('completion', async () => {
      const r = (await apiClient(s, alive)('GET', `/job_statuses/${job.id}`)).body.job_status;
      return r.status === 'completed' && r;
    }, 180_000, 100);
    console.log(
      `[${kind}] ${kills} SIGKILLs (${inWindow} between an item's commit and its result); takeover after ${delays.map((d) => `${d} ms`).join(', ')} (lease ${LEASE_MS} ms, poll ${POLL_MS} ms)`,
    );

    expect(done.progress).toBe(CONTACTS);
    expect(done.results).toHaveLength(CONTACTS);
    expect(done.results).toEqual(ids.map((id) => ({ id, action: 'erase', status: 'Permanently deleted', success: true })));
    expect(done.message).not.toContain('failed');
    // Results, message and events hold ids and outcomes: nobody's name, address or words.
    expect(JSON.stringify(done)).not.toMatch(/zoltan|crashtest|order/i);
    const events = await db.selectFrom('audit_events').select(['subject_id', 'job_id', 'details']).where('action', '=', 'user.erased').execute();
    expect(events.map((e: Any) => Number(e.subject_id)).sort((a: number, b: number) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(events.map((e: Any) => e.job_id))).toEqual(new Set([job.id]));
    const left = await db.selectFrom('users').select('id').where('id', 'in', ids).where('erased_at', 'is', null).execute();
    expect(left).toEqual([]);
  }, 600_000);
});
