import { createHmac, randomBytes } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { AuthAttemptScope, Database } from '../../db/schema.ts';
import {
  decrementAttempts,
  deleteExpiredAttempts,
  incrementAttempts,
  secretNamed,
  type AttemptCounter,
} from '../../db/queries/auth-attempts.ts';
import { RateLimitedError } from '../../errors.ts';
import { readSettingsInForce, type Settings } from '../settings.ts';

// The password limit (docs/api.md "Password limit"). Every password check counts, before the
// password is tested, against two counters in the database: the client's address and the
// account the email names (whether or not it exists). A check that turns out right gives its
// count back, so the counters hold wrong passwords only; a check refused with 429 never tests
// the password and gives its count back too. Counters are fixed windows whose length and
// limit are settings; all servers on one database share them.

/** The server secret the counters' keys are hashed with. */
const SECRET_NAME = 'auth_attempts';

const secrets = new WeakMap<object, Promise<Buffer>>();

/** The HMAC key, read (or created) once per database handle. */
function secretOf(db: Kysely<Database>, now: Date): Promise<Buffer> {
  let p = secrets.get(db);
  if (!p) {
    p = secretNamed(db, SECRET_NAME, randomBytes(32).toString('base64'), now.toISOString()).then((v) => Buffer.from(v, 'base64'));
    // A failed read must not stick: the next check tries again.
    p.catch(() => secrets.delete(db));
    secrets.set(db, p);
  }
  return p;
}

/**
 * What one client is: an IPv4 address, or the /64 network of an IPv6 address (one machine
 * commonly holds a whole /64, so counting single IPv6 addresses would count nothing).
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  const bare = ip.replace(/%.*$/, '');
  if (!isIPv6(bare)) return ip;
  // An embedded IPv4 part (::1.2.3.4) stands for two groups.
  const groups = (s: string) => (s ? s.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
  const [head, tail] = bare.includes('::') ? bare.split('::') : [bare, undefined];
  const h = groups(head!);
  const t = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return `${all.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

interface Limit {
  scope: AuthAttemptScope;
  max: number;
  windowMs: number;
  value: string;
}

function limitsFor(s: Settings, address: string, accountKey: string): Limit[] {
  return [
    { scope: 'address', max: s.password_attempts_per_address, windowMs: s.password_address_window_seconds * 1000, value: addressKey(address) },
    { scope: 'account', max: s.password_attempts_per_account, windowMs: s.password_account_window_seconds * 1000, value: accountKey },
  ];
}

function counterFor(secret: Buffer, l: Limit, now: Date): AttemptCounter {
  const start = Math.floor(now.getTime() / l.windowMs) * l.windowMs;
  return {
    scope: l.scope,
    keyHash: createHmac('sha256', secret).update(`${l.scope}\n${l.value}`).digest('base64url'),
    windowStart: new Date(start).toISOString(),
    expiresAt: new Date(start + l.windowMs).toISOString(),
  };
}

/** A counted password check; `giveBack` uncounts it once the password proved right. */
export interface CountedAttempt {
  giveBack(): Promise<void>;
}

/**
 * Counts one password check for this client address and this account key (the normalized
 * email, for accounts that exist and accounts that do not alike). Throws 429 with the
 * seconds to wait when either counter is over its limit; the password must then not be tested.
 */
export async function countPasswordAttempt(
  ctx: Pick<Ctx, 'db' | 'now'>,
  input: { clientAddress: string; accountKey: string },
): Promise<CountedAttempt> {
  const now = ctx.now();
  const [settings, secret] = await Promise.all([readSettingsInForce(ctx), secretOf(ctx.db, now)]);
  const limits = limitsFor(settings, input.clientAddress, input.accountKey);
  const counters = limits.map((l) => counterFor(secret, l, now));
  // One after the other, each its own statement: no lock is held across the two.
  const counts: number[] = [];
  for (const c of counters) counts.push(await incrementAttempts(ctx.db, c));
  const giveBack = async () => {
    for (const c of counters) await decrementAttempts(ctx.db, c);
  };
  // A count of 1 opened a window: a good moment to drop the windows that are over.
  if (counts.some((n) => n === 1)) await deleteExpiredAttempts(ctx.db, now.toISOString());
  const over = counters.filter((_, i) => counts[i]! > limits[i]!.max);
  if (over.length) {
    await giveBack();
    const waitMs = Math.max(...over.map((c) => Date.parse(c.expiresAt) - now.getTime()));
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw new RateLimitedError(`Too many wrong passwords; try again in ${seconds} seconds.`, seconds);
  }
  return { giveBack };
}

/** Deletes the counters of windows that are over (the sweep's upkeep; checks also do it as windows open). */
export async function dropExpiredPasswordCounters(ctx: Pick<Ctx, 'db' | 'now'>): Promise<number> {
  return deleteExpiredAttempts(ctx.db, ctx.now().toISOString());
}
