import { Tabs } from '../../components/Tabs.tsx';
import { useMe } from '../../lib/session.tsx';

/** The help centre's parts: the articles for every writer; the archive and the community for admins. */
export function HelpCentreTabs({ current }: { current: 'articles' | 'archived' | 'community' }) {
  const me = useMe();
  const tabs = [{ id: 'articles', label: 'Articles', to: '/help-centre' }];
  if (me.abilities.manage_help_centre) {
    tabs.push({ id: 'archived', label: 'Archived', to: '/help-centre/archived' }, { id: 'community', label: 'Community', to: '/help-centre/community' });
  }
  return <Tabs tabs={tabs} current={current} label="Help centre" />;
}
