import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ViewExecute } from '../../../../src/shared/workspace-shapes.ts';
import { Clip, ErrorBox, Loading, StatusBadge, When } from '../../components/Misc.tsx';

/** A card of the home page: a title with its count, the first rows, and a link to the rest. */
export function Card({ id, title, count, children, more }: { id: string; title: string; count?: number; children: ReactNode; more?: ReactNode }) {
  return (
    <section className="panel home-card" aria-labelledby={`${id}-title`}>
      <div className="home-card__head">
        <h2 id={`${id}-title`}>
          {title}
          {count !== undefined && (
            <>
              <span className="visually-hidden">: </span>
              <span className="home-card__count">{count}</span>
            </>
          )}
        </h2>
      </div>
      {children}
      {more && <p className="home-card__more">{more}</p>}
    </section>
  );
}

/** A card of tickets from an executed view (or preview). */
export function QueueCard({ id, title, q, empty, more }: { id: string; title: string; q: UseQueryResult<ViewExecute>; empty: string; more?: ReactNode }) {
  const names = new Map((q.data?.users ?? []).map((u) => [u.id, u.name]));
  return (
    <Card id={id} title={title} count={q.data?.count} more={more}>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} />
      ) : q.data.rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="plain-list home-list">
          {q.data.rows.map(({ ticket: t }) => (
            <li key={t.id}>
              <StatusBadge status={t.status} />
              <span className="home-list__main">
                <Link to={`/tickets/${t.id}`}>
                  <Clip text={t.subject} fallback="(no subject)" />
                </Link>
                <span className="muted home-list__sub">
                  <Clip text={names.get(t.requester_id) ?? `User #${t.requester_id}`} /> · <When at={t.updated_at} />
                </span>
              </span>
              <span className="muted">#{t.id}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
