import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorText, qs } from '../../lib/api.ts';
import { loadPerson, openErasureRequest } from '../../lib/erasure-requests.ts';
import type { OffsetPage } from '../../../../src/shared/envelopes.ts';
import type { User } from '../../../../src/shared/users.ts';
import { Clip, ErrorBox, Loading } from '../../components/Misc.tsx';
import './erasure.css';

// Opening an erasure request: for whom (from their contact page, or found here), and any
// search terms the agent already knows beyond the profile. Nothing is removed yet: the
// server searches in the background, and the agent reviews every match before executing.

function FindPerson() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  const found = useQuery({
    queryKey: ['contacts', 'search-for-erasure', q],
    queryFn: () => api<OffsetPage & { users: User[] }>('GET', `/users/search${qs({ query: q, per_page: 20 })}`),
    enabled: q.length > 0,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams(draft.trim() ? { q: draft.trim() } : {});
  };
  return (
    <section className="panel" aria-labelledby="find-title">
      <h2 id="find-title">Whose data?</h2>
      <form className="searchbox" role="search" onSubmit={submit}>
        <label className="visually-hidden" htmlFor="er-find">
          Find the person by name, email or phone
        </label>
        <input id="er-find" placeholder="Name, email or phone" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit" className="btn">
          Find
        </button>
      </form>
      {found.isFetching && <Loading what="Searching" />}
      {found.error && <ErrorBox error={found.error} />}
      {found.data && (
        <ul className="plain-list">
          {found.data.users.length === 0 && <li className="muted">Nobody found. Deleted contacts are on their page in Contacts → Deleted.</li>}
          {found.data.users.map((u) => (
            <li key={u.id}>
              <Link to={`/erasure-requests/new?user_id=${u.id}`} className="clip">
                {u.name}
              </Link>
              <span className="muted clip">{u.email ?? u.phone ?? ''}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function NewErasureRequestPage() {
  const [params] = useSearchParams();
  const userId = Number(params.get('user_id')) || 0;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [terms, setTerms] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const person = useQuery({ queryKey: ['contacts', 'one', userId, 'for-erasure'], queryFn: () => loadPerson(userId), enabled: userId > 0 });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const extra = terms
        .split('\n')
        .map((t) => t.trim())
        .filter(Boolean);
      const r = await openErasureRequest({ user_id: userId, ...(extra.length ? { extra_terms: extra } : {}) });
      await queryClient.invalidateQueries({ queryKey: ['erasure-requests'] });
      void navigate(`/erasure-requests/${r.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <>
      <header className="page-header">
        <div>
          <p className="eyebrow">
            <Link to="/erasure-requests">Erasure requests</Link>
          </p>
          <h1 className="page-title">New erasure request</h1>
        </div>
      </header>
      {!userId ? (
        <FindPerson />
      ) : person.isPending ? (
        <Loading what="Loading the contact" />
      ) : person.error ? (
        <ErrorBox error={person.error} />
      ) : !person.data ? (
        <div className="errorbox" role="alert">
          There is no contact #{userId}: they may have been erased already.
        </div>
      ) : (
        <form className="panel" onSubmit={submit} aria-labelledby="new-er-title">
          <h2 id="new-er-title" className="breakable">
            Find and remove everything about <Clip text={person.data.name} />
          </h2>
          <p>What happens, in order:</p>
          <ol>
            <li>Search terms are built from their profile: name, alias, every email address, phone number and social handle, custom fields.</li>
            <li>Oubli searches every ticket subject, comment, file name and stored email for them, in the background, and suggests more terms it finds in their own tickets.</li>
            <li>You confirm or reject each match (people share names). Nothing is removed until you execute.</li>
            <li>Executing redacts or deletes what you confirmed, then erases the person, last. You get a certificate.</li>
          </ol>
          <p className="muted">The answer is due one calendar month from today.</p>
          <label className="field">
            <span>More search terms (optional, one per line)</span>
            <textarea rows={3} value={terms} onChange={(e) => setTerms(e.target.value)} placeholder={'e.g. a home address seen in a comment\nanother email address'} />
          </label>
          {error !== null && (
            <div className="errorbox" role="alert">
              {errorText(error)}
            </div>
          )}
          <div className="form-actions">
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {busy ? 'Opening…' : 'Open erasure request'}
            </button>
          </div>
        </form>
      )}
    </>
  );
}
