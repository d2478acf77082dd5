import type { ReactNode } from 'react';

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** Hidden on narrow screens. */
  secondary?: boolean;
  className?: string;
}

interface Props<T extends { id: number }> {
  rows: T[];
  columns: Column<T>[];
  /** Names each row for its checkbox ("Select Dana Doe"). */
  label: (row: T) => string;
  selected?: Set<number>;
  onSelectedChange?: (next: Set<number>) => void;
  empty: ReactNode;
  caption: string;
}

/** A list with a checkbox per row and one for the whole page, for bulk actions. */
export function SelectableTable<T extends { id: number }>({ rows, columns, label, selected, onSelectedChange, empty, caption }: Props<T>) {
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
            {columns.map((c) => (
              <th key={c.key} scope="col" className={`${c.className ?? ''} ${c.secondary ? 'secondary' : ''}`}>
                {c.header}
              </th>
            ))}
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
