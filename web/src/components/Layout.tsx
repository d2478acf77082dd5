import { NavLink, Outlet } from 'react-router';
import { useMe, useSession } from '../lib/session.tsx';
import { useLive } from '../lib/live.tsx';
import { JobTray } from './JobTray.tsx';
import { SearchBox } from '../pages/search/SearchBox.tsx';

/** The frame of every signed-in page: navigation by role, who is signed in, running jobs. */
export function Layout() {
  const me = useMe();
  const { signOut } = useSession();
  const live = useLive();
  const a = me.abilities;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand" aria-hidden="true">
          oubli
        </span>
        <nav className="mainnav" aria-label="Main">
          <NavLink to="/views/open">Tickets</NavLink>
          <NavLink to="/contacts">Contacts</NavLink>
          {a.work_tickets && <NavLink to="/erasure-requests">Erasure requests</NavLink>}
          {a.audit_log && <NavLink to="/audit-log">Audit log</NavLink>}
          {a.settings && <NavLink to="/settings">Settings</NavLink>}
        </nav>
        <SearchBox />
        <span className={`livestate livestate--${live.status}`} role="status">
          {live.status === 'live' ? 'Live' : live.status === 'connecting' ? 'Connecting…' : 'Offline: retrying'}
        </span>
        <div className="whoami">
          <span className="whoami__name" title={`${me.user.name} (${me.user.role})`}>
            {me.user.name}
          </span>
          <button type="button" className="btn btn--small" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
      <JobTray />
    </div>
  );
}
