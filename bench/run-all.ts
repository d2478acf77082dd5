import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

// `npm run bench`: every benchmark, one after another, each in its own process (one bench's
// memory and leftovers never touch the next), each writing its own section of BENCHMARKS.md;
// then the header of BENCHMARKS.md says when, on what and how long. PostgreSQL from
// BENCH_DATABASE_URL (default: the local test server). BENCH_QUICK=1 runs everything small,
// to check the benches run (its figures are not worth writing: --write is left out).
// `npm run bench -- erase-floor smtp` runs only those.

const QUICK = !!process.env.BENCH_QUICK;
const PG = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const root = resolve(import.meta.dirname, '..');

interface Bench {
  name: string;
  node?: string[];
  args: string[];
  quick: string[];
}

const BENCHES: Bench[] = [
  { name: 'erase-floor', args: [`--pg=${PG}`, '--write'], quick: [`--pg=${PG}`] },
  { name: 'erase-contact', args: [], quick: [] },
  { name: 'create-ticket', args: [`--pg=${PG}`, '--write'], quick: [`--pg=${PG}`] },
  { name: 'smtp', args: [`--pg=${PG}`, '--write'], quick: [`--pg=${PG}`, '--messages=40', '--refusals=40'] },
  { name: 'search', args: [], quick: ['--comments=20000', '--runs=5'] },
  { name: 'erasure-request', node: ['--expose-gc'], args: ['--comments=1000000', '--contacts=1000,5000', '--write'], quick: ['--comments=20000', '--contacts=100'] },
  { name: 'erase-mail', args: [], quick: [] },
  { name: 'web', args: [], quick: [] },
  { name: 'chat', args: [], quick: [] },
];

const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const started = performance.now();
const load = loadavg().map((x) => x.toFixed(1)).join(', ');
const ran: { name: string; seconds: number; ok: boolean }[] = [];
for (const b of BENCHES) {
  if (only.length && !only.includes(b.name)) continue;
  const file = `bench/${b.name}.bench.ts`;
  if (!existsSync(resolve(root, file))) {
    console.log(`== ${b.name}: ${file} does not exist, skipped`);
    continue;
  }
  console.log(`== ${b.name}`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...(b.node ?? []), 'bin/run-ts.js', file, ...(QUICK ? b.quick : b.args)], { cwd: root, stdio: 'inherit', env: process.env });
  const seconds = (performance.now() - t0) / 1000;
  ran.push({ name: b.name, seconds, ok: r.status === 0 });
  console.log(`== ${b.name}: ${r.status === 0 ? 'done' : `FAILED (exit ${r.status})`} in ${seconds.toFixed(0)} s`);
}
const total = (performance.now() - started) / 1000;
console.log(`all: ${ran.filter((r) => r.ok).length} of ${ran.length} in ${(total / 60).toFixed(1)} min`);

if (!QUICK && !only.length) {
  const path = resolve(root, 'BENCHMARKS.md');
  const header = `<!-- bench-run:begin -->
Last full \`npm run bench\` (bench/run-all.ts): ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average ${load} at the start; ${(total / 60).toFixed(0)} minutes in all (${ran.map((r) => `${r.name} ${r.seconds.toFixed(0)} s${r.ok ? '' : ' FAILED'}`).join(', ')}).
<!-- bench-run:end -->`;
  const text = readFileSync(path, 'utf8');
  const re = /<!-- bench-run:begin -->[\s\S]*?<!-- bench-run:end -->/;
  writeFileSync(path, re.test(text) ? text.replace(re, header) : text.replace(/^# Benchmarks\n/, `# Benchmarks\n\n${header}\n`));
}
if (ran.some((r) => !r.ok)) process.exitCode = 1;
