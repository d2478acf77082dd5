import http from 'node:http';
import https from 'node:https';
import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { isPrivateAddress } from '../calls/safe-fetch.ts';

// Sending a webhook request without becoming a way into the operator's network — the guard
// of the recording fetcher (src/domain/calls/safe-fetch.ts, docs/calls.md): http(s) only,
// every address the host resolves to must be public unless the operator allows private
// ones (--webhook-allow-private), the socket connects to the address that was checked,
// redirects are not followed (a 3xx is a failure), the time is capped and the answer's body
// is read to a small cap and dropped. Failures are fixed words, never the remote's text.

/** How the operator lets webhooks go out. */
export interface WebhookLimits {
  allowPrivate: boolean;
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_LIMITS: WebhookLimits = { allowPrivate: false, timeoutMs: 10_000 };

export type PostOutcome = {
  /** 2xx. */
  ok: boolean;
  /** The HTTP status, when there was an answer. */
  status: number | null;
  /** A fixed word: ok, http_500, timeout, refused_address, … */
  code: string;
  /** Not worth retrying (a refused address, a 4xx other than 408/409/429, a redirect). */
  permanent: boolean;
  /** The request left Oubli (it was connected): the body was handed over, whatever the answer. */
  sent: boolean;
  durationMs: number;
};

const ANSWER_CAP = 64 * 1024;

/** Refuses what is not an http(s) URL with a host; with `allowPrivate` false also a private address written as such. */
export function endpointProblem(raw: string, allowPrivate: boolean): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'is not a URL.';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'must be an http or https URL.';
  if (!u.hostname) return 'must name a host.';
  if (u.username || u.password) return 'must not carry credentials; use authentication instead.';
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || (/^[\d.]+$|:/.test(host) && isPrivateAddress(host)))) return 'must be a public address.';
  return null;
}

/** POSTs `body` to `url` with `headers` within the limits; never throws. */
export async function postWebhook(url: string, headers: Record<string, string>, body: string, limits: WebhookLimits): Promise<PostOutcome> {
  const started = Date.now();
  const fail = (code: string, permanent: boolean, sent = false, status: number | null = null): PostOutcome => ({ ok: false, status, code, permanent, sent, durationMs: Date.now() - started });
  if (endpointProblem(url, true)) return fail('bad_url', true);
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    return fail('dns_failed', false);
  }
  if (!addresses.length) return fail('dns_failed', false);
  if (!limits.allowPrivate && addresses.some((a) => isPrivateAddress(a.address))) return fail('refused_address', true);
  const chosen = addresses[0]!;
  const pinned: LookupFunction = (_h, opts, cb) => {
    if ((opts as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [chosen]);
    else cb(null, chosen.address, chosen.family);
  };
  const request = u.protocol === 'https:' ? https.request : http.request;
  const bytes = Buffer.from(body, 'utf8');
  return new Promise<PostOutcome>((resolve) => {
    let settled = false;
    let connected = false;
    const done = (o: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    // A fresh connection each time (no keep-alive pool): every request is checked and pinned on its own.
    const req = request(u, { method: 'POST', agent: false, lookup: pinned, headers: { ...headers, 'content-length': String(bytes.length) } }, (res) => {
      const status = res.statusCode ?? 0;
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > ANSWER_CAP) res.destroy();
      });
      const finish = () => {
        if (status >= 200 && status < 300) return done({ ok: true, status, code: 'ok', permanent: false, sent: true, durationMs: Date.now() - started });
        const transient = status === 408 || status === 409 || status === 429 || status >= 500;
        done(fail(status >= 300 && status < 400 ? 'redirect_refused' : `http_${status}`, !transient, true, status));
      };
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', finish);
    });
    req.on('socket', (s) => s.once('connect', () => (connected = true)));
    req.on('error', () => done(fail('connection_failed', false, connected)));
    const timer = setTimeout(() => {
      req.destroy();
      done(fail('timeout', false, connected));
    }, limits.timeoutMs);
    req.end(bytes);
  });
}
