import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorText } from '../../lib/api.ts';
import type { OrganizationMembership } from '../../../../src/shared/organizations.ts';
import type { User } from '../../../../src/shared/users.ts';
import { useConfirm } from '../../components/Confirm.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { Clip, ErrorBox, Loading } from '../../components/Misc.tsx';
import { useOrganizations } from '../../lib/organizations.ts';

// The organizations a contact belongs to. The default one is the contact's
// `organization_id`, which their new tickets take; the first membership is the default.

export function OrganizationsPanel({ user, editable }: { user: User; editable: boolean }) {
  const id = user.id;
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const toast = useToast();
  const q = useQuery({
    queryKey: ['contacts', 'one', id, 'organizations'],
    queryFn: () => api<{ organization_memberships: OrganizationMembership[] }>('GET', `/users/${id}/organization_memberships?per_page=100`),
  });
  const orgs = useOrganizations();
  const [pick, setPick] = useState('');
  const [error, setError] = useState<string | null>(null);

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['contacts'] });
    await queryClient.invalidateQueries({ queryKey: ['organizations'] });
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

  const memberships = q.data?.organization_memberships ?? [];
  const free = (orgs.data ?? []).filter((o) => !memberships.some((m) => m.organization_id === o.id));

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const org = free.find((o) => String(o.id) === pick);
    if (!org) return;
    setError(null);
    try {
      await api('POST', `/users/${id}/organization_memberships`, { organization_membership: { organization_id: org.id } });
      toast(`${user.name} is now in ${org.name}.`);
      setPick('');
      await refresh();
    } catch (err) {
      setError(errorText(err));
    }
  };

  const remove = async (m: OrganizationMembership) => {
    const ok = await confirm({
      title: `Remove ${user.name} from ${m.organization_name}?`,
      body: <p>Their tickets keep the organization they have; new tickets take their default organization{m.default ? ' (another one, or none)' : ''}.</p>,
      confirmLabel: 'Remove',
      danger: true,
    });
    if (ok) await act(() => api('DELETE', `/users/${id}/organization_memberships/${m.id}`), `${user.name} left ${m.organization_name}.`);
  };

  return (
    <section className="panel" aria-labelledby="orgs-title">
      <h2 id="orgs-title">Organizations</h2>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} />
      ) : memberships.length === 0 ? (
        <p className="muted">In no organization.</p>
      ) : (
        <ul className="plain-list identities">
          {memberships.map((m) => (
            <li key={m.id}>
              <span className="identities__what">
                <Clip text={m.organization_name} />
                {m.default && <span className="badge">default</span>}
              </span>
              {editable && (
                <span className="identities__actions">
                  {!m.default && (
                    <button type="button" className="btn btn--small" aria-label={`Make default: ${m.organization_name}`} onClick={() => act(() => api('PUT', `/users/${id}/organization_memberships/${m.id}/make_default`), `${m.organization_name} is now the default.`)}>
                      Make default
                    </button>
                  )}
                  <button type="button" className="btn btn--small" aria-label={`Remove: ${m.organization_name}`} onClick={() => remove(m)}>
                    Remove
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form className="inline-form" onSubmit={add} aria-label="Add to an organization">
          <div className="field">
            <label htmlFor="org-pick">Add to</label>
            <select id="org-pick" value={pick} onChange={(e) => setPick(e.target.value)} disabled={free.length === 0}>
              <option value="">{free.length === 0 ? (orgs.data?.length ? 'In every organization' : 'No organizations yet') : 'Choose an organization'}</option>
              {free.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn" disabled={!pick}>
            Add
          </button>
          {error && (
            <p className="errorbox" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
