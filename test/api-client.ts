import type { Kysely } from 'kysely';
import { openStore } from '../src/db/connect.ts';
import type { RunningServer } from './server.ts';

/** An answer from the API: the status and the parsed body (undefined when empty). */
export interface ApiAnswer {
  status: number;
  body: any;
}

/** Calls a running server's API as its owner (API token), the way a Zendesk client does. */
export function apiClient(s: RunningServer, base = () => s.baseUrl) {
  const auth = `Basic ${Buffer.from(`${s.ownerEmail}/token:${s.token}`).toString('base64')}`;
  return async (method: string, path: string, body?: object): Promise<ApiAnswer> => {
    const r = await fetch(`${base()}/api/v2${path}`, {
      method,
      headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: r.status, body: parsed };
  };
}

/** Polls until `fn` gives a truthy value, or fails naming what it waited for. */
export async function until<T>(what: string, fn: () => Promise<T | undefined | false | null>, ms = 120_000, every = 20): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** Reads the server's database directly (while it is down, or beside it). */
export async function withServerDb<T>(s: RunningServer, fn: (db: Kysely<any>) => Promise<T>): Promise<T> {
  const store = await openStore({ dataDir: s.dataDir, databaseUrl: s.databaseUrl });
  try {
    return await fn(store.db as unknown as Kysely<any>);
  } finally {
    await store.close();
  }
}
