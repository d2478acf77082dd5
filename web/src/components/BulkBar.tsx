import type { ReactNode } from 'react';

/**
 * The actions for the checked rows; shown once something is checked. `widen` offers more than
 * the page ("Select all 230 matching"), or says that all are selected.
 */
export function BulkBar({ count, noun, onClear, children, widen }: { count: number; noun: [string, string]; onClear: () => void; children: ReactNode; widen?: ReactNode }) {
  if (!count) return null;
  return (
    <div className="bulkbar" role="region" aria-label="Bulk actions for the selected rows">
      <span className="bulkbar__count" role="status">
        {count} {count === 1 ? noun[0] : noun[1]} selected
      </span>
      {widen}
      <div className="bulkbar__actions">{children}</div>
      <button type="button" className="btn btn--ghost btn--small" onClick={onClear}>
        Clear selection
      </button>
    </div>
  );
}
