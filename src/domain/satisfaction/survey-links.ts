import { hashToken, newToken } from '../auth/secrets.ts';

// The links of survey mails (docs/satisfaction.md "Links"). The secret is in the path of the
// link and nowhere else: the database keeps its sha256 (like a session), the request log
// keeps the route's pattern (`/satisfaction/:token`, src/logging.ts), and the page answers
// with `Referrer-Policy: same-origin` so the browser does not hand it to another site.

/** How long a survey link works after its mail was rendered. */
export const LINK_DAYS = 28;

/** A fresh secret, its hash to store, and when it stops working. */
export function issueLink(now: Date): { token: string; hash: string; expiresAt: string } {
  const token = newToken();
  return { token, hash: hashToken(token), expiresAt: new Date(now.getTime() + LINK_DAYS * 86_400_000).toISOString() };
}

/** The stored form of a secret from a link (any text: a wrong one simply finds nothing). */
export function linkHash(token: string): string {
  return hashToken(token);
}

/** The public address of a survey page. */
export function surveyUrl(publicUrl: string, kind: 'satisfaction' | 'nps', token: string): string {
  return `${publicUrl}/${kind}/${encodeURIComponent(token)}`;
}
