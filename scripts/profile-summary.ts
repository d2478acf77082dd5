import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// `node bin/run-ts.js scripts/profile-summary.ts DIR|FILE.cpuprofile [N]`: the functions and
// files a V8 CPU profile (`node --cpu-prof`) spent its samples in, by self time, as shares of
// the whole (BENCHMARKS.md, "Profiling"). In a directory, the largest profile is read (the
// main thread's; a loader thread writes a small one beside it).

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [target, top = '15'] = process.argv.slice(2);
if (!target) {
  console.error('usage: profile-summary DIR|FILE.cpuprofile [N]');
  process.exit(2);
}
const file = statSync(target).isDirectory()
  ? readdirSync(target)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => join(target, f))
      .sort((a, b) => statSync(b).size - statSync(a).size)[0]!
  : target;
const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const timeOf = new Map<number, number>();
p.samples.forEach((id, i) => timeOf.set(id, (timeOf.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
const total = [...timeOf.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
for (const n of p.nodes) {
  const t = timeOf.get(n.id) ?? 0;
  if (!t) continue;
  const where = n.callFrame.url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, 'node_modules/').replace(/^.*\/(src|bench|test)\//, '$1/');
  const fn = `${n.callFrame.functionName || '(anonymous)'} ${where ? `${where}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + t);
  byFile.set(where || '(native / idle)', (byFile.get(where || '(native / idle)') ?? 0) + t);
}
const show = (title: string, m: Map<string, number>) => {
  console.log(title);
  for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`${((100 * t) / total).toFixed(1).padStart(6)} %  ${k}`);
};
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
show('by function (self time):', byFunction);
show('by file (self time):', byFile);
