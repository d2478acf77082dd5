import { useEffect, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../../lib/api.ts';
import { useMe } from '../../lib/session.tsx';
import { useUsers } from '../../lib/users.ts';
import { FILTER_KEYS, useGroups, useStaff, type Filters } from '../../lib/views.ts';
import { PriorityOptions } from '../../components/TicketOptions.tsx';
import type { User } from '../../../../src/shared/users.ts';

// Filters on top of a view. They are applied by the server (the view's conditions plus
// these, POST /views/preview) and kept in the URL; this form edits a copy until Apply.

const STATUSES = [
  ['new', 'New'],
  ['open', 'Open'],
  ['pending', 'Pending'],
  ['hold', 'On-hold'],
  ['solved', 'Solved'],
  ['closed', 'Closed'],
] as const;

/** The words typed, as a search that finds names and addresses starting so. */
function peopleQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (!words.length || words.join('').length < 2) return null;
  const last = words.pop()!;
  return [...words, last.length >= 2 ? `${last}*` : last].join(' ');
}

/** Finds a requester by name or email: suggestions as the agent types, one pick. */
function RequesterPicker({ value, onChange }: { value?: string; onChange: (id: string | undefined) => void }) {
  const [text, setText] = useState('');
  const [typed, setTyped] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setTyped(text), 250);
    return () => clearTimeout(t);
  }, [text]);
  const query = peopleQuery(typed);
  const found = useQuery({
    queryKey: ['users', 'pick', query],
    queryFn: () => api<{ users: User[] }>('GET', `/users/search${qs({ query, per_page: 6 })}`),
    enabled: !!query && !value,
    retry: false,
  });
  const picked = useUsers(value ? [Number(value)] : []);
  if (value) {
    const u = picked.get(Number(value));
    return (
      <span className="picked">
        <span className="clip">{u ? `${u.name}${u.email ? ` (${u.email})` : ''}` : `User #${value}`}</span>
        <button type="button" className="btn btn--small" onClick={() => onChange(undefined)} aria-label="Remove the requester filter">
          ×
        </button>
      </span>
    );
  }
  const users = found.data?.users ?? [];
  return (
    <div className="picker">
      <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Name or email" aria-label="Requester: name or email" />
      {query && users.length > 0 && (
        <ul className="picker__list" aria-label="Matching people">
          {users.map((u) => (
            <li key={u.id}>
              <button
                type="button"
                className="link"
                onClick={() => {
                  setText('');
                  onChange(String(u.id));
                }}
              >
                {u.name}
                {u.email ? ` (${u.email})` : ''}
              </button>
            </li>
          ))}
        </ul>
      )}
      {query && found.isSuccess && users.length === 0 && <p className="muted picker__none">Nobody found.</p>}
    </div>
  );
}

const count = (f: Filters) => FILTER_KEYS.filter((k) => !!f[k]).length;

export function FiltersForm({ filters, onApply }: { filters: Filters; onApply: (f: Filters) => void }) {
  const me = useMe();
  const staff = useStaff();
  const groups = useGroups();
  const [draft, setDraft] = useState<Filters>(filters);
  const [open, setOpen] = useState(count(filters) > 0);
  const key = JSON.stringify(filters);
  // A new list (another view, back from a ticket) shows its own filters, opened when it has
  // some: the list may first render without them (its view still loading) and then get them.
  useEffect(() => {
    const next = JSON.parse(key) as Filters;
    setDraft(next);
    if (count(next) > 0) setOpen(true);
  }, [key]);
  const set = (k: keyof Filters) => (v: string | undefined) => setDraft((d) => ({ ...d, [k]: v || undefined }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(Object.fromEntries(Object.entries(draft).filter(([, v]) => v)) as Filters);
  };
  const n = count(filters);
  return (
    <details className="filters" open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>
        Filters{n ? ` (${n})` : ''}
      </summary>
      <form onSubmit={submit} className="filters__form" aria-label="Filters">
        <label className="field">
          <span>Status</span>
          <select value={draft.status ?? ''} onChange={(e) => set('status')(e.target.value)}>
            <option value="">Any</option>
            {STATUSES.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Priority</span>
          <select value={draft.priority ?? ''} onChange={(e) => set('priority')(e.target.value)}>
            <option value="">Any</option>
            <option value="none">None</option>
            <PriorityOptions />
          </select>
        </label>
        <label className="field">
          <span>Assignee</span>
          <select value={draft.assignee ?? ''} onChange={(e) => set('assignee')(e.target.value)}>
            <option value="">Anyone</option>
            <option value="me">Me ({me.user.name})</option>
            <option value="none">Unassigned</option>
            {staff
              .filter((u) => u.id !== me.user.id)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
          </select>
        </label>
        <label className="field">
          <span>Group</span>
          <select value={draft.group ?? ''} onChange={(e) => set('group')(e.target.value)}>
            <option value="">Any</option>
            <option value="none">No group</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </label>
        <div className="field">
          <span>Requester</span>
          <RequesterPicker value={draft.requester} onChange={set('requester')} />
        </div>
        <label className="field">
          <span>Tags (any of)</span>
          <input value={draft.tags ?? ''} onChange={(e) => set('tags')(e.target.value)} placeholder="vip billing" />
        </label>
        <fieldset className="filters__range">
          <legend>Created (UTC days)</legend>
          <input type="date" aria-label="Created from" value={draft.created_from ?? ''} onChange={(e) => set('created_from')(e.target.value)} />
          <span aria-hidden="true">–</span>
          <input type="date" aria-label="Created to" value={draft.created_to ?? ''} onChange={(e) => set('created_to')(e.target.value)} />
        </fieldset>
        <fieldset className="filters__range">
          <legend>Updated (UTC days)</legend>
          <input type="date" aria-label="Updated from" value={draft.updated_from ?? ''} onChange={(e) => set('updated_from')(e.target.value)} />
          <span aria-hidden="true">–</span>
          <input type="date" aria-label="Updated to" value={draft.updated_to ?? ''} onChange={(e) => set('updated_to')(e.target.value)} />
        </fieldset>
        <div className="filters__actions">
          <button type="submit" className="btn btn--primary">
            Apply filters
          </button>
          <button
            type="button"
            className="btn"
            disabled={!n && !count(draft)}
            onClick={() => {
              setDraft({});
              onApply({});
            }}
          >
            Clear filters
          </button>
        </div>
      </form>
    </details>
  );
}
