// Counting many byte strings in a large buffer in one pass.
//
// The check after an erasure looks for the contacts' identifiers in the database files:
// Buffer.indexOf once per needle reads the whole file once per needle, and on text, where
// the first byte of a needle is common, a pass is slow (64 MB of text: 20 ms a needle, so
// 80 needles, the check after a chunk of 20 contacts, took 1.6 s). One regular expression of
// all the needles finds every position where any of them starts in a single pass (V8's
// engine: 50 ms for 12 to 240 needles, 360 ms for 2,400, on the same 64 MB); at each such
// position the needles that match there are counted, and the search goes on from the next
// byte, so overlapping and nested occurrences count as indexOf counts them.
//
// Bytes are read as latin1, one character per byte, so a match is an exact byte match.
// Reading them so costs about a third of a second for a 300 MB database file, as much as
// three indexOf passes there (75 ms each on mostly binary pages): up to three needles, one
// contact's identifiers, keep indexOf.

const INDEXOF_UP_TO = 3;

export interface NeedleCounter {
  /** Occurrences of every distinct needle in `hay`, overlapping ones included. */
  count(hay: Uint8Array): number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function needleCounter(needles: readonly Buffer[]): NeedleCounter {
  const unique = [...new Set(needles.filter((n) => n.length).map((n) => n.toString('latin1')))];
  if (!unique.length) return { count: () => 0 };
  if (unique.length <= INDEXOF_UP_TO) return byIndexOf(unique.map((n) => Buffer.from(n, 'latin1')));
  const byFirst = new Map<string, string[]>();
  for (const n of unique) (byFirst.get(n[0]!) ?? byFirst.set(n[0]!, []).get(n[0]!)!).push(n);
  const any = new RegExp(unique.map(escape).join('|'), 'g');
  return {
    count(hay) {
      const s = Buffer.from(hay.buffer, hay.byteOffset, hay.byteLength).toString('latin1');
      let hits = 0;
      any.lastIndex = 0;
      for (let m = any.exec(s); m; m = any.exec(s)) {
        for (const n of byFirst.get(s[m.index]!)!) if (s.startsWith(n, m.index)) hits++;
        any.lastIndex = m.index + 1;
      }
      return hits;
    },
  };
}

function byIndexOf(needles: Buffer[]): NeedleCounter {
  return {
    count(hay) {
      const b = Buffer.from(hay.buffer, hay.byteOffset, hay.byteLength);
      let hits = 0;
      for (const n of needles) for (let i = b.indexOf(n); i >= 0; i = b.indexOf(n, i + 1)) hits++;
      return hits;
    },
  };
}
