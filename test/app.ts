import type { FastifyInstance, InjectOptions } from 'fastify';
import { silentLogger, SYSTEM_ACTOR, withActor, type Actor, type Ctx } from '../src/context.ts';
import { buildApp } from '../src/http/app.ts';
import { setupOwner } from '../src/domain/auth/setup-owner.ts';
import { runQueuedJobs } from '../src/jobs/runner.ts';
import type { UserCreate } from '../src/shared/users.ts';
import { FakeClock } from './clock.ts';
import { createContact, createStaff, staffOf } from './factories/people.ts';
import { createTestStore, type DbKind, type TestStore } from './db.ts';

export interface Staff {
  id: number;
  email: string;
  token: string;
  actor: Actor;
  /** Basic email/token header value. */
  auth: string;
}

/** A running in-process Oubli on a fresh database, with an owner, and helpers to call it. */
export interface TestApp {
  store: TestStore;
  clock: FakeClock;
  app: FastifyInstance;
  /** A context acting as the system (admin powers), on the fake clock. */
  ctx: Ctx;
  owner: Staff;
  /** Context acting as this staff member. */
  as(staff: Staff | Actor): Ctx;
  /** A new agent or admin with an API token. */
  staff(role: 'agent' | 'admin', extra?: Partial<UserCreate>): Promise<Staff>;
  /** A new end user; returns the id. */
  contact(input?: Partial<UserCreate>): Promise<number>;
  /** inject() with the given staff's credentials (owner by default). */
  call(method: string, url: string, body?: unknown, who?: Staff | null): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  /** Runs queued background jobs to the end. */
  drainJobs(): Promise<number>;
  close(): Promise<void>;
}

let seq = 0;

export async function createTestApp(kind: DbKind): Promise<TestApp> {
  const store = await createTestStore(kind);
  const clock = new FakeClock();
  const app = await buildApp({ store, now: clock.now, logger: false });
  const ctx: Ctx = { db: store.db, caps: store.caps, now: clock.now, log: silentLogger, actor: SYSTEM_ACTOR, checkpoint: store.checkpoint };
  const ownerEmail = `owner${++seq}@oubli.test`;
  const setup = await setupOwner(ctx, { email: ownerEmail, name: 'Olive Owner' });
  const owner = await staffOf(store.db, setup.userId, ownerEmail, setup.token);
  const t: TestApp = {
    store,
    clock,
    app,
    ctx,
    owner,
    as: (s) => withActor(ctx, 'actor' in s ? s.actor : s),
    staff: (role, extra) => createStaff(t, role, extra),
    contact: (input) => createContact(t, input),
    async call(method, url, body, who = owner) {
      const opts: InjectOptions = { method: method as InjectOptions['method'], url, headers: {} };
      if (who) opts.headers!.authorization = who.auth;
      if (body !== undefined) {
        opts.headers!['content-type'] = 'application/json';
        opts.payload = typeof body === 'string' ? body : JSON.stringify(body);
      }
      const res = await app.inject(opts);
      let parsed: unknown = res.body;
      try {
        parsed = res.body ? JSON.parse(res.body) : undefined;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: res.statusCode, body: parsed, headers: res.headers };
    },
    drainJobs: () => runQueuedJobs(ctx),
    async close() {
      await app.close();
      await store.destroy();
    },
  };
  return t;
}
