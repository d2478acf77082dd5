import { useId } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../../lib/api.ts';
import type { OffsetPage } from '../../../../src/shared/envelopes.ts';
import type { Ticket } from '../../../../src/shared/tickets.ts';
import type { Identity, User } from '../../../../src/shared/users.ts';
import { StatusBadge } from '../../components/Misc.tsx';
import { useRequesterOrganizations } from './ticket-data.ts';

// Who asked: the requester's name, identities, organizations and their other tickets, from
// GET /users/{id}, /users/{id}/identities, /users/{id}/organization_memberships and
// /users/{id}/tickets/requested. Under the keys the contact page uses, so both stay fresh.

const IDENTITY_WORDS: Record<Identity['type'], string> = { email: 'Email', phone_number: 'Phone', twitter: 'X/Twitter', facebook: 'Facebook' };
const OTHERS_SHOWN = 5;

export function RequesterPanel({ requesterId, ticketId }: { requesterId: number; ticketId: number }) {
  const id = useId();
  const userQ = useQuery({
    queryKey: ['contacts', 'one', requesterId, 'user'],
    queryFn: () => api<{ user: User }>('GET', `/users/${requesterId}`),
    retry: false,
  });
  const live = userQ.isSuccess;
  const identitiesQ = useQuery({
    queryKey: ['contacts', 'one', requesterId, 'identities'],
    queryFn: () => api<{ identities: Identity[] }>('GET', `/users/${requesterId}/identities`),
    enabled: live,
  });
  const ticketsQ = useQuery({
    queryKey: ['contacts', 'one', requesterId, 'tickets'],
    queryFn: () => api<OffsetPage & { tickets: Ticket[] }>('GET', `/users/${requesterId}/tickets/requested?per_page=50`),
    enabled: live,
  });
  const orgsQ = useRequesterOrganizations(requesterId);
  const user = userQ.data?.user;
  const gone = userQ.error instanceof ApiError && userQ.error.status === 404;
  const others = (ticketsQ.data?.tickets ?? []).filter((t) => t.id !== ticketId).sort((a, b) => b.updated_at.localeCompare(a.updated_at));
  const otherCount = ticketsQ.data ? ticketsQ.data.count - (ticketsQ.data.tickets.some((t) => t.id === ticketId) ? 1 : 0) : 0;

  return (
    <section className="panel rq" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="tf-title">
        Requester
      </h2>
      {userQ.isPending && <p className="muted">Loading…</p>}
      {gone && <p className="muted">This contact was deleted or erased; there is nothing more to show.</p>}
      {user && (
        <>
          <p className="rq-name">
            <Link to={`/contacts/${user.id}`} className="breakable">
              {user.name}
            </Link>
            {user.suspended && <span className="badge badge--suspended">Suspended</span>}
          </p>
          <dl className="rq-facts">
            {(identitiesQ.data?.identities ?? []).map((i) => (
              <div key={i.id}>
                <dt>
                  {IDENTITY_WORDS[i.type]}
                  {i.primary && <span className="muted"> (primary)</span>}
                </dt>
                <dd className="breakable">{i.value}</dd>
              </div>
            ))}
            <div>
              <dt>Organization</dt>
              <dd>
                {(orgsQ.data?.organization_memberships ?? []).length === 0
                  ? <span className="muted">None</span>
                  : orgsQ.data!.organization_memberships.map((m) => (
                      <span key={m.id} className="rq-org breakable">
                        {m.organization_name}
                        {m.default && orgsQ.data!.organization_memberships.length > 1 && <span className="muted"> (default)</span>}
                      </span>
                    ))}
              </dd>
            </div>
          </dl>
          <h3 className="rq-sub">Other tickets{ticketsQ.data ? ` (${otherCount})` : ''}</h3>
          {ticketsQ.isSuccess && others.length === 0 && <p className="muted">None.</p>}
          <ul className="plain-list ticket-list rq-tickets">
            {others.slice(0, OTHERS_SHOWN).map((t) => (
              <li key={t.id}>
                <StatusBadge status={t.status} />
                <Link to={`/tickets/${t.id}`} className="clip" title={t.subject ?? undefined}>
                  #{t.id} {t.subject || '(no subject)'}
                </Link>
              </li>
            ))}
          </ul>
          {otherCount > OTHERS_SHOWN && (
            <p>
              <Link to={`/contacts/${user.id}`}>All {otherCount} other tickets</Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}
