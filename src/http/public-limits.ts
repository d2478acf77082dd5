import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { addressKey } from '../domain/auth/password-limit.ts';

// How often one network may do what anyone may do without signing in (docs/operations.md
// "Limits on public endpoints"): open a chat as a visitor, write in it, leave an offline
// message, send a file. Without them a script could fill the database with visitors and
// chats, or flood agents' screens. Counted per client network (an IPv4 address, or the /64 of
// an IPv6 one, as the password limit does) in this server's memory, by rate-limiter-flexible;
// behind several servers each counts its own. The key is a hash of the network, so the
// counters never hold an address; they go when their window ends.

export type PublicAction = 'chat_hello' | 'chat_write' | 'chat_offline_message' | 'chat_file';

/** How many of each per window (seconds), for one network. */
const LIMITS: Record<PublicAction, { points: number; duration: number }> = {
  // A widget says hello once per page load (and per reconnect).
  chat_hello: { points: 60, duration: 600 },
  // Lines, typing flags, pages visited and names given, together.
  chat_write: { points: 120, duration: 60 },
  chat_offline_message: { points: 5, duration: 600 },
  chat_file: { points: 20, duration: 600 },
};

export type LimitAnswer = { ok: true } | { ok: false; retryAfterSeconds: number };

export class PublicLimits {
  private readonly limiters: Record<PublicAction, RateLimiterMemory> | null;

  /** `scale` multiplies every limit (config publicLimitScale); 0 turns them off. */
  constructor(scale = 1) {
    this.limiters =
      scale === 0
        ? null
        : (Object.fromEntries(
            Object.entries(LIMITS).map(([action, l]) => [action, new RateLimiterMemory({ keyPrefix: action, points: Math.max(1, Math.round(l.points * scale)), duration: l.duration })]),
          ) as Record<PublicAction, RateLimiterMemory>);
  }

  /** The limit of `action` per window, for the docs and the tests. */
  static limit(action: PublicAction): { points: number; duration: number } {
    return LIMITS[action];
  }

  /** Counts one `action` of the client at `ip`; refused once its network used up the window. */
  async take(action: PublicAction, ip: string | null | undefined): Promise<LimitAnswer> {
    if (!this.limiters) return { ok: true };
    const key = createHash('sha256').update(addressKey(ip ?? 'unknown')).digest('base64url').slice(0, 22);
    try {
      await this.limiters[action].consume(key);
      return { ok: true };
    } catch (err) {
      if (err instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) };
      throw err;
    }
  }
}
