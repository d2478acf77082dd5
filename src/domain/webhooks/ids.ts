import { randomBytes } from 'node:crypto';

// Identifiers a receiver sees. Zendesk's are opaque strings; so are ours.

/** An invocation id: 26 characters of Crockford base32, sortable by creation time like Zendesk's ULIDs. */
export function newInvocationKey(now = Date.now()): string {
  const A = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = A[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  const rand = [...randomBytes(16)].slice(0, 16).map((b) => A[b % 32]).join('');
  return time + rand;
}

/** A signing secret: 32 random bytes, base64url (Zendesk's are opaque strings of similar length). */
export function newSigningSecret(): string {
  return randomBytes(32).toString('base64url');
}
