import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorText } from '../../lib/api.ts';
import { useMe } from '../../lib/session.tsx';
import type { OffsetPage } from '../../../../src/shared/envelopes.ts';
import type { User } from '../../../../src/shared/users.ts';
import { useToast } from '../../components/Toasts.tsx';
import { Clip, ErrorBox, Loading } from '../../components/Misc.tsx';
import { SelectableTable, type Column } from '../../components/SelectableTable.tsx';
import { InviteDialog } from './InviteDialog.tsx';
import { LinkDialog, type IssuedLink } from './LinkDialog.tsx';

/** Agents and admins: invite, the delete-tickets permission, and new sign-in links. */
export function AgentsSection() {
  const me = useMe();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [inviting, setInviting] = useState(false);
  const [link, setLink] = useState<IssuedLink | null>(null);
  const staff = useQuery({ queryKey: ['staff'], queryFn: () => api<OffsetPage & { users: User[] }>('GET', '/users?role=agent,admin&per_page=100') });

  const setPermission = async (u: User, on: boolean) => {
    try {
      await api('PUT', `/users/${u.id}`, { user: { can_delete_tickets: on } });
      toast(`${u.name} ${on ? 'may now' : 'may no longer'} delete tickets.`);
    } catch (err) {
      toast(errorText(err), 'error');
    }
    await queryClient.invalidateQueries({ queryKey: ['staff'] });
  };
  const newLink = async (u: User) => {
    try {
      const r = await api<{ password_link: IssuedLink }>('POST', `/users/${u.id}/password_link`);
      setLink({ ...r.password_link, name: u.name });
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };

  const columns: Column<User>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (u) => (
        <Link to={`/contacts/${u.id}`}>
          <Clip text={u.name} />
        </Link>
      ),
      className: 'grow',
    },
    { key: 'email', header: 'Email', render: (u) => <Clip text={u.email} fallback="—" />, secondary: true },
    { key: 'role', header: 'Role', render: (u) => <span className="badge">{u.role}</span> },
    {
      key: 'perm',
      header: 'Delete tickets',
      render: (u) =>
        u.role === 'admin' ? (
          <span className="muted">always</span>
        ) : (
          <label className="check">
            <input type="checkbox" checked={!!u.can_delete_tickets} onChange={(e) => setPermission(u, e.target.checked)} aria-label={`${u.name} may delete tickets`} />
            <span className="visually-hidden">may delete tickets</span>
          </label>
        ),
    },
    {
      key: 'link',
      header: 'Sign-in',
      render: (u) =>
        u.id === me.user.id ? (
          <span className="muted">you</span>
        ) : (
          <button type="button" className="btn btn--small" onClick={() => newLink(u)}>
            New password link
          </button>
        ),
    },
  ];

  return (
    <section className="panel" aria-labelledby="agents-title">
      <div className="panel__head">
        <h2 id="agents-title">Agents and admins</h2>
        <button type="button" className="btn btn--primary" onClick={() => setInviting(true)}>
          Invite agent
        </button>
      </div>
      {staff.isPending && <Loading />}
      {staff.error && <ErrorBox error={staff.error} />}
      {staff.data && <SelectableTable caption="Agents and admins" rows={staff.data.users} columns={columns} label={(u) => u.name} empty="Nobody yet." />}
      <InviteDialog
        open={inviting}
        onClose={() => setInviting(false)}
        onInvited={(l) => {
          setInviting(false);
          setLink(l);
          void queryClient.invalidateQueries({ queryKey: ['staff'] });
        }}
      />
      <LinkDialog link={link} onClose={() => setLink(null)} />
    </section>
  );
}
