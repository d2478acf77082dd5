// How long browser sign-ins and password links last. One place, so the docs and the code agree.

const DAY = 24 * 60 * 60 * 1000;

/** A session ends after this long without a request... */
export const SESSION_IDLE_MS = 7 * DAY;
/** ...and at the latest this long after signing in. */
export const SESSION_MAX_MS = 30 * DAY;
/** The last-seen time is written at most this often, not on every request. */
export const SESSION_TOUCH_MS = 60 * 60 * 1000;
/** An invitation to a new agent stays usable this long. */
export const INVITE_LINK_MS = 7 * DAY;
/** A new link for an existing agent (a reset) stays usable this long. */
export const RESET_LINK_MS = 1 * DAY;

/** When a session seen at `now` expires: idle limit, capped by the absolute one. */
export function sessionExpiry(createdAt: Date, now: Date): Date {
  return new Date(Math.min(now.getTime() + SESSION_IDLE_MS, createdAt.getTime() + SESSION_MAX_MS));
}
