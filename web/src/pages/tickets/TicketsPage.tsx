import { Navigate, useLocation, useParams } from 'react-router';
import { useViews } from '../../lib/views.ts';
import { useMe } from '../../lib/session.tsx';
import type { View } from '../../../../src/shared/workspace-shapes.ts';
import { ErrorBox, Loading } from '../../components/Misc.tsx';
import { SpecialList, type SpecialId } from './SpecialList.tsx';
import { ViewPage } from './ViewPage.tsx';
import { ViewSidebar } from './ViewSidebar.tsx';
import '../../styles/queue.css';

// The ticket lists at /views/:view: a view by its id (docs/views.md), or Spam and Deleted
// tickets, which have endpoints of their own. The lists the app had before views
// (/views/open, /views/pending, …) lead to the built-in view with the same conditions.

/** The old lists, by the one condition of the built-in view that replaced each. */
const OLD_LISTS: Record<string, { operator: string; value: string }> = {
  open: { operator: 'less_than', value: 'pending' },
  pending: { operator: 'is', value: 'pending' },
  hold: { operator: 'is', value: 'hold' },
  solved: { operator: 'is', value: 'solved' },
  closed: { operator: 'is', value: 'closed' },
};

function builtInFor(views: View[], name: string): View | undefined {
  const want = OLD_LISTS[name];
  if (!want) return undefined;
  return views.find((v) => {
    const [only, ...rest] = v.conditions.all;
    return v.default && !rest.length && !v.conditions.any.length && only?.field === 'status' && only.operator === want.operator && only.value === want.value;
  });
}

export function TicketsPage() {
  const me = useMe();
  const param = useParams().view ?? '';
  const location = useLocation();
  const views = useViews();
  if (views.isPending) return <Loading what="Loading views" />;
  if (views.error) return <ErrorBox error={views.error} />;
  const list = views.data.views;
  const special: SpecialId | null = param === 'spam' || (param === 'deleted' && me.abilities.delete_tickets) ? param : null;
  const id = /^\d+$/.test(param) ? Number(param) : null;
  const view = id !== null ? list.find((v) => v.id === id) : undefined;

  if (!special && !view) {
    const target = builtInFor(list, param) ?? (param === '' ? list[0] : undefined);
    if (target) return <Navigate to={`/views/${target.id}${location.search}`} replace />;
  }
  return (
    <div className="queue">
      <ViewSidebar views={list} current={special ?? id ?? 0} />
      <div className="queue__main">
        {special ? (
          <SpecialList key={special} list={special} />
        ) : view ? (
          <ViewPage key={view.id} view={view} />
        ) : (
          <p role="alert" className="errorbox">
            There is no such view, or it is not yours. Pick one from the list.
          </p>
        )}
      </div>
    </div>
  );
}
