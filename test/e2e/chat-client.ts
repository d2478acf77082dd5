import { WebSocket } from 'ws';

// A real WebSocket client of the live chat (docs/chat.md) for tests and the benchmark: it
// keeps every message it got and waits for the next that matches.

export interface ChatClient<M extends { type: string }> {
  socket: WebSocket;
  messages: M[];
  send(m: object | string): void;
  /** Resolves with the first message (already received or to come) that `match` accepts. */
  next(match: (m: M) => boolean, timeoutMs?: number): Promise<M>;
  /** Resolves with the close code. */
  closed(): Promise<number>;
  close(): Promise<void>;
}

/** Opens a socket to `path` on `baseUrl`; resolves once open. */
export function openChatSocket<M extends { type: string }>(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<ChatClient<M>> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${path}`, { headers });
  const messages: M[] = [];
  const waiters: { match: (m: M) => boolean; done: (m: M) => void; from: number }[] = [];
  let closeCode: number | null = null;
  const closeWaiters: ((code: number) => void)[] = [];
  socket.on('message', (data) => {
    const m = JSON.parse(data.toString()) as M;
    messages.push(m);
    for (const w of [...waiters]) if (w.match(m)) waiters.splice(waiters.indexOf(w), 1) && w.done(m);
  });
  socket.on('close', (code) => {
    closeCode = code;
    for (const w of closeWaiters.splice(0)) w(code);
  });
  const client: ChatClient<M> = {
    socket,
    messages,
    send: (m) => socket.send(typeof m === 'string' ? m : JSON.stringify(m)),
    next(match, timeoutMs = 10_000) {
      const seen = messages.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`no matching chat message; got ${JSON.stringify(messages).slice(-2000)}`)), timeoutMs);
        waiters.push({ match, done: (m) => (clearTimeout(timer), done(m)), from: messages.length });
      });
    },
    closed: () => (closeCode !== null ? Promise.resolve(closeCode) : new Promise((done) => closeWaiters.push(done))),
    close: () =>
      new Promise((done) => {
        if (socket.readyState === socket.CLOSED) return done();
        socket.once('close', () => done());
        socket.close();
      }),
  };
  return new Promise((done, fail) => {
    socket.once('unexpected-response', (_req, res) => fail(new Error(`upgrade refused: ${res.statusCode}`)));
    socket.once('error', fail);
    socket.once('open', () => done(client));
  });
}
