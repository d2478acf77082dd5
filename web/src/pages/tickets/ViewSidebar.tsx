import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useMe } from '../../lib/session.tsx';
import { useViewCounts } from '../../lib/views.ts';
import type { View } from '../../../../src/shared/workspace-shapes.ts';
import { fetchSpecial, type SpecialId } from './SpecialList.tsx';

// The list of views beside the table: the shared views (the built-in ones first, by
// position), the agent's own, then Spam and Deleted tickets, each with its count.

function Item({ to, label, count, current }: { to: string; label: string; count: number | undefined; current: boolean }) {
  const ref = useRef<HTMLAnchorElement>(null);
  // On a narrow screen the list is a strip that scrolls sideways: the current view is shown.
  useEffect(() => {
    if (current) ref.current?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [current]);
  return (
    <li>
      <Link ref={ref} to={to} className={`viewnav__item ${current ? 'is-current' : ''}`} aria-current={current ? 'page' : undefined}>
        <span className="viewnav__label">{label}</span>
        {count !== undefined && <span className="viewnav__count">{count}</span>}
      </Link>
    </li>
  );
}

export function ViewSidebar({ views, current }: { views: View[]; current: number | SpecialId }) {
  const me = useMe();
  const counts = useViewCounts(views.map((v) => v.id));
  const specials: SpecialId[] = me.abilities.delete_tickets ? ['spam', 'deleted'] : ['spam'];
  const specialCounts = useQuery({
    queryKey: ['tickets', 'special-counts', specials],
    queryFn: async () => Object.fromEntries(await Promise.all(specials.map(async (s) => [s, (await fetchSpecial(s, 1, 1)).count] as const))),
  });
  const shared = views.filter((v) => !v.restriction);
  const mine = views.filter((v) => v.restriction);
  const list = (vs: View[]) => vs.map((v) => <Item key={v.id} to={`/views/${v.id}`} label={v.title} count={counts.data?.get(v.id)} current={current === v.id} />);
  return (
    <nav className="viewnav" aria-label="Ticket views">
      <h2 className="viewnav__head">Views</h2>
      <ul>{list(shared)}</ul>
      {mine.length > 0 && (
        <>
          <h2 className="viewnav__head">Your views</h2>
          <ul>{list(mine)}</ul>
        </>
      )}
      <h2 className="viewnav__head">Set aside</h2>
      <ul>
        {specials.map((s) => (
          <Item key={s} to={`/views/${s}`} label={s === 'spam' ? 'Spam' : 'Deleted'} count={specialCounts.data?.[s]} current={current === s} />
        ))}
      </ul>
    </nav>
  );
}
