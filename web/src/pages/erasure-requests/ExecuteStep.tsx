import { useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../lib/api.ts';
import { executeErasureRequest, type ErasureRequest, type MatchAction } from '../../lib/erasure-requests.ts';
import { useJobs } from '../../lib/jobs.tsx';
import { useMe } from '../../lib/session.tsx';
import { useConfirm } from '../../components/Confirm.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { requestKey, useChangeRequest, useJobStatus } from './useRequest.ts';
import { VerificationFailed } from './VerificationFailed.tsx';

// Step 3: carry it out. The confirmation says what will happen, that it cannot be undone,
// and that the person is erased last. The server runs it as a job, in batches, and it
// survives leaving the page (and a restart of the server); progress comes from the job.

const PLAN_WORDS: [MatchAction, (n: number) => string][] = [
  ['redact', (n) => `${n} confirmed ${n === 1 ? 'match' : 'matches'} in comments redacted: every character becomes ▇, also in the stored email and the search index`],
  ['redact_subject', (n) => `${n} confirmed ${n === 1 ? 'match' : 'matches'} in ticket subjects redacted`],
  ['redact_attachment', (n) => `${n} ${n === 1 ? 'file' : 'files'} redacted: each becomes an empty redacted.txt`],
  [
    'delete_ticket',
    (n) => `Other people’s tickets that cannot be redacted (closed, spam or deleted) deleted forever: those with ${n} confirmed ${n === 1 ? 'match' : 'matches'}`,
  ],
  ['remove_tag', (n) => `${n} confirmed ${n === 1 ? 'match' : 'matches'} in tags: the tags come off the tickets`],
  ['clear_field', (n) => `${n} confirmed ${n === 1 ? 'match' : 'matches'} in custom fields: the values are cleared`],
  ['redact_org_text', (n) => `${n} confirmed ${n === 1 ? 'match' : 'matches'} in organizations’ notes or details redacted`],
  ['rename_org', (n) => `${n} ${n === 1 ? 'organization' : 'organizations'} named after them renamed “Organization <id>”`],
  ['redact_profile', (n) => `${n} confirmed ${n === 1 ? 'match' : 'matches'} in other people’s profiles redacted`],
  ['erase_with_user', (n) => `${n} ${n === 1 ? 'ticket' : 'tickets'} they requested erased, down to tombstones`],
];

/** What executing will do, from the confirmed matches. */
function WhatHappens({ r }: { r: ErasureRequest }): ReactNode {
  const by = r.match_counts.by_action;
  const lines = PLAN_WORDS.flatMap(([a, words]) => (by[a]?.confirm ? [words(by[a].confirm)] : []));
  return (
    <ol className="what-happens">
      {lines.map((l) => (
        <li key={l}>{l}</li>
      ))}
      <li>
        <strong>Last, the person is erased:</strong> their profile, email addresses, phone numbers and identities are removed, and a stub named
        “Permanently Deleted User” keeps only the id. Any tickets they requested that are left are erased too.
      </li>
    </ol>
  );
}

/** The execution job's progress (it can be left running). */
function ExecutionProgress({ jobId }: { jobId: string | null }) {
  const job = useJobStatus(jobId).data;
  return (
    <div className="er-progress" role="status">
      <span>
        Erasing… <span className="muted">{job?.message ?? ''}</span>
      </span>
      <progress max={Math.max(job?.total ?? 1, 1)} value={job?.progress ?? 0} aria-label="Erasure progress" />
      <span className="muted">
        {job ? `${job.progress} of ${job.total} steps. ` : ''}It runs on the server in batches: you can leave this page, and it continues.
      </span>
    </div>
  );
}

export function ExecuteStep({ r, onBack }: { r: ErasureRequest; onBack: () => void }) {
  const me = useMe();
  const confirm = useConfirm();
  const toast = useToast();
  const jobs = useJobs();
  const queryClient = useQueryClient();
  const change = useChangeRequest(r.id);
  const [lastJob, setLastJob] = useState<string | null>(null);
  const lastJobStatus = useJobStatus(r.status === 'failed' ? lastJob : null).data;
  const pending = r.match_counts.by_decision.pending;
  const mayErase = me.abilities.erase_users;

  const execute = async () => {
    const ok = await confirm({
      title: 'Execute this erasure request?',
      body: (
        <>
          <p>This will happen, in this order:</p>
          <WhatHappens r={r} />
          {r.match_counts.by_decision.reject > 0 && (
            <p>
              {r.match_counts.by_decision.reject} rejected {r.match_counts.by_decision.reject === 1 ? 'match is' : 'matches are'} left as{' '}
              {r.match_counts.by_decision.reject === 1 ? 'it is' : 'they are'}.
            </p>
          )}
          <p>
            <strong>This cannot be undone.</strong> The person is erased last, after everything else has been removed and checked.
          </p>
        </>
      ),
      confirmLabel: 'Execute erasure',
      danger: true,
      acknowledge: 'I understand this cannot be undone.',
    });
    if (!ok) return;
    try {
      const job = await executeErasureRequest(r.id);
      setLastJob(job.id);
      void jobs.track(job, `Erasure request #${r.id}`, [['erasure-requests'], ['contacts'], ['tickets']]);
      await queryClient.invalidateQueries({ queryKey: requestKey(r.id) });
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };
  const replan = async () => {
    try {
      await change({ replan: true });
      toast('Searching every accepted term again; decisions already made are kept.');
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };

  return (
    <section className="panel" aria-labelledby="execute-title">
      <h2 id="execute-title">Execute</h2>
      {r.status === 'verification_failed' ? (
        <VerificationFailed r={r} />
      ) : r.status === 'executing' ? (
        <ExecutionProgress jobId={r.job_id} />
      ) : r.status === 'planning' ? (
        <p className="muted">The search is still running; come back when it has finished.</p>
      ) : pending > 0 ? (
        <p className="note">
          {pending} {pending === 1 ? 'match is' : 'matches are'} still to decide.{' '}
          <button type="button" className="link" onClick={onBack}>
            Decide them first
          </button>
          .
        </p>
      ) : (
        <>
          {r.status === 'failed' && (
            <div className="errorbox" role="alert">
              <p>
                The execution stopped before the person was erased
                {lastJobStatus?.message ? `: ${lastJobStatus.message}` : '. Usually the final check found data that arrived after the search.'}
              </p>
              <p>
                Search again, decide the new matches, and execute again; what was already done stays done.{' '}
                <button type="button" className="btn btn--small" onClick={replan}>
                  Search again
                </button>
              </p>
            </div>
          )}
          <p>Executing will do this, in order:</p>
          <WhatHappens r={r} />
          {mayErase ? (
            <div className="er-next">
              <button type="button" className="btn btn--danger" onClick={execute}>
                {r.status === 'failed' ? 'Execute again…' : 'Execute erasure…'}
              </button>
            </div>
          ) : (
            <p className="note">Only an admin can execute an erasure request, because it ends by erasing the person. Ask an admin to open this page.</p>
          )}
        </>
      )}
    </section>
  );
}
