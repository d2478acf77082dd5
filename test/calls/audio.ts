import http from 'node:http';
import type { AddressInfo } from 'node:net';

// Calls' test kit: a small real WAV (a sine tone, with a marker planted in a LIST chunk that
// players skip), and a local HTTP server playing the integration that hosts recordings.

/** A mono 16-bit 8 kHz WAV of `ms` milliseconds of a 440 Hz tone, with `marker` in a LIST chunk. */
export function wav(ms = 1500, marker = ''): Buffer {
  const rate = 8000;
  const samples = Math.floor((rate * ms) / 1000);
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) pcm.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 8000), i * 2);
  const info = Buffer.from(marker.length % 2 ? `${marker} ` : marker, 'latin1');
  const list = marker ? Buffer.concat([Buffer.from('LIST'), u32(info.length + 12), Buffer.from('INFOICMT'), u32(info.length), info]) : Buffer.alloc(0);
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0);
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(1, 8);
  fmt.writeUInt16LE(1, 10);
  fmt.writeUInt32LE(rate, 12);
  fmt.writeUInt32LE(rate * 2, 16);
  fmt.writeUInt16LE(2, 20);
  fmt.writeUInt16LE(16, 22);
  const data = Buffer.concat([Buffer.from('data'), u32(pcm.length), pcm]);
  const body = Buffer.concat([Buffer.from('WAVE'), fmt, list, data]);
  return Buffer.concat([Buffer.from('RIFF'), u32(body.length), body]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

export interface Remote {
  url(path: string): string;
  /** Requests seen, by path. */
  hits: string[];
  close(): Promise<void>;
}

/** The integration's server: `routes[path]` answers each request (a status, a type and a body, or a delay). */
export async function startRemote(routes: Record<string, () => { status?: number; type?: string; body?: Buffer; delayMs?: number }>): Promise<Remote> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.push(path);
    const r = routes[path]?.() ?? { status: 404 };
    const send = () => {
      res.writeHead(r.status ?? 200, { 'content-type': r.type ?? 'audio/wav' });
      res.end(r.body ?? Buffer.alloc(0));
    };
    if (r.delayMs) setTimeout(send, r.delayMs);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
