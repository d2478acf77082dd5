import { useState, type FormEvent } from 'react';
import { errorText } from '../../lib/api.ts';
import { KIND_WORDS, SOURCE_WORDS, type ErasureRequest, type ErasureTerm } from '../../lib/erasure-requests.ts';
import { useToast } from '../../components/Toasts.tsx';
import { useChangeRequest, useJobStatus } from './useRequest.ts';

// Step 1 (docs/erasure-requests.md): what to search for. The profile's terms and the agent's own are
// searched unless rejected; suggestions found in the person's own tickets are searched only
// once accepted. Any change sends the request back to searching; decisions made are kept.

function TermRow({ term, editable, onToggle }: { term: ErasureTerm; editable: boolean; onToggle: (t: ErasureTerm) => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const toggle = async () => {
    setBusy(true);
    try {
      await onToggle(term);
    } finally {
      setBusy(false);
    }
  };
  const suggested = term.source === 'suggested';
  return (
    <li className={`term ${term.accepted ? '' : suggested ? 'term--undecided' : 'term--off'}`}>
      <span className="term__kind">{KIND_WORDS[term.kind] ?? term.kind}</span>
      <span className="term__value">{term.value}</span>
      <span className={`badge badge--plain badge--${term.source}`}>{SOURCE_WORDS[term.source] ?? term.source}</span>
      <span className="term__state muted">{term.accepted ? 'Searched' : suggested ? 'Not searched unless accepted' : 'Rejected: not searched'}</span>
      {editable && (
        <span className="term__actions">
          {term.accepted ? (
            <button type="button" className="btn btn--small" disabled={busy} onClick={toggle} aria-label={`Reject ${term.value}`}>
              Reject
            </button>
          ) : (
            <button type="button" className="btn btn--small btn--primary" disabled={busy} onClick={toggle} aria-label={`Accept ${term.value}`}>
              Accept
            </button>
          )}
        </span>
      )}
    </li>
  );
}

/** How far the search has come, from the planning job's status. */
export function PlanningProgress({ r }: { r: ErasureRequest }) {
  const job = useJobStatus(r.status === 'planning' ? r.job_id : null).data;
  return (
    <div className="er-progress" role="status">
      <span>
        Searching tickets, comments, file names and stored emails for these terms…{' '}
        <span className="muted">{job?.message ?? (r.planning_phase ? `Planning: ${r.planning_phase}.` : '')}</span>
      </span>
      <progress max={Math.max(job?.total ?? 1, 1)} value={job?.progress ?? 0} aria-label="Search progress" />
      <span className="muted">It runs on the server: you can leave this page and come back.</span>
    </div>
  );
}

export function TermsStep({ r, onNext }: { r: ErasureRequest; onNext: () => void }) {
  const change = useChangeRequest(r.id);
  const toast = useToast();
  const [draft, setDraft] = useState('');
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const editable = ['planning', 'ready', 'failed'].includes(r.status);
  const own = r.terms.filter((t) => t.source !== 'suggested');
  const suggestions = r.terms.filter((t) => t.source === 'suggested');

  const toggle = async (t: ErasureTerm) => {
    try {
      await change(t.accepted ? { reject_terms: [t.id] } : { accept_terms: [t.id] });
      toast(t.accepted ? `“${t.value}” will not be searched.` : `“${t.value}” is accepted and being searched.`);
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };
  const add = async (e: FormEvent) => {
    e.preventDefault();
    const text = draft.trim();
    if (!text) return;
    setAdding(true);
    setError(null);
    try {
      await change({ extra_terms: [text] });
      setDraft('');
      toast(`“${text}” added; searching for it.`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setAdding(false);
    }
  };

  return (
    <>
      <section className="panel" aria-labelledby="terms-title">
        <div className="panel__head">
          <h2 id="terms-title">Search terms</h2>
          <span className="muted">{r.terms.filter((t) => t.accepted).length} searched</span>
        </div>
        <p className="muted">From their profile, and any you add. Reject a term that would find other people’s data (a common first name, say).</p>
        <ul className="terms" aria-label="Search terms">
          {own.map((t) => (
            <TermRow key={t.id} term={t} editable={editable} onToggle={toggle} />
          ))}
        </ul>
        {editable && (
          <form className="add-term" onSubmit={add}>
            <label className="visually-hidden" htmlFor="er-add-term">
              Add a search term
            </label>
            <input
              id="er-add-term"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              placeholder="Add a term: an address, another email, a nickname…"
              maxLength={200}
              aria-describedby={error ? 'er-add-error' : undefined}
            />
            <button type="submit" className="btn" disabled={adding || draft.trim().length < 2}>
              {adding ? 'Adding…' : 'Add term'}
            </button>
          </form>
        )}
        {error && (
          <p id="er-add-error" className="field-error" role="alert">
            {error}
          </p>
        )}
      </section>

      <section className="panel" aria-labelledby="suggestions-title">
        <h2 id="suggestions-title">Suggestions</h2>
        {r.status === 'planning' && suggestions.length === 0 ? (
          <p className="muted">Email addresses, phone numbers and IBANs found in what they wrote in their own tickets appear here once the search has run.</p>
        ) : suggestions.length === 0 ? (
          <p className="muted">Nothing further was found in what they wrote.</p>
        ) : (
          <>
            <p className="muted">Found in what they wrote in their own tickets. Accept the ones that are theirs, to search for them too.</p>
            <ul className="terms" aria-label="Suggested terms">
              {suggestions.map((t) => (
                <TermRow key={t.id} term={t} editable={editable} onToggle={toggle} />
              ))}
            </ul>
          </>
        )}
      </section>

      {r.status === 'planning' && (
        <section className="panel">
          <PlanningProgress r={r} />
        </section>
      )}
      <div className="er-next no-print">
        {r.status === 'planning' && <span className="muted">The matches can be reviewed once the search has finished.</span>}
        <button type="button" className="btn btn--primary" onClick={onNext} disabled={r.status === 'planning'}>
          Continue to matches →
        </button>
      </div>
    </>
  );
}
