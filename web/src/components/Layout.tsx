import { useRef, useState, type KeyboardEvent } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useMe, useSession } from '../lib/session.tsx';
import { useLive } from '../lib/live.tsx';
import { ShortcutsProvider, useShortcut } from '../lib/shortcuts.tsx';
import { ChatsProvider, useChats, waitingChats } from '../lib/chat.tsx';
import { notifyNewWaiting, useWaitingTitle } from '../lib/chat-notify.ts';
import { JobTray } from './JobTray.tsx';
import { ShortcutsHelp } from './ShortcutsHelp.tsx';
import './layout.css';
import { SearchBox } from '../pages/search/SearchBox.tsx';

/** Where "Tickets" in the navigation (and "g v") leads: the ticket views. */
export const VIEWS_PATH = '/views/open';

/** The frame of every signed-in page: navigation by role, who is signed in, running jobs, shortcuts. */
export function Layout() {
  const me = useMe();
  return (
    <ShortcutsProvider>
      <ChatsProvider enabled={me.abilities.work_tickets} onNewWaiting={() => notifyNewWaiting(location.pathname.startsWith('/chats'))}>
        <Frame />
      </ChatsProvider>
    </ShortcutsProvider>
  );
}

/** "Chats" in the navigation, with the number of chats waiting for an agent. */
function ChatsLink() {
  const { chats } = useChats();
  const waiting = waitingChats(chats).length;
  useWaitingTitle(waiting);
  return (
    <NavLink to="/chats">
      Chats
      {waiting > 0 && (
        <span className="navbadge">
          <span aria-hidden="true">{waiting}</span>
          <span className="visually-hidden">, {waiting === 1 ? '1 waiting' : `${waiting} waiting`}</span>
        </span>
      )}
    </NavLink>
  );
}

function Frame() {
  const me = useMe();
  const { signOut } = useSession();
  const live = useLive();
  const waitingCount = waitingChats(useChats().chats).length;
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const a = me.abilities;
  const [menuOpen, setMenuOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  // Going somewhere closes the narrow-screen menu.
  const [lastPath, setLastPath] = useState(pathname);
  if (lastPath !== pathname) {
    setLastPath(pathname);
    setMenuOpen(false);
  }

  useShortcut('?', 'Show keyboard shortcuts', () => setHelpOpen(true));
  useShortcut('/', 'Search', () => {
    const box = document.getElementById('global-search');
    if (!box) return false;
    box.focus();
  });
  useShortcut('g h', 'Go to Home', () => void navigate('/'));
  useShortcut('g v', 'Go to the ticket views', () => void navigate(VIEWS_PATH));
  useShortcut('g c', 'Go to Contacts', () => void navigate('/contacts'));
  useShortcut('g l', 'Go to Chats (live chat)', () => void navigate('/chats'), { enabled: a.work_tickets });
  useShortcut('c', 'New ticket', () => void navigate('/tickets/new'), { enabled: a.work_tickets });

  const closeMenuOnEscape = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && menuOpen) {
      e.preventDefault();
      setMenuOpen(false);
      toggle.current?.focus();
    }
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand" aria-hidden="true">
          oubli
        </span>
        <nav className={`mainnav ${menuOpen ? 'is-open' : ''}`} aria-label="Main" onKeyDown={closeMenuOnEscape}>
          {/* Shown on narrow screens only (CSS): the links fold into a menu under it. */}
          <button
            ref={toggle}
            type="button"
            className="mainnav__toggle btn btn--small"
            aria-expanded={menuOpen}
            aria-controls="mainnav-links"
            onClick={() => setMenuOpen((o) => !o)}
          >
            <span aria-hidden="true">☰</span> Menu
            {a.work_tickets && waitingCount > 0 && (
              <span className="navbadge">
                <span aria-hidden="true">{waitingCount}</span>
                <span className="visually-hidden">, {waitingCount} {waitingCount === 1 ? 'chat' : 'chats'} waiting</span>
              </span>
            )}
          </button>
          <ul id="mainnav-links" className="mainnav__links">
            <li>
              <NavLink to="/" end>
                Home
              </NavLink>
            </li>
            <li>
              <NavLink to={VIEWS_PATH} className={() => (pathname.startsWith('/views') ? 'active' : '')}>
                Tickets
              </NavLink>
            </li>
            <li>
              <NavLink to="/contacts">Contacts</NavLink>
            </li>
            {a.work_tickets && (
              <li>
                <ChatsLink />
              </li>
            )}
            {a.work_tickets && (
              <li>
                <NavLink to="/erasure-requests">Erasure requests</NavLink>
              </li>
            )}
            {a.write_articles && (
              <li>
                <NavLink to="/help-centre">Help centre</NavLink>
              </li>
            )}
            {a.reports && (
              <li>
                <NavLink to="/reports">Reports</NavLink>
              </li>
            )}
            {a.audit_log && (
              <li>
                <NavLink to="/audit-log">Audit log</NavLink>
              </li>
            )}
            {a.settings && (
              <li>
                <NavLink to="/settings">Settings</NavLink>
              </li>
            )}
            {a.work_tickets && (
              <li className="mainnav__narrow-only">
                <NavLink to="/tickets/new">New ticket</NavLink>
              </li>
            )}
          </ul>
        </nav>
        <div className="topbar__search">
          <SearchBox />
        </div>
        {a.work_tickets && (
          <Link className="btn btn--small topbar__new" to="/tickets/new">
            New ticket
          </Link>
        )}
        <span className={`livestate livestate--${live.status}`} role="status">
          {live.status === 'live' ? 'Live' : live.status === 'connecting' ? 'Connecting…' : 'Offline: retrying'}
        </span>
        <div className="whoami">
          <span className="whoami__name" title={`${me.user.name} (${me.user.role})`}>
            {me.user.name}
          </span>
          <button type="button" className="btn btn--small" onClick={() => setHelpOpen(true)} title="Keyboard shortcuts (?)">
            <span aria-hidden="true">?</span>
            <span className="visually-hidden">Keyboard shortcuts</span>
          </button>
          <button type="button" className="btn btn--small" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
      <JobTray />
      <ShortcutsHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}
