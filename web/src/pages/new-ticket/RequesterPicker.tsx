import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, errorText, qs } from '../../lib/api.ts';
import { Field, FieldError, invalidProps, type FormErrors } from '../../lib/forms.tsx';
import type { User } from '../../../../src/shared/users.ts';
import { Clip } from '../../components/Misc.tsx';

// Who the ticket is for: someone found by name, email or phone (full-text user search), or a
// new contact typed in by name and email, created when the ticket is.

export type Requester = { kind: 'existing'; user: User } | { kind: 'new'; name: string; email: string } | { kind: 'none' };

/** The search words as the query syntax wants them (docs/search.md): the last word as a prefix. */
export function userQuery(text: string): string {
  const words = text
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/["()*:]/g, ''))
    .filter((w) => w && w.toUpperCase() !== 'OR');
  return words.map((w, i) => (i === words.length - 1 && w.length >= 2 ? `${w}*` : w)).join(' ');
}

function useDebounced(value: string, ms: number): string {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function RequesterPicker({ value, onChange, errors }: { value: Requester; onChange: (r: Requester) => void; errors: FormErrors }) {
  const [text, setText] = useState('');
  const term = userQuery(useDebounced(text, 250));
  const found = useQuery({
    queryKey: ['users', 'search', term],
    queryFn: () => api<{ users: User[] }>('GET', `/users/search${qs({ query: term, per_page: 8 })}`),
    enabled: value.kind === 'none' && term.replace(/\*$/, '').length >= 2,
    staleTime: 10_000,
  });

  if (value.kind === 'existing') {
    const u = value.user;
    return (
      <div className="field">
        <span id="requester-label">Requester</span>
        <div className="picked" role="group" aria-labelledby="requester-label">
          <span className="picked__who">
            <strong>
              <Clip text={u.name} />
            </strong>{' '}
            <span className="muted">
              <Clip text={u.email ?? u.phone ?? `#${u.id}`} />
            </span>
            {u.role !== 'end-user' && <span className="badge">{u.role}</span>}
          </span>
          <button type="button" className="btn btn--small" onClick={() => onChange({ kind: 'none' })}>
            Change requester
          </button>
        </div>
        <FieldError errors={errors} field="requester" id="requester" />
      </div>
    );
  }

  if (value.kind === 'new') {
    return (
      <fieldset className="field newcontact">
        <legend>New contact (the requester)</legend>
        <Field id="requester_name" label="Name" errors={errors} field="requester_name">
          <input id="requester_name" value={value.name} onChange={(e) => onChange({ ...value, name: e.target.value })} maxLength={255} {...invalidProps(errors, 'requester_name', 'requester_name')} />
        </Field>
        <Field id="requester_email" label="Email" errors={errors} field="requester_email">
          <input id="requester_email" type="email" value={value.email} onChange={(e) => onChange({ ...value, email: e.target.value })} {...invalidProps(errors, 'requester_email', 'requester_email')} />
        </Field>
        <button type="button" className="btn btn--small" onClick={() => onChange({ kind: 'none' })}>
          Search existing contacts instead
        </button>
      </fieldset>
    );
  }

  const users = found.data?.users ?? [];
  return (
    <div className="field">
      <label htmlFor="requester-search">Requester</label>
      <input
        id="requester-search"
        type="search"
        autoComplete="off"
        placeholder="Search by name, email or phone"
        value={text}
        onChange={(e) => setText(e.target.value)}
        {...invalidProps(errors, 'requester', 'requester')}
      />
      <FieldError errors={errors} field="requester" id="requester" />
      {found.isFetching && <span className="muted" role="status">Searching…</span>}
      {found.error && <span className="field-error">{errorText(found.error)}</span>}
      {found.data && (
        <ul className="plain-list pick-list" aria-label="Matching people">
          {users.length === 0 && <li className="muted">Nobody matches “{text.trim()}”.</li>}
          {users.map((u) => (
            <li key={u.id}>
              <button type="button" className="pick-list__choice" onClick={() => onChange({ kind: 'existing', user: u })}>
                <Clip text={u.name} /> <span className="muted">{u.email ?? u.phone ?? ''}</span>
                {u.role !== 'end-user' && <span className="badge">{u.role}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="btn btn--small newcontact__start" onClick={() => onChange({ kind: 'new', name: text.includes('@') ? '' : text.trim(), email: text.includes('@') ? text.trim() : '' })}>
        New contact…
      </button>
    </div>
  );
}
