import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQueries } from '@tanstack/react-query';
import { listInQueue, pageOfPlace, readQueue, ticketInQueue, type QueueContext } from '../../lib/queue.ts';
import { useShortcut } from '../../lib/shortcuts.tsx';
import { fetchViewPage, PER_PAGE, useViews, viewPageKey } from '../../lib/views.ts';
import type { View } from '../../../../src/shared/workspace-shapes.ts';
import '../../styles/queue.css';

// "‹ 3 of 57 ›" on a ticket opened from a view: the previous and next ticket of the same
// list (its sort and filters), across its pages, and the way back to the page it came from.
// The pages are read as the list reads them, so coming from the list they are in the cache.
// When the ticket has left the list since (solved, reassigned), "next" is the ticket that
// took its place. `j` and `k` step to the next and previous one, as › and ‹ do.

function Step({ to, label, sign }: { to: string | null; label: string; sign: string }) {
  if (!to) {
    return (
      <span className="queuenav__step" aria-disabled="true" aria-label={label} role="link">
        {sign}
      </span>
    );
  }
  return (
    <Link to={to} className="queuenav__step" aria-label={label}>
      {sign}
    </Link>
  );
}

function InQueue({ view, q, ticketId }: { view: View; q: QueueContext; ticketId: number }) {
  const wanted = [...new Set([q.at - 1, q.at, q.at + 1].filter((p) => p >= 0).map(pageOfPlace))];
  const pages = useQueries({
    queries: wanted.map((page) => {
      const state = { ...q.state, page };
      return { queryKey: viewPageKey(view.id, state), queryFn: () => fetchViewPage(view, state) };
    }),
  });
  const place = new Map<number, number>();
  pages.forEach((p, i) => p.data?.rows.forEach((r, k) => place.set((wanted[i]! - 1) * PER_PAGE + k, r.ticket_id)));
  const count = pages.find((p) => p.data)?.data?.count;

  const found = place.get(q.at) === ticketId ? q.at : [...place].find(([, id]) => id === ticketId)?.[0];
  const here = found ?? null;
  const prevAt = (here ?? q.at) - 1;
  const nextAt = here === null ? q.at : here + 1;
  const link = (at: number) => {
    const id = place.get(at);
    return id !== undefined && id !== ticketId ? ticketInQueue(id, { ...q, at }) : null;
  };
  const navigate = useNavigate();
  const go = (to: string | null) => (to ? void navigate(to) : false);
  useShortcut('j', 'Next ticket in the view', () => go(link(nextAt)), { group: 'Ticket' });
  useShortcut('k', 'Previous ticket in the view', () => go(link(prevAt)), { group: 'Ticket' });
  if (count === undefined) return null;
  return (
    <nav className="queuenav" aria-label="Tickets in this view">
      <Link to={listInQueue({ ...q, at: here ?? q.at })} className="queuenav__back">
        ← {view.title}
      </Link>
      <Step to={link(prevAt)} label="Previous ticket in the view" sign="‹" />
      <span>{here !== null ? `${here + 1} of ${count}` : `No longer in this view (${count} left)`}</span>
      <Step to={link(nextAt)} label="Next ticket in the view" sign="›" />
    </nav>
  );
}

export function QueueNav({ ticketId }: { ticketId: number }) {
  const [params] = useSearchParams();
  const q = readQueue(params);
  return q ? <WithView q={q} ticketId={ticketId} /> : null;
}

function WithView({ q, ticketId }: { q: QueueContext; ticketId: number }) {
  const views = useViews();
  const view = views.data?.views.find((v) => v.id === q.viewId);
  return view ? <InQueue view={view} q={q} ticketId={ticketId} /> : null;
}
