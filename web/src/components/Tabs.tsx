import { Link } from 'react-router';

export interface TabDef {
  id: string;
  label: string;
  count?: number;
  to: string;
}

/** Views as links (each is a URL you can share or reload), with their counts. */
export function Tabs({ tabs, current, label }: { tabs: TabDef[]; current: string; label: string }) {
  return (
    <nav className="tabs" aria-label={label}>
      {tabs.map((t) => (
        <Link key={t.id} to={t.to} className={`tab ${t.id === current ? 'is-current' : ''}`} aria-current={t.id === current ? 'page' : undefined}>
          {t.label}
          {t.count !== undefined && <span className="tab__count">{t.count}</span>}
        </Link>
      ))}
    </nav>
  );
}
