import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

// A webhook receiver on loopback, as an integration would write one: it keeps every request,
// answers what the test says, and verifies signatures with Zendesk's documented algorithm
// (base64 HMAC-SHA256 of the timestamp header followed by the raw body).

export interface Received {
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: any;
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** What the next requests are answered (200 by default); a delay holds the answer back. */
  answer: (r: Received) => number | Promise<number>;
  close(): Promise<void>;
}

let next = 0;

/** Starts a receiver on a port of this helper's reserved range (42000–42099). */
export async function startReceiver(answer: Receiver['answer'] = () => 200): Promise<Receiver> {
  const received: Received[] = [];
  const r: Receiver = { url: '', port: 0, received, answer, close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = JSON.parse(raw);
      } catch {
        /* kept raw */
      }
      const got = { headers: req.headers, raw, body };
      received.push(got);
      void Promise.resolve(r.answer(got)).then((status) => {
        res.statusCode = status;
        res.end(status >= 400 ? 'receiver says no' : 'ok');
      });
    });
  });
  for (let tries = 0; tries < 100; tries++) {
    const port = 42000 + ((process.pid + next++) % 100);
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (ok) {
      r.port = port;
      r.url = `http://127.0.0.1:${port}/hook`;
      r.close = () => new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      return r;
    }
  }
  throw new Error('no free port in 42000–42099');
}

/** Zendesk's verification: true when the signature matches the secret, the timestamp and the raw body. */
export function verifyZendeskSignature(secret: string, got: Received): boolean {
  const timestamp = String(got.headers['x-zendesk-webhook-signature-timestamp'] ?? '');
  const signature = String(got.headers['x-zendesk-webhook-signature'] ?? '');
  const expected = createHmac('sha256', secret).update(timestamp + got.raw).digest('base64');
  return signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}
