// The one way the app talks to the server: /api/v2 with the session cookie, and the CSRF
// token on every change. Errors arrive in the API's shapes (docs/api.md) and leave as ApiError.
// When no answer comes (a network error) or a proxy answers for the server (502, 504, a
// 503 that is not ours), the error says the server could not be reached, and the app's
// reachability (below) turns false until the next answer from the server.

export const API = '/api/v2';

export type FieldErrors = Record<string, { description: string }[]>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The API's `error` word: RecordInvalid, Forbidden, InvalidEndpoint, … */
    readonly kind: string,
    message: string,
    readonly details?: FieldErrors,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** No answer from the server itself: the network failed, or a proxy said it could not reach it. */
  get unreachable(): boolean {
    return this.kind === UNREACHABLE;
  }
}

const UNREACHABLE = 'Unreachable';

/** True for an error that says the server could not be reached (so asking again may work). */
export function isUnreachable(err: unknown): boolean {
  return err instanceof ApiError && err.unreachable;
}

let reachable = true;
const reachabilityListeners = new Set<() => void>();

/** Whether the last request got an answer from the server. */
export function serverReachable(): boolean {
  return reachable;
}

/** Called whenever reachability changes (for useSyncExternalStore and reconnecting). */
export function onReachabilityChange(fn: () => void): () => void {
  reachabilityListeners.add(fn);
  return () => reachabilityListeners.delete(fn);
}

function setReachable(now: boolean): void {
  if (reachable === now) return;
  reachable = now;
  reachabilityListeners.forEach((fn) => fn());
}

/** What an unreachable server means for this request: a read failed, or a change may not have been saved. */
function unreachableError(method: string, status: number): ApiError {
  const why = status ? `Can't reach the Oubli server (the proxy answered ${status}).` : "Can't reach the Oubli server.";
  return new ApiError(status, UNREACHABLE, SAFE.has(method) ? `${why} Retrying…` : `${why} This was not saved, or its answer was lost: check, then try again.`);
}

/** Asks /healthz whether the server answers; marks it reachable when it does. Throws ApiError when not. */
export async function probeServer(): Promise<true> {
  let res: Response;
  try {
    res = await fetch('/healthz', { cache: 'no-store' });
  } catch {
    setReachable(false);
    throw unreachableError('GET', 0);
  }
  if (!res.ok) {
    setReachable(false);
    throw unreachableError('GET', res.status);
  }
  setReachable(true);
  return true;
}

let csrfToken = '';
const signedOutListeners = new Set<() => void>();

/** The token the server gave with GET /session; sent as X-CSRF-Token on changes. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when a request answers 401: the session ended (signed out elsewhere, expired). */
export function onSignedOut(fn: () => void): () => void {
  signedOutListeners.add(fn);
  return () => signedOutListeners.delete(fn);
}

/** Tells the app the session ended without a request saying so (the live feed closed with 4401). */
export function signalSignedOut(): void {
  signedOutListeners.forEach((fn) => fn());
}

function messageOf(status: number, body: unknown): { kind: string; message: string; details?: FieldErrors } {
  const b = (body ?? {}) as { error?: string; description?: string; details?: FieldErrors };
  const kind = b.error ?? `HTTP ${status}`;
  if (b.details && Object.keys(b.details).length) {
    const lines = Object.values(b.details).flatMap((list) => list.map((d) => d.description));
    return { kind, message: lines.join(' '), details: b.details };
  }
  if (status === 401) return { kind, message: 'Your session has ended. Sign in again.' };
  if (status === 404 && kind === 'InvalidEndpoint') return { kind, message: 'This server does not offer that yet.' };
  if (status === 404) return { kind, message: 'Not found: it may have been deleted.' };
  if (status === 429) return { kind, message: 'Too many requests; wait a moment and try again.' };
  if (status >= 500) return { kind, message: b.description ?? 'Something went wrong on the server; nothing was changed.' };
  return { kind, message: b.description ?? b.error ?? `The server answered ${status}.` };
}

const SAFE = new Set(['GET', 'HEAD']);

export interface RequestOptions {
  /** Raw bytes (uploads) instead of JSON. */
  raw?: Blob;
  /** A multipart form (uploads the API takes as `multipart/form-data`); the browser sets its boundary. */
  form?: FormData;
  signal?: AbortSignal;
  /** Do not report a 401 as "signed out" (used by the sign-in form itself). */
  quiet401?: boolean;
}

/** Calls the API and returns the parsed JSON body (`{}` for 204). Throws ApiError. */
export async function api<T = unknown>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (!SAFE.has(method)) headers['x-csrf-token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (opts.raw) {
    headers['content-type'] = opts.raw.type || 'application/octet-stream';
    payload = opts.raw;
  } else if (opts.form) {
    payload = opts.form;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  let text: string;
  try {
    res = await fetch(path.startsWith('/api/') ? path : `${API}${path}`, {
      method,
      headers,
      body: payload,
      credentials: 'same-origin',
      signal: opts.signal,
    });
    text = await res.text();
  } catch (err) {
    // Given up by the caller: not a network failure.
    if (opts.signal?.aborted) throw err;
    setReachable(false);
    throw unreachableError(method, 0);
  }
  let parsed: unknown = undefined;
  let json = false;
  if (text) {
    try {
      parsed = JSON.parse(text);
      json = true;
    } catch {
      parsed = { description: text.slice(0, 200) };
    }
  }
  // 503 is also our own "database busy, try again" (JSON with an `error`); anything else
  // at 502-504 is a proxy in front that could not reach us.
  const ours = json && typeof (parsed as { error?: unknown })?.error === 'string';
  if (res.status === 502 || res.status === 504 || (res.status === 503 && !ours)) {
    setReachable(false);
    throw unreachableError(method, res.status);
  }
  setReachable(true);
  if (!res.ok) {
    if (res.status === 401 && !opts.quiet401) signedOutListeners.forEach((fn) => fn());
    const m = messageOf(res.status, parsed);
    throw new ApiError(res.status, m.kind, m.message, m.details);
  }
  return (parsed ?? {}) as T;
}

/** Words for any error, for a toast or an inline message. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** `?a=1&b=2` from an object, leaving out empty values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}
