import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AgentServerMessage, VisitorServerMessage } from '../src/shared/chat-live.ts';
import { openChatSocket, type ChatClient } from '../test/e2e/chat-client.ts';
import { startServer, type RunningServer } from '../test/server.ts';

// `npm run bench` (third part): live chat on the real server (`oubli serve` on SQLite), with
// real WebSocket clients (docs/chat.md):
//   (a) messages per second from one visitor socket to one connected agent: the visitor sends
//       MESSAGES lines as fast as the socket takes them; timed until the agent has them all
//       (each line stored, announced in ids, read back and pushed); RUNS runs, median;
//   (b) OPEN chats at once: that many visitor sockets, each with a waiting chat; the server's
//       resident memory before and after, the agent's `ready` (every open chat) and the time
//       for one visitor's line to reach the agent with all of them open (median of SAMPLES).
// Replaces the chat.bench section of BENCHMARKS.md.

const MESSAGES = 1000;
const RUNS = 5;
const OPEN = 1000;
const SAMPLES = 21;
const PAGE = { url: 'https://shop.example/bench', title: 'Bench' };

type V = ChatClient<VisitorServerMessage>;
type A = ChatClient<AgentServerMessage>;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The server process's resident memory, in MiB (Linux). */
function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) / 1024;
}

function cpuModel(): string {
  return cpus()[0]?.model.trim() ?? 'unknown CPU';
}

async function visitorWithChat(server: RunningServer, text: string): Promise<V> {
  const v = await openChatSocket<VisitorServerMessage>(server.baseUrl, '/api/v2/chat/visitor');
  v.send({ type: 'hello', page: PAGE });
  await v.next((m) => m.type === 'welcome', 60_000);
  v.send({ type: 'message', text });
  await v.next((m) => m.type === 'line', 60_000);
  return v;
}

/** Counts the agent's lines as they come, without keeping them (a long run would hold them all). */
function lineCounter(a: A): { count: () => number; waitFor: (n: number) => Promise<void> } {
  let n = 0;
  let waiter: { n: number; done: () => void } | null = null;
  a.socket.on('message', (data) => {
    if (String(data).startsWith('{"type":"line"')) n++;
    if (waiter && n >= waiter.n) {
      waiter.done();
      waiter = null;
    }
  });
  return { count: () => n, waitFor: (target) => (n >= target ? Promise.resolve() : new Promise((done) => (waiter = { n: target, done }))) };
}

async function throughput(server: RunningServer, agent: Record<string, string>): Promise<number[]> {
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const a = await openChatSocket<AgentServerMessage>(server.baseUrl, '/api/v2/chat/agent', agent);
    await a.next((m) => m.type === 'ready', 60_000);
    const v = await visitorWithChat(server, 'start');
    a.messages.length = 0;
    const counter = lineCounter(a);
    const start = performance.now();
    for (let i = 0; i < MESSAGES; i++) v.send({ type: 'message', text: `Line ${i} of the benchmark, a sentence of ordinary length.` });
    await counter.waitFor(MESSAGES);
    const seconds = (performance.now() - start) / 1000;
    rates.push(MESSAGES / seconds);
    console.log(`run ${run + 1}: ${MESSAGES} lines in ${seconds.toFixed(2)} s = ${Math.round(MESSAGES / seconds)}/s`);
    v.send({ type: 'end' });
    await Promise.all([v.close(), a.close()]);
  }
  return rates;
}

async function manyOpen(server: RunningServer, agent: Record<string, string>) {
  const before = rssMiB(server.pid);
  const visitors: V[] = [];
  const t0 = performance.now();
  for (let i = 0; i < OPEN; i += 50) visitors.push(...(await Promise.all(Array.from({ length: Math.min(50, OPEN - i) }, (_, k) => visitorWithChat(server, `Chat ${i + k}`)))));
  const openSeconds = (performance.now() - t0) / 1000;
  for (const v of visitors) v.messages.length = 0;
  await new Promise((r) => setTimeout(r, 1000));
  const after = rssMiB(server.pid);
  const r0 = performance.now();
  const a = await openChatSocket<AgentServerMessage>(server.baseUrl, '/api/v2/chat/agent', agent);
  const ready = (await a.next((m) => m.type === 'ready', 120_000)) as Extract<AgentServerMessage, { type: 'ready' }>;
  const readyMs = performance.now() - r0;
  const latencies: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const v = visitors[Math.floor((i * OPEN) / SAMPLES)]!;
    const text = `Sample ${i}`;
    const s = performance.now();
    v.send({ type: 'message', text });
    await a.next((m) => m.type === 'line' && m.line.text === text, 30_000);
    latencies.push(performance.now() - s);
    a.messages.length = 0;
  }
  const withAgent = rssMiB(server.pid);
  await a.close();
  for (const v of visitors) v.socket.terminate();
  return { before, after, withAgent, openSeconds, readyMs, readyChats: ready.chats.length, latencies };
}

const started = loadavg()[0]!.toFixed(1);
// A thousand visitors from one address: the limits on public endpoints (public-limits.ts) are off.
const server = await startServer('sqlite', [], { OUBLI_PUBLIC_LIMIT_SCALE: '0' });
try {
  const agent = { authorization: `Bearer ${server.token}` };
  const rates = await throughput(server, agent);
  const many = await manyOpen(server, agent);
  console.log(`${OPEN} chats: RSS ${many.before.toFixed(0)} → ${many.after.toFixed(0)} MiB; ready ${Math.round(many.readyMs)} ms; line latency median ${median(many.latencies).toFixed(1)} ms`);
  const machine = `${new Date().toISOString().slice(0, 10)}, nproc ${availableParallelism()}, ${cpuModel()}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; load average ${started} when it started (the machine is shared with other work)`;
  const text = `<!-- chat.bench:begin -->
## Live chat: lines per second, and ${OPEN.toLocaleString('en')} chats open at once

\`npm run bench\` (bench/chat.bench.ts) replaces this section. \`oubli serve\` on SQLite with real
WebSocket clients in another process. Each line is stored in its own transaction, announced
between servers in ids (ChangeFeed.publish), read back from its row and pushed to the sockets.

| what | median | runs |
| --- | ---: | --- |
| lines per second, one visitor socket to one agent (${MESSAGES.toLocaleString('en')} lines sent at once, until the agent has them all) | ${Math.round(median(rates))}/s | ${rates.map((r) => Math.round(r)).join(', ')} |
| time for a visitor's line to reach the agent with ${OPEN.toLocaleString('en')} chats open | ${median(many.latencies).toFixed(1)} ms | ${SAMPLES} samples, ${Math.min(...many.latencies).toFixed(1)}–${Math.max(...many.latencies).toFixed(1)} ms |

With ${OPEN.toLocaleString('en')} visitor sockets each in a waiting chat (opened in ${many.openSeconds.toFixed(1)} s, 50 at a time):
the server's resident memory went from ${many.before.toFixed(0)} MiB to ${many.after.toFixed(0)} MiB
(${(((many.after - many.before) * 1024) / OPEN).toFixed(1)} KiB a socket; ${many.withAgent.toFixed(0)} MiB with the agent connected), and an agent connecting got
every open chat (${many.readyChats.toLocaleString('en')}, each with its visitor, pages and lines) in its \`ready\` after ${Math.round(many.readyMs)} ms.

Machine: ${machine}.
<!-- chat.bench:end -->`;
  const file = resolve(import.meta.dirname, '../BENCHMARKS.md');
  const old = readFileSync(file, 'utf8');
  const begin = old.indexOf('<!-- chat.bench:begin -->');
  const endMark = '<!-- chat.bench:end -->';
  const end = old.indexOf(endMark);
  writeFileSync(file, begin !== -1 && end > begin ? old.slice(0, begin) + text + old.slice(end + endMark.length) : `${old.trimEnd()}\n\n${text}\n`);
  console.log('Wrote the chat section of BENCHMARKS.md');
} finally {
  await server.stop();
}
