import { describe, expect, it } from 'vitest';
import { needleCounter } from './needle-scan.ts';

/** What the scan counted before: every occurrence of every distinct needle, by indexOf. */
function byIndexOf(hay: Buffer, needles: Buffer[]): number {
  let hits = 0;
  for (const nd of new Map(needles.map((n) => [n.toString('latin1'), n])).values()) {
    if (!nd.length) continue;
    for (let i = hay.indexOf(nd); i >= 0; i = hay.indexOf(nd, i + 1)) hits++;
  }
  return hits;
}

// A small alphabet so that needles occur often, overlap and share prefixes.
function random(seed: number) {
  let s = seed;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 16) / 65536;
}
const bytes = (rnd: () => number, n: number) => Buffer.from(Array.from({ length: n }, () => 97 + Math.floor(rnd() * 3)));

describe('counting many needles in one pass', () => {
  it('counts what one indexOf pass per needle counts, with few needles and with many', () => {
    // 1 needle makes three distinct ones with those added below (indexOf's way); the others the expression's.
    for (const [seed, count] of [
      [5, 1],
      [1, 3],
      [2, 40],
      [3, 300],
      [4, 2000],
    ] as const) {
      const rnd = random(seed);
      const hay = bytes(rnd, 20_000);
      const needles = Array.from({ length: count }, () => bytes(rnd, 1 + Math.floor(rnd() * 9)));
      // Duplicates, a needle that is a prefix of another, one at the very end, one longer than the buffer's tail.
      needles.push(needles[0]!, Buffer.concat([needles[needles.length - 1]!, Buffer.from('a')]), hay.subarray(hay.length - 6), Buffer.from(''));
      const expected = byIndexOf(hay, needles);
      expect(expected).toBeGreaterThan(0);
      expect(needleCounter(needles).count(hay)).toBe(expected);
      // A view into a larger buffer (the scan passes chunks), and one shorter than four bytes.
      const view = Buffer.concat([Buffer.from('zzzz'), hay]).subarray(4, 1004);
      expect(needleCounter(needles).count(view)).toBe(byIndexOf(Buffer.from(view), needles));
      expect(needleCounter(needles).count(hay.subarray(0, 3))).toBe(byIndexOf(hay.subarray(0, 3), needles));
    }
  });

  it('finds identifiers in binary pages, including zero bytes around them', () => {
    const needles = Array.from({ length: 500 }, (_, i) => Buffer.from(`person${i}@example.com`));
    const hay = Buffer.alloc(1 << 20);
    hay.write('person17@example.com', 4096);
    hay.write('person499@example.com', hay.length - 21);
    hay.write('person4@example.co', 9000); // cut short: not a hit
    expect(needleCounter(needles).count(hay)).toBe(2);
    expect(needleCounter(needles.slice(100)).count(hay)).toBe(1);
  });
});
