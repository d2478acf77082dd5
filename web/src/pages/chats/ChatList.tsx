import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { LiveChat } from '../../../../src/shared/chat-live.ts';
import { visitorLabel } from './VisitorPanel.tsx';

// The chats the page lists: waiting ones oldest first with how long each has waited, then
// active ones (the agent's own first), then the ones that ended while the tab watched.

/** "45 s", "3 min", "1 h 5 min": how long since `from`. */
export function waited(from: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(from)) / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The time now, again every few seconds (for the waiting times). */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

function lastText(c: LiveChat): string {
  for (let i = c.lines.length - 1; i >= 0; i--) if (c.lines[i]!.author !== 'system') return c.lines[i]!.text;
  return '';
}

interface GroupProps {
  title: string;
  chats: LiveChat[];
  selected: string | undefined;
  empty: string;
  detail(c: LiveChat): string;
}

function Group({ title, chats, selected, empty, detail }: GroupProps) {
  const id = `chatgroup-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section className="chatlist__group" aria-labelledby={id}>
      <h2 id={id} className="chatlist__title">
        {title} <span className="muted">({chats.length})</span>
      </h2>
      {chats.length === 0 ? (
        <p className="muted chatlist__empty">{empty}</p>
      ) : (
        <ul className="chatlist__items">
          {chats.map((c) => (
            <li key={c.id}>
              <Link to={`/chats/${c.id}`} className={`chatlist__item ${c.id === selected ? 'is-selected' : ''}`} aria-current={c.id === selected ? 'true' : undefined}>
                <span className="chatlist__name">{visitorLabel(c.visitor)}</span>{' '}
                <span className="chatlist__detail muted">{detail(c)}</span>{' '}
                <span className="chatlist__last">{lastText(c)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ChatList({ waiting, active, ended, selected, me }: { waiting: LiveChat[]; active: LiveChat[]; ended: LiveChat[]; selected: string | undefined; me: number }) {
  const now = useNow(5000);
  return (
    <nav className="chatlist" aria-label="Chats">
      <Group title="Waiting" chats={waiting} selected={selected} empty="No one is waiting." detail={(c) => `waiting ${waited(c.started_at, now)}`} />
      <Group title="Active" chats={active} selected={selected} empty="No active chats." detail={(c) => (c.agent_ids.includes(me) ? 'yours' : c.agent_ids.length ? 'a colleague’s' : 'no agent')} />
      {ended.length > 0 && <Group title="Ended" chats={ended} selected={selected} empty="" detail={() => 'ended'} />}
    </nav>
  );
}
