import type { ReactNode } from 'react';

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** Hidden on narrow screens. */
  secondary?: boolean;
  className?: string;
  /** The sort key this column's header sorts by (with `onSort`); none: not sortable. */
  sortKey?: string;
}

export type SortDirection = 'asc' | 'desc';

interface Props<T extends { id: number }> {
  rows: T[];
  columns: Column<T>[];
  /** Names each row for its checkbox ("Select Dana Doe"). */
  label: (row: T) => string;
  selected?: Set<number>;
  onSelectedChange?: (next: Set<number>) => void;
  empty: ReactNode;
  caption: string;
  /** Which way the list is sorted by this key, if it is. */
  sortedBy?: (key: string) => SortDirection | null;
  /** Asked to sort by a column's key: its header is a button (Enter or Space). */
  onSort?: (key: string) => void;
}

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

/** A list with a checkbox per row and one for the whole page, for bulk actions. */
export function SelectableTable<T extends { id: number }>({ rows, columns, label, selected, onSelectedChange, empty, caption, sortedBy, onSort }: Props<T>) {
  const selectable = !!selected && !!onSelectedChange;
  const all = selectable && rows.length > 0 && rows.every((r) => selected!.has(r.id));
  const some = selectable && rows.some((r) => selected!.has(r.id));
  const toggle = (id: number) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelectedChange!(next);
  };
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {selectable && (
              <th className="table__check">
                <input
                  type="checkbox"
                  aria-label="Select all on this page"
                  checked={all}
                  ref={(el) => {
                    if (el) el.indeterminate = some && !all;
                  }}
                  onChange={() => onSelectedChange!(all ? new Set() : new Set(rows.map((r) => r.id)))}
                  disabled={!rows.length}
                />
              </th>
            )}
            {columns.map((c) => {
              const dir = c.sortKey && sortedBy ? sortedBy(c.sortKey) : null;
              return (
                <th key={c.key} scope="col" className={`${c.className ?? ''} ${c.secondary ? 'secondary' : ''}`} aria-sort={c.sortKey && onSort ? (dir ? ARIA_SORT[dir] : 'none') : undefined}>
                  {c.sortKey && onSort ? (
                    <button type="button" className="table__sort" onClick={() => onSort(c.sortKey!)}>
                      {c.header}
                      <span aria-hidden="true" className="table__sort-mark">
                        {dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : '↕'}
                      </span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length + (selectable ? 1 : 0)} className="table__empty">
                {empty}
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r.id} className={selectable && selected!.has(r.id) ? 'is-selected' : undefined}>
              {selectable && (
                <td className="table__check">
                  <input type="checkbox" aria-label={`Select ${label(r)}`} checked={selected!.has(r.id)} onChange={() => toggle(r.id)} />
                </td>
              )}
              {columns.map((c) => (
                <td key={c.key} className={`${c.className ?? ''} ${c.secondary ? 'secondary' : ''}`}>
                  {c.render(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
