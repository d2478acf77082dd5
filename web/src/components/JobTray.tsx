import { useState } from 'react';
import { isDone, useJobs, type TrackedJob } from '../lib/jobs.tsx';

function JobRow({ job, onDismiss }: { job: TrackedJob; onDismiss: () => void }) {
  const [open, setOpen] = useState(false);
  const done = isDone(job);
  const failed = job.failures.length;
  return (
    <li className={`job ${done ? (failed ? 'job--warn' : 'job--ok') : ''}`}>
      <div className="job__head">
        <strong className="job__label">{job.label}</strong>
        {done && (
          <button type="button" className="btn btn--ghost btn--small" onClick={onDismiss} aria-label={`Dismiss ${job.label}`}>
            ×
          </button>
        )}
      </div>
      <progress max={Math.max(job.total, 1)} value={job.progress} aria-label={`${job.label}: ${job.progress} of ${job.total}`} />
      <div className="job__text">
        {!done && (
          <>
            {job.progress} of {job.total}
            {job.kind === 'server' ? ' — runs on the server; you can leave this page.' : ' — keep this tab open until it ends.'}
          </>
        )}
        {done && job.status === 'completed' && !failed && <>Done: {job.total} of {job.total}.</>}
        {done && failed > 0 && (
          <>
            {job.total - failed} done, {failed} refused.{' '}
            <button type="button" className="link" onClick={() => setOpen(!open)} aria-expanded={open}>
              {open ? 'Hide reasons' : 'Why?'}
            </button>
          </>
        )}
        {done && job.status !== 'completed' && !failed && <>The job {job.status}.</>}
      </div>
      {open && (
        <ul className="job__failures">
          {job.failures.map((f, i) => (
            <li key={i}>
              {f.id !== undefined ? `#${f.id}: ` : ''}
              {f.error}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** The running and finished bulk actions, in a corner of every page. */
export function JobTray() {
  const { jobs, dismiss } = useJobs();
  if (!jobs.length) return null;
  return (
    <section className="jobtray" aria-label="Bulk actions" aria-live="polite">
      <ul>
        {jobs.map((j) => (
          <JobRow key={j.key} job={j} onDismiss={() => dismiss(j.key)} />
        ))}
      </ul>
    </section>
  );
}
