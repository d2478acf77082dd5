import type { LiveRelation } from '../../db/dialects/caps.ts';
import type { ErasureMap } from './map/index.ts';
import type { DataStore, Dialect } from './stores.ts';

// Holding the stores inventory (stores.ts) to what really exists: pure functions over the
// live relations, the data directory's files and the source text, used by stores.test.ts.

/** The stores of the inventory that exist on this database. */
function on(stores: readonly DataStore[], dialect: Dialect): DataStore[] {
  return stores.filter((s) => s.on.includes(dialect));
}

/** Whether some store of this database covers the relation. */
function covered(stores: readonly DataStore[], map: ErasureMap, r: LiveRelation, dialect: Dialect): boolean {
  return on(stores, dialect).some((s) =>
    (s.covers?.relations ?? []).some((rule) => {
      if (rule.kind !== r.kind) return false;
      if ('mapped' in rule) {
        const fate = map[r.name];
        return !!fate && (rule.mapped === 'derived') === !!fate.derivedFrom;
      }
      return rule.name.test(r.name);
    }),
  );
}

/** The relations of the live database that no store answers for, as `kind name`. */
export function uncoveredRelations(stores: readonly DataStore[], map: ErasureMap, live: readonly LiveRelation[], dialect: Dialect): string[] {
  return live.filter((r) => !covered(stores, map, r, dialect)).map((r) => `${r.kind} ${r.name}`);
}

/** The files (paths relative to the data directory) that no store answers for. */
export function uncoveredFiles(stores: readonly DataStore[], files: readonly string[], dialect: Dialect): string[] {
  const rules = on(stores, dialect).flatMap((s) => s.covers?.files ?? []);
  return files.filter((f) => !rules.some((re) => re.test(f)));
}

/** What in source text makes a file write to a store of its own. */
export const WRITER_PATTERNS: readonly { what: string; re: RegExp }[] = [
  { what: 'writes files', re: /\b(writeFileSync|writeFile|appendFileSync|appendFile|createWriteStream|copyFileSync|renameSync|mkdtempSync|mkdirSync)\s*\(/ },
  { what: 'opens a database file', re: /\bnew SQLite\s*\(/ },
  { what: 'uses browser storage', re: /\b(localStorage|sessionStorage|indexedDB|caches\.open)\b/ },
  { what: 'keeps a client-side cache', re: /\bnew QueryClient\s*\(/ },
  { what: 'keeps a process-wide cache', re: /^(export )?(const|let) \w+(\s*:[^=]+)?\s*=\s*new (Map|WeakMap|Set)(<.*>)?\(\)/m },
  { what: 'keeps state in a long-lived object', re: /^\s+(private |public |readonly )+\w+(\s*:[^=]+)?\s*=\s*new (Map|WeakMap|Set)(<.*>)?\(\)/m },
  { what: 'announces to other servers', re: /\bpg_notify\b|\.publish\(/ },
  { what: 'hands data to a relay', re: /\bcreateTransport\s*\(/ },
  { what: 'uses a library’s own store', re: /@fastify\/rate-limit|@fastify\/caching|lru-cache|node-cache/ },
];

/** Source files that write to a store no entry lists among its writers, with what they do. */
export function unlistedWriters(stores: readonly DataStore[], sources: readonly { file: string; text: string }[]): string[] {
  const listed = new Set(stores.flatMap((s) => s.covers?.writers ?? []));
  const out: string[] = [];
  for (const { file, text } of sources) {
    if (listed.has(file)) continue;
    for (const p of WRITER_PATTERNS) if (p.re.test(text)) out.push(`${file} ${p.what}`);
  }
  return out;
}
