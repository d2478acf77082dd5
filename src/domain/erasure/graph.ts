import { IGNORED_TABLES, type ErasureMap, type OnErase } from './map/index.ts';

// Reading the erasure map as a graph: which references lead into a table, and whether the
// map is complete and coherent. Pure functions, so the checks run in tests and at run time.

/** A reference from `table.column` into another table. */
export interface Edge {
  table: string;
  column: string;
  onErase: OnErase;
  onlyWhereNull?: readonly string[];
}

/** For each table, the references that point into it. */
export function inboundEdges(map: ErasureMap): Map<string, Edge[]> {
  const out = new Map<string, Edge[]>();
  for (const [table, fate] of Object.entries(map)) {
    for (const [column, c] of Object.entries(fate.columns)) {
      if (c.kind !== 'ref') continue;
      const list = out.get(c.to) ?? out.set(c.to, []).get(c.to)!;
      list.push({ table, column, onErase: c.onErase, ...(c.onlyWhereNull ? { onlyWhereNull: c.onlyWhereNull } : {}) });
    }
  }
  return out;
}

/** Tables whose rows can be deleted by an erasure (they hold an `erase` reference). */
function deletableTables(map: ErasureMap): Set<string> {
  return new Set(
    Object.entries(map)
      .filter(([, f]) => Object.values(f.columns).some((c) => c.kind === 'ref' && c.onErase === 'erase'))
      .map(([t]) => t),
  );
}

/** Tables a person's or a ticket's erasure reaches: the two roots and everything deleted under them. */
function reachedTables(map: ErasureMap): Set<string> {
  const reached = new Set(Object.entries(map).filter(([, f]) => f.tombstone).map(([t]) => t));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [table, fate] of Object.entries(map)) {
      if (reached.has(table)) continue;
      const hit = Object.values(fate.columns).some((c) => c.kind === 'ref' && c.onErase !== 'keep' && reached.has(c.to));
      if (hit) {
        reached.add(table);
        grew = true;
      }
    }
  }
  return reached;
}

/**
 * What is wrong with the map against the live schema: a table or column with no declared
 * fate, or a declared one that does not exist. Empty when they agree.
 */
export function schemaProblems(map: ErasureMap, live: { name: string; columns: string[] }[], dialect: 'sqlite' | 'postgres'): string[] {
  const problems: string[] = [];
  const liveNames = new Set(live.map((t) => t.name));
  for (const t of live) {
    if (IGNORED_TABLES.includes(t.name)) continue;
    const fate = map[t.name];
    if (!fate) {
      problems.push(`table ${t.name} has no fate in the erasure map`);
      continue;
    }
    for (const c of t.columns) if (!(c in fate.columns)) problems.push(`column ${t.name}.${c} has no fate in the erasure map`);
    for (const c of Object.keys(fate.columns)) if (!t.columns.includes(c)) problems.push(`column ${t.name}.${c} is in the erasure map but not in the database`);
  }
  for (const [t, fate] of Object.entries(map)) {
    if (!liveNames.has(t) && (!fate.onlyOn || fate.onlyOn === dialect)) problems.push(`table ${t} is in the erasure map but not in the database`);
  }
  return problems;
}

/**
 * Where the map disagrees with the database's own foreign keys: a column the database
 * knows to be a reference must be declared as `ref` to the same table, or the walker would
 * never follow it (a reference declared as plain `data` is an orphan waiting to happen).
 * References the map declares without a database constraint are allowed: some are kept on
 * purpose without one (erasure_request_matches, users.deleted_by_id).
 */
export function foreignKeyProblems(map: ErasureMap, fks: readonly { table: string; column: string; to: string }[]): string[] {
  const problems: string[] = [];
  for (const fk of fks) {
    if (IGNORED_TABLES.includes(fk.table)) continue;
    const fate = map[fk.table]?.columns[fk.column];
    // A table or column with no fate at all is schemaProblems' to report.
    if (!fate) continue;
    const name = `${fk.table}.${fk.column}`;
    if (fate.kind !== 'ref') problems.push(`${name} is a foreign key to ${fk.to} in the database but declared as ${fate.kind} in the erasure map`);
    else if (fate.to !== fk.to) problems.push(`${name} is a foreign key to ${fk.to} in the database but the erasure map says it refers to ${fate.to}`);
  }
  return problems;
}

/**
 * What is incoherent in the map itself: personal data that no erasure reaches, references
 * to undeclared tables, `keep` references that would dangle, tombstones with unknown columns.
 */
export function mapProblems(map: ErasureMap): string[] {
  const problems: string[] = [];
  const deletable = deletableTables(map);
  const reached = reachedTables(map);
  for (const [table, fate] of Object.entries(map)) {
    const cols = Object.keys(fate.columns);
    const scrub = fate.tombstone?.scrub ?? {};
    for (const [column, c] of Object.entries(fate.columns)) {
      const name = `${table}.${column}`;
      const derivedReached = !!fate.derivedFrom && reached.has(fate.derivedFrom);
      const purged = fate.tombstone?.purgeAfterDays !== undefined;
      if (c.kind === 'personal' && !(column in scrub) && !(reached.has(table) && !fate.tombstone) && !derivedReached && !purged) {
        problems.push(`personal column ${name} is neither deleted with its row nor scrubbed by an erasure`);
      }
      if (c.kind !== 'ref') continue;
      const target = map[c.to];
      if (!target) {
        problems.push(`${name} refers to ${c.to}, which has no fate in the map`);
        continue;
      }
      if (c.onErase === 'keep' && deletable.has(c.to)) problems.push(`${name} keeps a reference to ${c.to}, whose rows an erasure deletes`);
      if (c.onErase === 'erase-ticket' && !fate.tombstone) problems.push(`${name} is erase-ticket but ${table} has no tombstone`);
      if (c.onErase !== 'keep' && !('id' in target.columns)) problems.push(`${name} follows ${c.to}, which has no id column`);
      if (c.onErase === 'erase' && deletable.has(c.to) && !('id' in fate.columns) && hasInbound(map, table)) {
        problems.push(`${table} is deleted under ${c.to} but has no id for its own dependents`);
      }
      for (const n of c.onlyWhereNull ?? []) if (!cols.includes(n)) problems.push(`${name} names unknown column ${n}`);
    }
    if (fate.derivedFrom && !map[fate.derivedFrom]) problems.push(`${table} is derived from ${fate.derivedFrom}, which has no fate in the map`);
    if (fate.tombstone) {
      if (!cols.includes(fate.tombstone.erasedMarker)) problems.push(`${table} tombstone marker ${fate.tombstone.erasedMarker} is not a column`);
      for (const c of Object.keys(scrub)) if (!cols.includes(c)) problems.push(`${table} tombstone scrubs unknown column ${c}`);
    }
  }
  problems.push(...eraseCycles(map));
  return problems;
}

function hasInbound(map: ErasureMap, table: string): boolean {
  return (inboundEdges(map).get(table) ?? []).some((e) => e.onErase !== 'keep');
}

/** A cycle of `erase` references would make the walker recurse forever. */
function eraseCycles(map: ErasureMap): string[] {
  const inbound = inboundEdges(map);
  const problems: string[] = [];
  const visit = (table: string, path: string[]) => {
    for (const e of inbound.get(table) ?? []) {
      if (e.onErase !== 'erase') continue;
      if (path.includes(e.table)) {
        problems.push(`erase references form a cycle: ${[...path, e.table].join(' <- ')}`);
        continue;
      }
      visit(e.table, [...path, e.table]);
    }
  };
  for (const t of Object.keys(map)) visit(t, [t]);
  return [...new Set(problems)];
}

/** The references an erasure looks rows up by: each must be indexed for erasure to cost what the person owns. */
export function followedReferences(map: ErasureMap): { table: string; column: string }[] {
  const out: { table: string; column: string }[] = [];
  for (const edges of inboundEdges(map).values()) {
    for (const e of edges) if (e.onErase !== 'keep') out.push({ table: e.table, column: e.column });
  }
  return out;
}

/** Every column the map calls personal, on tables that exist on this database. */
export function personalColumns(map: ErasureMap, dialect: 'sqlite' | 'postgres'): { table: string; column: string }[] {
  const out: { table: string; column: string }[] = [];
  for (const [table, fate] of Object.entries(map)) {
    if (fate.onlyOn && fate.onlyOn !== dialect) continue;
    for (const [column, c] of Object.entries(fate.columns)) if (c.kind === 'personal') out.push({ table, column });
  }
  return out;
}

/** Every column the map calls data or a reference, on tables that are not derived copies. */
export function plainColumns(map: ErasureMap, dialect: 'sqlite' | 'postgres'): { table: string; column: string }[] {
  const out: { table: string; column: string }[] = [];
  for (const [table, fate] of Object.entries(map)) {
    if ((fate.onlyOn && fate.onlyOn !== dialect) || fate.derivedFrom) continue;
    for (const [column, c] of Object.entries(fate.columns)) if (c.kind !== 'personal') out.push({ table, column });
  }
  return out;
}
