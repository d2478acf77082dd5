import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorText } from '../../lib/api.ts';
import type { OffsetPage } from '../../../../src/shared/envelopes.ts';
import type { Group } from '../../../../src/shared/groups.ts';
import type { User } from '../../../../src/shared/users.ts';
import type { Macro } from '../../../../src/shared/workspace-shapes.ts';
import { useConfirm } from '../../components/Confirm.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { Clip, ErrorBox, Loading } from '../../components/Misc.tsx';
import { SelectableTable, type Column } from '../../components/SelectableTable.tsx';
import { MacroDialog } from './MacroDialog.tsx';
import { summary } from './macro-form.ts';
import './macros.css';

// Macros (docs/views.md): canned replies that also set fields, applied by agents on a
// ticket. Admins manage the shared ones here, and their own personal ones; the list is
// GET /macros, so it holds exactly what the server lets this admin see.

/** Settings → Macros: list, create, edit, deactivate and delete. */
export function MacrosSection() {
  const toast = useToast();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Macro | 'new' | null>(null);
  const macros = useQuery({ queryKey: ['macros', 'all'], queryFn: () => api<OffsetPage & { macros: Macro[] }>('GET', '/macros') });
  const staff = useQuery({ queryKey: ['staff'], queryFn: () => api<OffsetPage & { users: User[] }>('GET', '/users?role=agent,admin&per_page=100') });
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => api<OffsetPage & { groups: Group[] }>('GET', '/groups?per_page=100') });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['macros'] });

  const agentName = (id: number) => staff.data?.users.find((u) => u.id === id)?.name ?? `agent #${id}`;
  const groupName = (id: number) => groups.data?.groups.find((g) => g.id === id)?.name ?? `group #${id}`;

  const setActive = async (m: Macro, active: boolean) => {
    try {
      await api('PUT', `/macros/${m.id}`, { macro: { active } });
      toast(active ? `“${m.title}” is active again.` : `“${m.title}” is deactivated: agents no longer see it.`);
    } catch (err) {
      toast(errorText(err), 'error');
    }
    await refresh();
  };
  const remove = async (m: Macro) => {
    const ok = await confirm({
      title: `Delete the macro “${m.title}”?`,
      body: <p>Agents can no longer apply it. Replies already sent with it stay as they are. To keep it for later, deactivate it instead.</p>,
      confirmLabel: 'Delete macro',
      danger: true,
    });
    if (!ok) return;
    try {
      await api('DELETE', `/macros/${m.id}`);
      toast(`Macro “${m.title}” deleted.`);
    } catch (err) {
      toast(errorText(err), 'error');
    }
    await refresh();
  };

  const columns: Column<Macro>[] = [
    {
      key: 'title',
      header: 'Macro',
      className: 'grow',
      render: (m) => (
        <span className="macro-cell">
          <span className="macro-cell__title">
            <strong>
              <Clip text={m.title} />
            </strong>
            {!m.active && <span className="badge badge--inactive">Inactive: agents do not see it</span>}
          </span>
          {m.description && <span className="muted macro-cell__line">{m.description}</span>}
          <span className="macro-cell__line macro-cell__does">{summary(m, { agent: agentName, group: groupName }) || 'No actions'}</span>
        </span>
      ),
    },
    { key: 'who', header: 'Available to', render: (m) => (m.restriction ? 'Only you (personal)' : 'Every agent'), secondary: true },
    {
      key: 'do',
      header: 'Actions',
      render: (m) => (
        <span className="macro-actions">
          <button type="button" className="btn btn--small" onClick={() => setEditing(m)} aria-label={`Edit ${m.title}`}>
            Edit
          </button>
          <button type="button" className="btn btn--small" onClick={() => void setActive(m, !m.active)} aria-label={`${m.active ? 'Deactivate' : 'Activate'} ${m.title}`}>
            {m.active ? 'Deactivate' : 'Activate'}
          </button>
          <button type="button" className="btn btn--small btn--danger" onClick={() => void remove(m)} aria-label={`Delete ${m.title}`}>
            Delete
          </button>
        </span>
      ),
    },
  ];

  return (
    <section className="panel" aria-labelledby="macros-title">
      <div className="panel__head">
        <h2 id="macros-title">Macros</h2>
        <button type="button" className="btn btn--primary" onClick={() => setEditing('new')}>
          New macro
        </button>
      </div>
      <p className="muted macros-intro">Canned replies that can also set the status, priority, type, assignee, group and tags. Agents apply them on a ticket and review the result before sending.</p>
      {macros.isPending && <Loading what="Loading macros" />}
      {macros.error && <ErrorBox error={macros.error} />}
      {macros.data && <SelectableTable caption="Macros" rows={macros.data.macros} columns={columns} label={(m) => m.title} empty="No macros yet." />}
      <MacroDialog
        editing={editing}
        staff={staff.data?.users ?? []}
        groups={groups.data?.groups ?? []}
        onClose={() => setEditing(null)}
        onSaved={(m, created) => {
          setEditing(null);
          toast(created ? `Macro “${m.title}” created.` : `Macro “${m.title}” saved.`);
          void refresh();
        }}
      />
    </section>
  );
}
