import type { DataStore, Dialect, Reach } from './stores.ts';

// docs/erasure-proof.md's table of stores, rendered from the inventory (stores.ts) so the
// page cannot drift from it: stores.test.ts compares, and
// `node bin/run-ts.js scripts/render-stores-doc.ts` rewrites the section.

export const BEGIN = '<!-- stores:begin (rendered from src/domain/erasure/stores.ts) -->';
export const END = '<!-- stores:end -->';

const LABEL: Record<Reach['by'], string> = {
  walker: 'erasure walker',
  derived: 'kept in step',
  step: 'step',
  'never-personal': 'holds none',
  'never-collected': 'never collected',
  expires: 'expires',
  operator: 'operator',
};

const cell = (s: string) => s.replace(/\|/g, '\\|');

function reach(r: Reach): string {
  const code = 'code' in r && r.code ? ` (\`${r.code.file}\`)` : '';
  return cell(`**${LABEL[r.by]}**: ${r.how}${code}`);
}

/** The markdown table, one row per store. */
const DIALECT_LABEL: Record<Dialect, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

export function renderStoresTable(stores: readonly DataStore[]): string {
  const rows = stores.map((s) => {
    const on = s.on.length === 2 ? 'both' : DIALECT_LABEL[s.on[0]!];
    const proof = (s.proof ?? []).map((p) => `\`${p.split('/').pop()}\``).join(', ') || '—';
    return `| ${cell(s.name)} | ${cell(s.holds)} | ${on} | ${reach(s.erasure)} | ${reach(s.redaction)} | ${proof} |`;
  });
  return [
    BEGIN,
    '',
    '| store | what of a person it can hold | on | how an erasure reaches it | how a redaction reaches it | proof |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    END,
  ].join('\n');
}

/** The page with its stores section replaced by `table`. */
export function withStoresTable(page: string, table: string): string {
  const a = page.indexOf(BEGIN);
  const b = page.indexOf(END);
  if (a < 0 || b < a) throw new Error('docs/erasure-proof.md has no stores section (its begin and end markers)');
  return page.slice(0, a) + table + page.slice(b + END.length);
}
