import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../lib/api.ts';
import { cancelErasureRequest, daysWords, deadlineOf, isOpen, loadPerson, type ErasureRequest } from '../../lib/erasure-requests.ts';
import { useConfirm } from '../../components/Confirm.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { ErrorBox, Loading, When } from '../../components/Misc.tsx';
import { RequestBadges } from './ErasureRequestsPage.tsx';
import { TermsStep } from './TermsStep.tsx';
import { MatchesStep } from './MatchesStep.tsx';
import { ExecuteStep } from './ExecuteStep.tsx';
import { CertificateView } from './CertificateView.tsx';
import { requestKey, useChangeRequest, useErasureRequest } from './useRequest.ts';
import './erasure.css';

// One erasure request, walked in the order docs/erasure-requests.md fixes: terms → matches → execute →
// certificate. The step is in the URL (?step=), so a reload or a shared link lands on it.

type Step = 'terms' | 'matches' | 'execute' | 'certificate';
const STEPS: { id: Step; label: string }[] = [
  { id: 'terms', label: 'Search terms' },
  { id: 'matches', label: 'Matches' },
  { id: 'execute', label: 'Execute' },
  { id: 'certificate', label: 'Certificate' },
];

function available(r: ErasureRequest, s: Step): boolean {
  if (s === 'terms') return r.status !== 'completed';
  if (s === 'matches') return ['ready', 'failed', 'executing', 'verification_failed'].includes(r.status);
  if (s === 'execute') return ['ready', 'failed', 'executing', 'verification_failed'].includes(r.status);
  return r.status === 'completed' || r.status === 'verification_failed';
}

function defaultStep(r: ErasureRequest): Step {
  if (r.status === 'completed') return 'certificate';
  if (r.status === 'executing' || r.status === 'failed' || r.status === 'verification_failed') return 'execute';
  return 'terms';
}

function Stepper({ r, current, go }: { r: ErasureRequest; current: Step; go: (s: Step) => void }) {
  const at = STEPS.findIndex((s) => s.id === current);
  return (
    <nav aria-label="Steps of the erasure request" className="no-print">
      <ol className="stepper">
        {STEPS.map((s, i) => (
          <li key={s.id} className={i < at ? 'stepper__done' : undefined}>
            {available(r, s.id) ? (
              <a
                href={`?step=${s.id}`}
                aria-current={s.id === current ? 'step' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  go(s.id);
                }}
              >
                <span className="stepper__num">{i + 1}</span>
                <span className="stepper__label">{s.label}</span>
              </a>
            ) : (
              <span className="stepper__off" aria-disabled="true">
                <span className="stepper__num">{i + 1}</span>
                <span className="stepper__label">{s.label}</span>
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** The deadline, and an extension of up to two further months with its reason (Art. 12(3)). */
function Deadline({ r }: { r: ErasureRequest }) {
  const change = useChangeRequest(r.id);
  const toast = useToast();
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await change({ extension: { until, reason } });
      toast('The deadline is extended; tell the person, with the reason.');
      setUntil('');
      setReason('');
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section className="panel no-print" aria-labelledby="deadline-title">
      <h2 id="deadline-title">Deadline</h2>
      <p>
        Received <When at={r.received_at} />; due <When at={r.due_at} />
        {r.extended_until && (
          <>
            , extended to <When at={r.extended_until} />
          </>
        )}
        .
      </p>
      {r.extension_reason && <p className="breakable muted">Reason for the extension: {r.extension_reason}</p>}
      {isOpen(r) && (
        <details>
          <summary>Extend the deadline</summary>
          <form onSubmit={submit}>
            <p className="muted">Up to two further months, for complex or numerous requests, decided and told to the person within the first month.</p>
            <label className="field">
              <span>New deadline</span>
              <input type="date" value={until} onChange={(e) => setUntil(e.target.value)} required />
            </label>
            <label className="field">
              <span>Reason (recorded; never in the certificate)</span>
              <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} />
            </label>
            {error && (
              <p className="field-error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" className="btn">
              Extend
            </button>
          </form>
        </details>
      )}
    </section>
  );
}

export function ErasureRequestPage() {
  const id = Number(useParams().id);
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const confirm = useConfirm();
  const toast = useToast();
  const queryClient = useQueryClient();
  const q = useErasureRequest(id);
  const r = q.data;
  const person = useQuery({ queryKey: ['contacts', 'one', r?.user_id, 'for-erasure'], queryFn: () => loadPerson(r!.user_id), enabled: !!r });
  const asked = params.get('step') as Step | null;
  const step: Step = r && asked && STEPS.some((s) => s.id === asked) && available(r, asked) ? asked : r ? defaultStep(r) : 'terms';
  const heading = useRef<HTMLHeadingElement>(null);
  const go = (s: Step) => {
    setParams({ step: s });
    heading.current?.focus();
    window.scrollTo({ top: 0 });
  };

  // When the erasure finishes while someone watches, show them the certificate.
  const lastStatus = useRef(r?.status);
  useEffect(() => {
    if (lastStatus.current === 'executing' && r?.status === 'completed') setParams({ step: 'certificate' }, { replace: true });
    // A check that found something is shown where it can be fixed, never as a certificate first.
    if (lastStatus.current === 'executing' && r?.status === 'verification_failed') setParams({ step: 'execute' }, { replace: true });
    lastStatus.current = r?.status;
  }, [r?.status, setParams]);

  if (q.isPending) return <Loading what="Loading the erasure request" />;
  if (q.error) return <ErrorBox error={q.error} />;
  if (!r) return null;

  const name = r.status === 'completed' ? `User #${r.user_id}` : person.data?.name ?? `User #${r.user_id}`;
  const cancellable = ['planning', 'ready', 'failed'].includes(r.status);
  const cancel = async () => {
    const ok = await confirm({
      title: 'Cancel this erasure request?',
      body: (
        <p>
          Nothing has been removed yet, and nothing will be. The search terms, matches and snippets gathered for it are deleted; the request stays in
          the list as cancelled. To erase this person later, open a new request.
        </p>
      ),
      confirmLabel: 'Cancel request',
      danger: true,
    });
    if (!ok) return;
    try {
      await cancelErasureRequest(r.id);
      await queryClient.invalidateQueries({ queryKey: ['erasure-requests'] });
      await queryClient.invalidateQueries({ queryKey: requestKey(r.id) });
      toast(`Erasure request #${r.id} is cancelled.`);
      void navigate('/erasure-requests');
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };

  return (
    <>
      <header className={`page-header ${step === 'certificate' ? 'no-print' : ''}`}>
        <div>
          <p className="eyebrow no-print">
            <Link to="/erasure-requests">Erasure requests</Link> · #{r.id}
          </p>
          <h1 className="page-title breakable" ref={heading} tabIndex={-1}>
            Erasure request for{' '}
            {r.status === 'completed' ? (
              name
            ) : (
              <Link to={`/contacts/${r.user_id}`} className="breakable">
                {name}
              </Link>
            )}
          </h1>
          <p className="er-meta no-print">
            <RequestBadges r={r} />
            <span className="muted">
              Due <When at={deadlineOf(r)} /> {isOpen(r) && `(${daysWords(deadlineOf(r))})`}
            </span>
          </p>
        </div>
        {cancellable && (
          <div className="page-actions no-print">
            <button type="button" className="btn" onClick={cancel}>
              Cancel request
            </button>
          </div>
        )}
      </header>

      {r.status === 'cancelled' ? (
        <p className="note">This request was cancelled before anything was removed. What it gathered has been deleted.</p>
      ) : (
        <>
          <Stepper r={r} current={step} go={go} />
          {step === 'terms' && <TermsStep r={r} onNext={() => go('matches')} />}
          {step === 'matches' && <MatchesStep r={r} onNext={() => go('execute')} />}
          {step === 'execute' && <ExecuteStep r={r} onBack={() => go('matches')} />}
          {step === 'certificate' && <CertificateView id={r.id} />}
        </>
      )}
      {step !== 'certificate' && <Deadline r={r} />}
    </>
  );
}
