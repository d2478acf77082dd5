import type { Database } from '../../../db/schema.ts';

// The vocabulary of the erasure map (src/domain/erasure/README.md, "The map"). Every column of every
// table says what becomes of it when the person or ticket it belongs to is erased; the
// walker (../walker.ts) reads nothing else, and map.test.ts holds the map to the live schema.

export type TableName = keyof Database & string;

/** What happens to a referencing row when the row it points at is erased. */
export type OnErase =
  /** The referencing row is deleted (after its own dependents, deepest first). */
  | 'erase'
  /** The referencing row is itself erased to its tombstone (tickets.requester_id: the ticket goes too). */
  | 'erase-ticket'
  /** The reference stays and now points at the stub or tombstone, which keep the same id. */
  | 'keep';

export type ColumnFate =
  /** Holds nothing about a person: ids of its own row, flags, states, timestamps, counts. */
  | { kind: 'data' }
  /** Personal data: it goes with its row, or the tombstone's scrub blanks it. */
  | { kind: 'personal' }
  | {
      kind: 'ref';
      to: TableName;
      onErase: OnErase;
      /**
       * Only rows where all these columns are null take `onErase`; the others keep the
       * reference (an upload not yet used in a comment goes with its uploader; a used one
       * belongs to the ticket).
       */
      onlyWhereNull?: readonly string[];
    };

/** The sentinel for "the moment of the erasure" in a scrub list. */
export const NOW = Symbol('now');
export type ScrubValue = null | string | number | typeof NOW;

/** A row that survives its own erasure as a stub (users) or a tombstone (tickets). */
export interface Tombstone<Col extends string = string> {
  /** Set when the row has been erased; the walker skips rows that already have it. */
  erasedMarker: Col;
  /** Every column that changes, with its blank value; columns not listed are kept as they are. */
  scrub: Partial<Record<Col, ScrubValue>>;
  /**
   * The row is deleted whole this many days after its marker was set (the sweep,
   * src/domain/erasure/purge-tombstones.ts). Until then it is unreachable: every read filters
   * on the marker. Its personal columns need no scrub (a call recording's bytes: docs/calls.md).
   */
  purgeAfterDays?: number;
}

export interface TableFate<Col extends string = string> {
  columns: Record<Col, ColumnFate>;
  tombstone?: Tombstone<Col>;
  /**
   * A copy derived from another table that the database itself keeps in step (a full-text
   * index and its shadow tables, maintained by triggers): deleting or scrubbing the source
   * row updates it in the same transaction, so the walker never writes to it.
   */
  derivedFrom?: TableName;
  /** The table exists on this database only (SQLite's full-text shadow tables). */
  onlyOn?: 'sqlite' | 'postgres';
}

type ColumnsOf<T extends TableName> = keyof Database[T] & string;

/**
 * One area's part of the map. Typed against schema.ts, so a column that is missing or
 * misspelled fails to compile; the live-schema test catches what the types cannot.
 */
export type AreaMap = { [T in TableName]?: TableFate<ColumnsOf<T>> };

/** The merged map, as the walker and the tests read it. */
export type ErasureMap = Record<string, TableFate>;

export const data: ColumnFate = { kind: 'data' };
export const personal: ColumnFate = { kind: 'personal' };

/** A reference to `to`, with what happens to this row when that row is erased. */
export function ref(to: TableName, onErase: OnErase, opts: { onlyWhereNull?: readonly string[] } = {}): ColumnFate {
  return { kind: 'ref', to, onErase, ...(opts.onlyWhereNull ? { onlyWhereNull: opts.onlyWhereNull } : {}) };
}
