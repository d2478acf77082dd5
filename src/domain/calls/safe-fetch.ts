import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup } from 'node:dns/promises';
import { isAudioType, mediaType } from './recording-rules.ts';

// Fetching an integration's recording without becoming a way into the operator's network
// (docs/calls.md "Fetching recordings"): http(s) only, every address the host resolves to
// must be public unless the operator allows private ones, the connection goes to the
// address that was checked (no second lookup to rebind), redirects are not followed, and
// the time and the size are capped. Failures are fixed words, never the remote's text.

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32]] as const) PRIVATE.addSubnet(net, bits, 'ipv6');

/** True for loopback, private, link-local, carrier-grade NAT, multicast and reserved addresses (IPv4-mapped IPv6 as its IPv4). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export type FetchOutcome = { ok: true; contentType: string; data: Buffer } | { ok: false; code: string; permanent: boolean };

export interface FetchLimits {
  allowPrivate: boolean;
  timeoutMs: number;
  maxBytes: number;
}

/** Downloads audio from `url` within the limits; never throws. */
export async function fetchAudio(url: string, limits: FetchLimits): Promise<FetchOutcome> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, code: 'bad_url', permanent: true };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { ok: false, code: 'bad_scheme', permanent: true };
  const host = u.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    return { ok: false, code: 'dns_failed', permanent: false };
  }
  if (!addresses.length) return { ok: false, code: 'dns_failed', permanent: false };
  if (!limits.allowPrivate && addresses.some((a) => isPrivateAddress(a.address))) return { ok: false, code: 'refused_address', permanent: true };
  const chosen = addresses[0]!;
  // The socket connects to the address checked above, whatever a second lookup would say.
  const pinned: LookupFunction = (_h, opts, cb) => {
    if ((opts as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [chosen]);
    else cb(null, chosen.address, chosen.family);
  };
  const get = u.protocol === 'https:' ? https.get : http.get;
  return new Promise<FetchOutcome>((resolve) => {
    let settled = false;
    const done = (o: FetchOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    const req = get(u, { lookup: pinned, headers: { accept: 'audio/*' } }, (res) => {
      const status = res.statusCode ?? 0;
      if (status !== 200) {
        res.resume();
        const transient = status === 408 || status === 429 || status >= 500;
        return done({ ok: false, code: status >= 300 && status < 400 ? 'redirect_refused' : `http_${status}`, permanent: !transient });
      }
      const type = res.headers['content-type'];
      if (!isAudioType(type)) {
        res.destroy();
        return done({ ok: false, code: 'not_audio', permanent: true });
      }
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (declared > limits.maxBytes) {
        res.destroy();
        return done({ ok: false, code: 'too_large', permanent: true });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > limits.maxBytes) {
          res.destroy();
          return done({ ok: false, code: 'too_large', permanent: true });
        }
        chunks.push(c);
      });
      res.on('end', () => done(size === 0 ? { ok: false, code: 'empty', permanent: false } : { ok: true, contentType: mediaType(type!), data: Buffer.concat(chunks) }));
      res.on('error', () => done({ ok: false, code: 'connection_failed', permanent: false }));
    });
    req.on('error', () => done({ ok: false, code: 'connection_failed', permanent: false }));
    const timer = setTimeout(() => {
      req.destroy();
      done({ ok: false, code: 'timeout', permanent: false });
    }, limits.timeoutMs);
  });
}
