import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { deadlineOf, listErasureRequests, type ErasureRequest } from '../../lib/erasure-requests.ts';
import { nameOf, useUsers } from '../../lib/users.ts';
import { ErrorBox, Loading } from '../../components/Misc.tsx';
import { Card } from './QueueCard.tsx';

// Erasure requests that must be answered soon (GDPR gives a month): open ones past their
// deadline or due within 7 days (the server's `due` filters), most urgent first.

const DAY = 86_400_000;
/** How many of each the card asks for; the link leads to all of them. */
const ASKED = 20;

/** "3 days left", "due today", "2 days overdue": whole days to the deadline. */
export function daysLeft(deadline: string, now = Date.now()): string {
  const ms = new Date(deadline).getTime() - now;
  if (ms < 0) {
    const d = Math.ceil(-ms / DAY);
    return `${d} ${d === 1 ? 'day' : 'days'} overdue`;
  }
  const d = Math.floor(ms / DAY);
  return d === 0 ? 'due today' : `${d} ${d === 1 ? 'day' : 'days'} left`;
}

async function dueSoon(): Promise<{ rows: ErasureRequest[]; overdue: number; soon: number }> {
  const [overdue, soon] = await Promise.all([
    listErasureRequests({ due: 'overdue', page: 1, perPage: ASKED }),
    listErasureRequests({ due: 'soon', page: 1, perPage: ASKED }),
  ]);
  const rows = [...overdue.erasure_requests, ...soon.erasure_requests].sort((a, b) => deadlineOf(a).localeCompare(deadlineOf(b)));
  return { rows, overdue: overdue.count, soon: soon.count };
}

export function ErasureCard() {
  const q = useQuery({ queryKey: ['home', 'erasure-requests'], queryFn: dueSoon });
  const people = useUsers((q.data?.rows ?? []).map((r) => r.user_id));
  const total = q.data ? q.data.overdue + q.data.soon : undefined;
  return (
    <Card
      id="home-erasure"
      title="Erasure requests due soon"
      count={total}
      more={
        q.data && q.data.overdue > 0 ? (
          <Link to="/erasure-requests?due=overdue">All overdue ({q.data.overdue})</Link>
        ) : (
          <Link to="/erasure-requests?due=soon">All due within 7 days</Link>
        )
      }
    >
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} />
      ) : q.data.rows.length === 0 ? (
        <p className="muted">None due within 7 days.</p>
      ) : (
        <ul className="plain-list home-list">
          {q.data.rows.slice(0, 8).map((r) => {
            const words = daysLeft(deadlineOf(r));
            return (
              <li key={r.id}>
                <span className={`badge home-due ${words.endsWith('overdue') ? 'home-due--overdue' : 'home-due--soon'}`}>{words}</span>
                <span className="home-list__main">
                  <Link to={`/erasure-requests/${r.id}`}>Erasure request #{r.id}</Link>
                  <span className="muted home-list__sub">
                    for {nameOf(people, r.user_id)} · due {new Date(deadlineOf(r)).toLocaleDateString(undefined, { dateStyle: 'medium' })}
                  </span>
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
