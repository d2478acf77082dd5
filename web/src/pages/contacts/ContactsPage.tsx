import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../../lib/api.ts';
import { useBulk, plural } from '../../lib/bulk.ts';
import { useJobs } from '../../lib/jobs.tsx';
import { useMe } from '../../lib/session.tsx';
import { useSettings } from '../../lib/settings.ts';
import type { OffsetPage } from '../../../../src/shared/envelopes.ts';
import type { User } from '../../../../src/shared/users.ts';
import { useConfirm } from '../../components/Confirm.tsx';
import { BulkBar } from '../../components/BulkBar.tsx';
import { Clip, ErrorBox, Loading, PageHeader, When } from '../../components/Misc.tsx';
import { Pager } from '../../components/Pager.tsx';
import { SelectableTable, type Column } from '../../components/SelectableTable.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { deleteBody, eraseBody, suspendBody } from './words.tsx';
import { NewContactDialog } from './NewContactDialog.tsx';
import { useToast } from '../../components/Toasts.tsx';

// Contacts: All / Suspended / Deleted, search, and bulk suspend, restore, delete and
// delete forever. "Contacts" are end users; agents and admins are managed in Settings.

const PER_PAGE = 50;
type TabId = 'all' | 'suspended' | 'deleted';

function listPath(tab: TabId, q: string, page: number): string {
  const paging = { page, per_page: PER_PAGE };
  if (tab === 'deleted') return `/deleted_users${qs(paging)}`;
  if (q) return `/users/search${qs({ query: q, ...paging })}`;
  if (tab === 'suspended') return `/suspended_users${qs({ role: 'end-user', ...paging })}`;
  return `/users${qs({ role: 'end-user', ...paging })}`;
}

async function fetchList(tab: TabId, q: string, page: number): Promise<{ rows: User[]; count: number }> {
  const r = await api<OffsetPage & { users?: User[]; deleted_users?: User[] }>('GET', listPath(tab, q, page));
  let rows = r.users ?? r.deleted_users ?? [];
  // Search covers live people; inside the Suspended tab it keeps only the suspended ones.
  if (q && tab === 'suspended') rows = rows.filter((u) => u.suspended);
  // The deleted list cannot be searched on the server: filter the page we have.
  if (q && tab === 'deleted') {
    const needle = q.toLowerCase();
    rows = rows.filter((u) => u.name.toLowerCase().includes(needle) || (u.email ?? '').toLowerCase().includes(needle));
  }
  return { rows, count: q && tab !== 'all' ? rows.length : r.count };
}

async function fetchCounts(): Promise<Record<TabId, number>> {
  const [all, suspended, deleted] = await Promise.all([
    api<OffsetPage>('GET', `/users?role=end-user&per_page=1`),
    api<OffsetPage>('GET', `/suspended_users?role=end-user&per_page=1`),
    api<{ count: { value: number } }>('GET', '/deleted_users/count'),
  ]);
  return { all: all.count, suspended: suspended.count, deleted: deleted.count.value };
}

export function ContactsPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const tab = (['all', 'suspended', 'deleted'].includes(params.get('tab') ?? '') ? params.get('tab') : 'all') as TabId;
  const q = params.get('q') ?? '';
  const page = Number(params.get('page') ?? 1) || 1;
  const [draft, setDraft] = useState(q);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [lastKey, setLastKey] = useState(`${tab}|${q}|${page}`);
  if (lastKey !== `${tab}|${q}|${page}`) {
    setLastKey(`${tab}|${q}|${page}`);
    setSelected(new Set());
  }
  const confirm = useConfirm();
  const bulk = useBulk();
  const jobs = useJobs();
  const settings = useSettings();
  const navigate = useNavigate();
  const toast = useToast();
  const [creating, setCreating] = useState(false);

  const list = useQuery({ queryKey: ['contacts', tab, q, page], queryFn: () => fetchList(tab, q, page) });
  const counts = useQuery({ queryKey: ['contacts', 'counts'], queryFn: fetchCounts });
  const rows = list.data?.rows ?? [];
  const chosen = rows.filter((r) => selected.has(r.id));
  const n = (k: number) => plural(k, 'contact', 'contacts');
  const invalidate = [['contacts'], ['tickets']];
  const clear = () => setSelected(new Set());
  const go = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === null || v === '') p.delete(k);
      else p.set(k, v);
    }
    setParams(p);
  };

  const search = (e: FormEvent) => {
    e.preventDefault();
    go({ q: draft.trim() || null, page: null });
  };

  const suspend = async (wanted: boolean) => {
    const targets = chosen.filter((u) => !!u.suspended !== wanted);
    if (!targets.length) return;
    if (wanted) {
      const ok = await confirm({ title: `Suspend ${n(targets.length)}?`, body: suspendBody(), confirmLabel: 'Suspend', danger: true });
      if (!ok) return;
    }
    clear();
    await jobs.runLocal(
      `${wanted ? 'Suspending' : 'Restoring'} ${n(targets.length)}`,
      targets.map((u) => u.id),
      (id) => api('PUT', `/users/${id}`, { user: { suspended: wanted } }),
      invalidate,
    );
  };
  const del = async () => {
    const ok = await confirm({
      title: `Delete ${n(chosen.length)}?`,
      body: deleteBody(settings?.deleted_users_retention_days ?? 30),
      confirmLabel: 'Delete',
      danger: true,
    });
    if (!ok) return;
    clear();
    await bulk({ method: 'DELETE', path: `/users/destroy_many?ids=${chosen.map((u) => u.id).join(',')}`, label: `Deleting ${n(chosen.length)}`, invalidate, done: `${n(chosen.length)} deleted.` });
  };
  const restoreDeleted = async () => {
    clear();
    await bulk({ method: 'PUT', path: `/deleted_users/restore_many?ids=${chosen.map((u) => u.id).join(',')}`, label: `Restoring ${n(chosen.length)}`, invalidate, done: `${n(chosen.length)} restored.` });
  };
  const eraseForever = async () => {
    const ok = await confirm({
      title: `Delete ${n(chosen.length)} forever?`,
      body: eraseBody(chosen.length),
      confirmLabel: 'Delete forever',
      danger: true,
      acknowledge: 'I understand this cannot be undone.',
    });
    if (!ok) return;
    clear();
    await bulk({ method: 'DELETE', path: `/deleted_users/destroy_many?ids=${chosen.map((u) => u.id).join(',')}`, label: `Erasing ${n(chosen.length)}`, invalidate, done: `${n(chosen.length)} erased.` });
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
    { key: 'phone', header: 'Phone', render: (u) => <Clip text={u.phone} fallback="—" />, secondary: true },
    {
      key: 'state',
      header: 'State',
      render: (u) => (
        <>
          {tab === 'deleted' ? <span className="badge badge--deleted">Deleted</span> : u.suspended ? <span className="badge badge--suspended">Suspended</span> : <span className="badge badge--active">Active</span>}
          {u.role !== 'end-user' && <span className="badge">{u.role}</span>}
        </>
      ),
    },
    { key: 'updated', header: tab === 'deleted' ? 'Deleted' : 'Updated', render: (u) => <When at={u.updated_at} />, secondary: true },
  ];

  const a = me.abilities;
  const anyActive = chosen.some((u) => !u.suspended);
  const anySuspended = chosen.some((u) => u.suspended);
  return (
    <>
      <PageHeader title="Contacts">
        <form role="search" className="searchbox" onSubmit={search}>
          <label className="visually-hidden" htmlFor="contact-search">
            Search contacts by name, email or phone
          </label>
          <input id="contact-search" type="search" placeholder="Search by name or email" value={draft} onChange={(e) => setDraft(e.target.value)} />
          <button type="submit" className="btn">
            Search
          </button>
          {q && (
            <button
              type="button"
              className="btn btn--ghost"
              onClick={() => {
                setDraft('');
                go({ q: null, page: null });
              }}
            >
              Clear
            </button>
          )}
        </form>
        {a.work_tickets && (
          <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>
            New contact
          </button>
        )}
      </PageHeader>
      <NewContactDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(u) => {
          setCreating(false);
          toast(`${u.name} was added to your contacts.`);
          void navigate(`/contacts/${u.id}`);
        }}
      />
      <Tabs
        label="Contact views"
        current={tab}
        tabs={(['all', 'suspended', 'deleted'] as TabId[]).map((id) => ({
          id,
          label: { all: 'All', suspended: 'Suspended', deleted: 'Deleted' }[id],
          count: counts.data?.[id],
          to: `/contacts${id === 'all' ? '' : `?tab=${id}`}`,
        }))}
      />
      {q && (
        <p className="muted">
          {tab === 'all' ? `Everyone (agents included) matching “${q}”.` : tab === 'suspended' ? `Suspended people matching “${q}”.` : `Deleted contacts on this page matching “${q}”.`}
        </p>
      )}
      <BulkBar count={chosen.length} noun={['contact', 'contacts']} onClear={clear}>
        {tab !== 'deleted' && anyActive && (
          <button type="button" className="btn" onClick={() => suspend(true)}>
            Suspend
          </button>
        )}
        {tab !== 'deleted' && anySuspended && (
          <button type="button" className="btn" onClick={() => suspend(false)}>
            Restore
          </button>
        )}
        {tab !== 'deleted' && a.bulk_delete_users && (
          <button type="button" className="btn btn--danger" onClick={del}>
            Delete
          </button>
        )}
        {tab === 'deleted' && (
          <button type="button" className="btn" onClick={restoreDeleted}>
            Restore
          </button>
        )}
        {tab === 'deleted' && a.erase_users && a.bulk_delete_users && (
          <button type="button" className="btn btn--danger" onClick={eraseForever}>
            Delete forever
          </button>
        )}
      </BulkBar>
      {list.isPending && <Loading what="Loading contacts" />}
      {list.error && <ErrorBox error={list.error} />}
      {list.data && (
        <>
          <SelectableTable
            caption={`${tab} contacts`}
            rows={rows}
            columns={columns}
            label={(u) => u.name}
            selected={selected}
            onSelectedChange={setSelected}
            empty={q ? 'Nobody matches.' : tab === 'deleted' ? 'No deleted contacts.' : tab === 'suspended' ? 'Nobody is suspended.' : 'No contacts yet.'}
          />
          <Pager page={page} perPage={PER_PAGE} count={list.data.count} onPage={(p) => go({ page: p === 1 ? null : String(p) })} />
        </>
      )}
    </>
  );
}
