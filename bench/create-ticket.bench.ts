import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import pg from 'pg';

// `node bin/run-ts.js bench/create-ticket.bench.ts [--pg=postgres://…/test] [--write]`:
// creating a ticket over HTTP, one request in flight, against the real `oubli serve` as
// `npm start` runs it (its logger at info, its config, its durable commits). Each request
// is a new ticket from a new requester (POST /api/v2/tickets), so it takes the whole path:
// authentication, validation, a new contact, the ticket, its comment, audit, report facts,
// webhook and live-feed rows. Percentiles of the wall time seen by the client on loopback.
// BENCH_QUICK=1 runs a few requests. --write replaces the create-ticket.bench section.

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../bin/oubli.js');
const N = process.env.BENCH_QUICK ? 50 : Number(process.env.CREATE_TICKETS ?? 1_000);
const WARM = Math.min(100, Math.floor(N / 5));
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const pgUrl = arg('pg');

interface Result {
  db: string;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  /** Server CPU per request (user + system of the server process over the measured requests). */
  cpu: number;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

function cpuOf(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in ms (USER_HZ 100)
}

async function measure(kind: 'sqlite' | 'postgres'): Promise<Result> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oubli-bench-create-'));
  const env: NodeJS.ProcessEnv = { ...process.env, OUBLI_SMTP_PORT: '0', OUBLI_SWEEP_INTERVAL_SECONDS: '0' };
  delete env.DATABASE_URL;
  let dbName: string | null = null;
  if (kind === 'postgres') {
    dbName = `bench_create_${process.pid}`;
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`create database ${dbName}`);
    await c.end();
    const u = new URL(pgUrl!);
    u.pathname = `/${dbName}`;
    env.DATABASE_URL = u.toString();
  }
  let child: ChildProcess | undefined;
  try {
    const setup = await run(process.execPath, [BIN, 'setup', '--owner-email', 'owner@bench.test', '--owner-name', 'Bench Owner', '--data-dir', dataDir], { env });
    const token = setup.stdout.trim().split('\n').pop()!.trim();
    child = spawn(process.execPath, [...(process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : []), BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const port = await new Promise<number>((ok, fail) => {
      let out = '';
      child!.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        const m = out.match(/serving http:\/\/localhost:(\d+)\//);
        if (m) ok(Number(m[1]));
      });
      child!.stderr!.on('data', (b: Buffer) => (out += b.toString()));
      child!.once('exit', (code) => fail(new Error(`server exited with ${code}: ${out}`)));
    });
    const auth = `Basic ${Buffer.from(`owner@bench.test/token:${token}`).toString('base64')}`;
    const post = async (i: number) => {
      const r = await fetch(`http://127.0.0.1:${port}/api/v2/tickets`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({ ticket: { subject: `Order ${i} has not arrived`, comment: { body: `Hello, my order ${i} has not arrived yet. Can you help?` }, requester: { email: `buyer${i}@bench.test`, name: `Buyer ${i}` } } }),
      });
      if (r.status !== 201) throw new Error(`POST /tickets answered ${r.status}: ${await r.text()}`);
      await r.arrayBuffer();
    };
    for (let i = 0; i < WARM; i++) await post(-1 - i);
    const times: number[] = [];
    const c0 = cpuOf(child.pid!);
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      await post(i);
      times.push(performance.now() - t0);
    }
    const cpu = (cpuOf(child.pid!) - c0) / N;
    return { db: kind, n: N, p50: pct(times, 50), p95: pct(times, 95), p99: pct(times, 99), cpu };
  } finally {
    if (child && child.exitCode === null) {
      const gone = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (dbName) {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`drop database if exists ${dbName} with (force)`);
      await c.end();
    }
  }
}

const load = loadavg()[0]!.toFixed(1);
const results: Result[] = [await measure('sqlite')];
if (pgUrl) results.push(await measure('postgres'));
const ms = (x: number) => `${x.toFixed(2)} ms`;
const table = [
  '| database | requests | p50 | p95 | p99 | server CPU a request |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...results.map((r) => `| ${r.db} | ${r.n} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.cpu)} |`),
].join('\n');
console.log(table);

if (process.argv.includes('--write')) {
  const file = resolve(import.meta.dirname, '../BENCHMARKS.md');
  const section = `<!-- create-ticket.bench:begin -->
## Creating a ticket over HTTP, one request in flight

\`node bin/run-ts.js bench/create-ticket.bench.ts --pg=postgres://postgres@127.0.0.1:5432/test --write\`
(bench/create-ticket.bench.ts; \`npm run bench\` runs it). The real \`oubli serve\`, started as
\`npm start\` starts it (logger at info, durable commits: docs/operations.md "Durable commits"),
on loopback; ${N} \`POST /api/v2/tickets\` one after another after ${WARM} unmeasured, each a
new ticket from a new requester (a new contact, the ticket, its comment, audit and report
rows, webhook and live-feed rows, in one transaction). Client wall time; the server's CPU is
read from /proc.

Measured ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${load} when it started.

${table}
<!-- create-ticket.bench:end -->`;
  const text = readFileSync(file, 'utf8');
  const re = /<!-- create-ticket\.bench:begin -->[\s\S]*?<!-- create-ticket\.bench:end -->/;
  writeFileSync(file, re.test(text) ? text.replace(re, section) : `${text.trimEnd()}\n\n${section}\n`);
}
