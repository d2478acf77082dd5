import { Link, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, errorText } from '../../lib/api.ts';
import { mayExport as canExport, mayManage as canManage, useMe } from '../../lib/session.tsx';
import { useSettings } from '../../lib/settings.ts';
import { nameOf, useUsers } from '../../lib/users.ts';
import type { AuditEvent as AuditLog } from '../../../../src/shared/audit.ts';
import type { OffsetPage } from '../../../../src/shared/envelopes.ts';
import type { Ticket } from '../../../../src/shared/tickets.ts';
import { ERASED_USER_NAME, type DeletedUser, type User } from '../../../../src/shared/users.ts';
import { useConfirm } from '../../components/Confirm.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { Clip, ErrorBox, Loading, StatusBadge, When } from '../../components/Misc.tsx';
import { deleteBody, eraseBody, suspendBody } from '../contacts/words.tsx';
import { IdentitiesPanel } from './IdentitiesPanel.tsx';
import { OrganizationsPanel } from './OrganizationsPanel.tsx';
import { ProfilePanel } from './ProfilePanel.tsx';
import './contact.css';

/** A live user, or a deleted one (from Deleted contacts), by id. */
async function loadContact(id: number): Promise<{ user: User | DeletedUser; deleted: boolean }> {
  try {
    return { user: (await api<{ user: User }>('GET', `/users/${id}`)).user, deleted: false };
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
    return { user: (await api<{ deleted_user: DeletedUser }>('GET', `/deleted_users/${id}`)).deleted_user, deleted: true };
  }
}

/** Audit events about this person (admins). The list is newest first; a few pages are read. */
async function historyOf(id: number): Promise<AuditLog[]> {
  const out: AuditLog[] = [];
  let url: string | null = `/audit_logs?page[size]=100&filter[source_type]=user&filter[source_id]=${id}`;
  for (let i = 0; url && i < 5 && out.length < 50; i++) {
    const r: { audit_logs: AuditLog[]; links?: { next: string | null } } = await api('GET', url);
    out.push(...r.audit_logs.filter((e) => e.source_type === 'user' && e.source_id === id));
    url = r.links?.next ? new URL(r.links.next).pathname.replace(/^\/api\/v2/, '') + new URL(r.links.next).search : null;
  }
  return out;
}

/** Downloads what GET /users/{id}/export answers, as a JSON file. */
async function downloadExport(user: User | DeletedUser) {
  const data = await api<unknown>('GET', `/users/${user.id}/export`);
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `oubli-contact-${user.id}-export.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ContactPage() {
  const me = useMe();
  const id = Number(useParams().id);
  const confirm = useConfirm();
  const toast = useToast();
  const settings = useSettings();
  const queryClient = useQueryClient();

  const contactQ = useQuery({ queryKey: ['contacts', 'one', id], queryFn: () => loadContact(id) });
  const deleted = contactQ.data?.deleted ?? false;
  const user = contactQ.data?.user;
  const ticketsQ = useQuery({
    queryKey: ['contacts', 'one', id, 'tickets'],
    queryFn: () => api<OffsetPage & { tickets: Ticket[] }>('GET', `/users/${id}/tickets/requested?per_page=50`),
    enabled: !!user && !deleted,
  });
  const historyQ = useQuery({ queryKey: ['contacts', 'one', id, 'history'], queryFn: () => historyOf(id), enabled: !!user && me.abilities.audit_log });
  const actors = useUsers((historyQ.data ?? []).map((e) => e.actor_id));

  if (contactQ.isPending) return <Loading what="Loading the contact" />;
  if (contactQ.error) return <ErrorBox error={contactQ.error} />;
  if (!user) return null;

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['contacts'] });
    await queryClient.invalidateQueries({ queryKey: ['tickets'] });
  };
  const act = async (what: () => Promise<unknown>, done: string) => {
    try {
      await what();
      toast(done);
      await refresh();
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };

  const suspend = async () => {
    if (!(await confirm({ title: `Suspend ${user.name}?`, body: suspendBody(), confirmLabel: 'Suspend', danger: true }))) return;
    await act(() => api('PUT', `/users/${id}`, { user: { suspended: true } }), `${user.name} is suspended.`);
  };
  const unsuspend = () => act(() => api('PUT', `/users/${id}`, { user: { suspended: false } }), `${user.name} is active again.`);
  const del = async () => {
    const ok = await confirm({ title: `Delete ${user.name}?`, body: deleteBody(settings?.deleted_users_retention_days ?? 30), confirmLabel: 'Delete', danger: true });
    if (!ok) return;
    await act(() => api('DELETE', `/users/${id}`), `${user.name} moved to Deleted contacts; their tickets are in Spam.`);
  };
  const restore = () => act(() => api('PUT', `/deleted_users/${id}/restore`), `${user.name} is restored, with the tickets their deletion moved to Spam.`);
  const erase = async () => {
    const ok = await confirm({
      title: `Delete ${user.name} forever?`,
      body: eraseBody(1),
      confirmLabel: 'Delete forever',
      danger: true,
      acknowledge: 'I understand this cannot be undone.',
    });
    if (!ok) return;
    await act(() => api('DELETE', `/deleted_users/${id}`), 'The contact was erased. Only a stub named “Permanently Deleted User” remains.');
  };

  const erased = user.name === ERASED_USER_NAME && !user.email;
  const isSuspended = 'suspended' in user && user.suspended;
  const state = erased ? 'Erased' : deleted ? 'Deleted' : isSuspended ? 'Suspended' : 'Active';
  const editable = !deleted && canManage(me, user, 'update');
  return (
    <>
      <header className="page-header">
        <div>
          <p className="eyebrow">
            <Link to={deleted ? '/contacts?tab=deleted' : '/contacts'}>Contacts</Link> · #{user.id}
          </p>
          <h1 className="page-title breakable">{user.name}</h1>
          <p className="ticket-header__meta">
            <span className={`badge badge--${state.toLowerCase()}`}>{state}</span>
            {user.role !== 'end-user' && <span className="badge">{user.role}</span>}
            <span className="muted">
              Since <When at={user.created_at} />
            </span>
          </p>
        </div>
        <div className="page-actions">
          {!deleted && !isSuspended && me.abilities.work_tickets && (
            <Link className="btn btn--primary" to={`/tickets/new?requester_id=${user.id}`}>
              New ticket
            </Link>
          )}
          {!deleted && !isSuspended && canManage(me, user, 'suspend') && (
            <button type="button" className="btn" onClick={suspend}>
              Suspend
            </button>
          )}
          {!deleted && isSuspended && canManage(me, user, 'unsuspend') && (
            <button type="button" className="btn" onClick={unsuspend}>
              Restore
            </button>
          )}
          {deleted && !erased && canManage(me, user, 'restore') && (
            <button type="button" className="btn" onClick={restore}>
              Restore
            </button>
          )}
          {!deleted && canExport(me, user) && (
            <button type="button" className="btn" onClick={() => downloadExport(user).catch((err) => toast(errorText(err), 'error'))}>
              Export data
            </button>
          )}
          {!erased && canManage(me, user, 'delete') && (
            <Link className="btn" to={`/erasure-requests/new?user_id=${user.id}`}>
              Start erasure request
            </Link>
          )}
          {!deleted && canManage(me, user, 'delete') && (
            <button type="button" className="btn btn--danger" onClick={del}>
              Delete
            </button>
          )}
          {deleted && !erased && canManage(me, user, 'erase') && (
            <button type="button" className="btn btn--danger" onClick={erase}>
              Delete forever
            </button>
          )}
        </div>
      </header>

      <div className="columns">
        <div className="contact-side">
          {deleted ? (
            <section className="panel" aria-labelledby="ids-title">
              <h2 id="ids-title">Identities</h2>
              <p className="muted">{erased ? 'Erased.' : `Released when the contact was deleted: ${user.email ?? 'no email'}.`}</p>
            </section>
          ) : (
            'notes' in user && (
              <>
                <ProfilePanel user={user} editable={editable} />
                <IdentitiesPanel user={user} editable={editable} />
                <OrganizationsPanel user={user} editable={editable} />
              </>
            )
          )}
        </div>

        <section className="panel panel--wide" aria-labelledby="tickets-title">
          <h2 id="tickets-title">Requested tickets</h2>
          {deleted ? (
            <p className="muted">
              Deleting the contact moved their tickets to <Link to="/views/spam">Spam</Link>; restoring the contact brings them back.
            </p>
          ) : ticketsQ.isPending ? (
            <Loading />
          ) : ticketsQ.error ? (
            <ErrorBox error={ticketsQ.error} />
          ) : ticketsQ.data.tickets.length === 0 ? (
            <p className="muted">No active tickets.</p>
          ) : (
            <ul className="plain-list ticket-list">
              {ticketsQ.data.tickets.map((t) => (
                <li key={t.id}>
                  <StatusBadge status={t.status} />{' '}
                  <Link to={`/tickets/${t.id}`}>
                    <Clip text={t.subject} fallback="(no subject)" />
                  </Link>{' '}
                  <span className="muted">#{t.id}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      {me.abilities.audit_log && (
        <section className="panel" aria-labelledby="history-title">
          <h2 id="history-title">History</h2>
          {historyQ.isPending ? (
            <Loading />
          ) : historyQ.error ? (
            <ErrorBox error={historyQ.error} />
          ) : historyQ.data.length === 0 ? (
            <p className="muted">Nothing recorded recently.</p>
          ) : (
            <ol className="plain-list history">
              {historyQ.data.map((e) => (
                <li key={e.id}>
                  <When at={e.created_at} /> <code>{e.action}</code> by {e.actor_id ? nameOf(actors, e.actor_id) : 'the system'}
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
    </>
  );
}
