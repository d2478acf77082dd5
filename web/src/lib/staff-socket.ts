import type { MutableRefObject } from 'react';
import { API, onReachabilityChange, serverReachable, signalSignedOut } from './api.ts';

// What the staff sockets of a tab (the live feed, lib/live.tsx; the agent's chat,
// lib/chat.tsx) share: open the socket, reopen it with a backoff when it drops, at once when
// the server answers again or the browser is back online, never while offline, and stop for
// good when the server says the session ended (the app then asks to sign in).

export interface StaffSocketOptions<M> {
  /** The path under /api/v2, e.g. `/live`. */
  path: string;
  /** The close code with which the server says the session ended. */
  sessionEndedCode: number;
  /** The waits between attempts; the last one repeats. */
  retryMs: readonly number[];
  /** Where the open socket is kept, for the caller to send on (null while there is none). */
  socketRef: MutableRefObject<WebSocket | null>;
  /** A new attempt starts. */
  onConnecting(): void;
  /** A message arrived; `connected()` restarts the backoff (call it on the server's `ready`). */
  onMessage(message: M, connected: () => void): void;
  /** The socket dropped (not on stop). */
  onDropped(): void;
}

// The tab's staff sockets whose upgrade has not been answered yet. Sign-out waits for them
// (staffSocketsSettled) before it ends the session: an upgrade sent with the session's cookie
// and read by the server after the session is gone is refused with 401, which the browser
// reports as an error however the app handles it.
const connecting = new Set<WebSocket>();
const waiters = new Set<() => void>();

function settled(s: WebSocket): void {
  connecting.delete(s);
  if (connecting.size) return;
  for (const w of waiters) w();
  waiters.clear();
}

/** Resolves once no staff socket of this tab is still connecting (or after `timeoutMs`). */
export function staffSocketsSettled(timeoutMs = 5000): Promise<void> {
  if (!connecting.size) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      waiters.delete(done);
      resolve();
    }, timeoutMs);
    waiters.add(done);
  });
}

/** Keeps the socket open until the returned function is called. */
export function keepStaffSocket<M>(o: StaffSocketOptions<M>): () => void {
  let stopped = false;
  let attempt = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const connected = () => {
    attempt = 0;
  };

  const open = () => {
    o.onConnecting();
    const s = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${API}${o.path}`);
    o.socketRef.current = s;
    connecting.add(s);
    s.addEventListener('open', () => settled(s));
    s.addEventListener('close', () => settled(s));
    s.onmessage = (e) => {
      if (!stopped) o.onMessage(JSON.parse(String(e.data)) as M, connected);
    };
    s.onclose = (e) => {
      if (o.socketRef.current === s) o.socketRef.current = null;
      if (stopped) return;
      o.onDropped();
      if (e.code === o.sessionEndedCode) {
        signalSignedOut();
        return;
      }
      // Without a network, wait for the browser's "online" (reconnectNow) instead.
      if (navigator.onLine) retry = setTimeout(open, o.retryMs[Math.min(attempt++, o.retryMs.length - 1)]);
    };
  };
  // The server answers again, or the browser has a network again: reconnect now rather than
  // at the end of the backoff.
  const reconnectNow = () => {
    if (stopped || o.socketRef.current || !navigator.onLine || !serverReachable()) return;
    if (retry) clearTimeout(retry);
    attempt = 0;
    open();
  };
  const unsubscribe = onReachabilityChange(reconnectNow);
  window.addEventListener('online', reconnectNow);
  open();

  return () => {
    stopped = true;
    unsubscribe();
    window.removeEventListener('online', reconnectNow);
    if (retry) clearTimeout(retry);
    const s = o.socketRef.current;
    // Closing a socket still connecting makes the browser log an error; close it once open.
    if (s && s.readyState === WebSocket.CONNECTING) s.onopen = () => s.close();
    else s?.close();
    o.socketRef.current = null;
  };
}
