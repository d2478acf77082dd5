interface Props {
  page: number;
  perPage: number;
  count: number;
  onPage: (page: number) => void;
}

/** "1–50 of 230" with previous and next, for the API's offset pages. */
export function Pager({ page, perPage, count, onPage }: Props) {
  if (count <= perPage && page === 1) return count ? <p className="pager">{count === 1 ? '1 item' : `${count} items`}</p> : null;
  const first = (page - 1) * perPage + 1;
  const last = Math.min(count, page * perPage);
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" className="btn btn--small" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ← Previous
      </button>
      <span>
        {first}–{last} of {count}
      </span>
      <button type="button" className="btn btn--small" disabled={last >= count} onClick={() => onPage(page + 1)}>
        Next →
      </button>
    </nav>
  );
}
