import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { useMe } from '../../lib/session.tsx';
import { PageHeader } from '../../components/Misc.tsx';
import { ErasureCard } from './ErasureCard.tsx';
import { QueueCard } from './QueueCard.tsx';
import { countView, findView, listViews, MINE, runQueue, UNASSIGNED, UNASSIGNED_IN_MY_GROUPS, viewPath } from './queues.ts';
import './home.css';

// The signed-in agent's start page: their open tickets, unassigned tickets in their groups,
// and erasure requests due soon. Every query is under ['home'], which the live feed makes
// stale when a ticket or an erasure request changes (web/src/lib/live.tsx). A "Waiting chats"
// card belongs here once Oubli has a chat channel; there is none yet, so there is no card.

export function HomePage() {
  const me = useMe();
  const views = useQuery({ queryKey: ['home', 'views'], queryFn: listViews });
  const mineView = views.data && findView(views.data, MINE);
  const unassignedView = views.data && findView(views.data, UNASSIGNED);
  const mine = useQuery({ queryKey: ['home', 'mine', mineView?.id], queryFn: () => runQueue(mineView, MINE), enabled: !views.isPending });
  const groups = useQuery({
    queryKey: ['home', 'my-groups', me.user.id],
    queryFn: () => api<{ count: number }>('GET', `/users/${me.user.id}/group_memberships?per_page=1`),
  });
  const inGroups = useQuery({ queryKey: ['home', 'unassigned-in-groups'], queryFn: () => runQueue(undefined, UNASSIGNED_IN_MY_GROUPS) });
  const unassignedCount = useQuery({
    queryKey: ['home', 'unassigned-count', unassignedView?.id],
    queryFn: () => countView(unassignedView!),
    enabled: !!unassignedView,
  });

  const noGroup = groups.data?.count === 0;
  return (
    <>
      <PageHeader title="Home">
        {me.abilities.work_tickets && (
          <Link className="btn btn--primary" to="/tickets/new">
            New ticket
          </Link>
        )}
      </PageHeader>
      <div className="home-grid">
        <QueueCard
          id="home-mine"
          title="Your unsolved tickets"
          q={mine}
          empty="Nothing assigned to you is waiting."
          more={mineView && <Link to={viewPath(mineView.id)}>Open “{mineView.title}”</Link>}
        />
        <QueueCard
          id="home-unassigned"
          title="Unassigned in your groups"
          q={inGroups}
          empty={noGroup ? 'You are in no group, so none are yours to pick up.' : 'No unassigned tickets in your groups.'}
          more={
            unassignedView && (
              <Link to={viewPath(unassignedView.id)}>
                All unassigned tickets{unassignedCount.data !== undefined ? ` (${unassignedCount.data})` : ''}
              </Link>
            )
          }
        />
        {me.abilities.work_tickets && <ErasureCard />}
      </div>
    </>
  );
}
