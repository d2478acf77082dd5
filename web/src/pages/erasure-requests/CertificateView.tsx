import { useQuery } from '@tanstack/react-query';
import { getCertificate, type Certificate, type FoundPlace } from '../../lib/erasure-requests.ts';
import { FoundList } from './VerificationFailed.tsx';
import { nameOf, useUsers } from '../../lib/users.ts';
import { ErrorBox, Loading, When } from '../../components/Misc.tsx';
import { RecipientsTold } from './RecipientsTold.tsx';

// Step 4: the certificate, the lasting record that the erasure happened (who, when, that
// the procedure was followed, and the check — never the person's data; docs/erasure-requests.md). Printed
// with the browser's print dialog; the print stylesheet leaves out everything else.

const COUNT_WORDS: Record<string, string> = {
  redacted_comments: 'Comments redacted',
  redacted_subjects: 'Ticket subjects redacted',
  redacted_attachments: 'Files redacted',
  erased_tickets: 'Other tickets deleted forever',
  erased_requested_tickets: 'Their own tickets erased',
  matches_applied: 'Matches carried out',
  rejected_matches: 'Matches rejected (someone else’s data, kept)',
  terms_accepted: 'Search terms used',
  terms_rejected: 'Search terms rejected',
};

const words = (key: string) => COUNT_WORDS[key] ?? key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

type V = Record<string, unknown>;
const obj = (v: unknown): V | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as V) : null);
const num = (v: unknown) => (typeof v === 'number' ? v : null);

/** The verification as sentences, each with whether it held. */
function checks(v: V): { ok: boolean | null; text: string }[] {
  const out: { ok: boolean | null; text: string }[] = [];
  const before = obj(v.search_before_erasure);
  if (before) {
    const n = num(before.hits_outside_rejected) ?? 0;
    out.push({ ok: n === 0, text: `Before erasing the person, every accepted search term was searched again: ${n} unexpected ${n === 1 ? 'hit' : 'hits'}.` });
  }
  if ('user_erased' in v) out.push({ ok: v.user_erased === true, text: v.user_erased ? 'The person is erased: only the stub with their id remains.' : 'The person is not erased.' });
  for (const [k, what] of [
    ['requested_tickets_left', 'tickets they requested'],
    ['identities_left', 'email addresses, phone numbers or other identities'],
    ['request_data_left', 'search terms or matches kept by this request'],
  ] as const) {
    const n = num(v[k]);
    if (n !== null) out.push({ ok: n === 0, text: `${n} ${what} left.` });
  }
  const after = obj(v.search_after_erasure);
  if (after) {
    const n = num(after.unexplained_hits) ?? 0;
    out.push({ ok: n === 0, text: `After the erasure, the search index has ${n} unexplained ${n === 1 ? 'hit' : 'hits'} (hits in rejected matches are someone else’s data).` });
  }
  const checkpoint = obj(v.checkpoint);
  if (checkpoint) out.push({ ok: checkpoint.busy === false || checkpoint.busy === 0, text: checkpoint.busy ? 'The database log could not be checkpointed.' : 'The database log was checkpointed and truncated.' });
  const scan = obj(v.byte_scan);
  if (scan) {
    if (scan.status === 'skipped') out.push({ ok: null, text: `Byte scan of the database files: not run (${String(scan.reason ?? 'skipped').replace(/_/g, ' ')}).` });
    else out.push({ ok: scan.status === 'clean', text: `Byte scan of the database files for the person’s identifiers: ${num(scan.hits) ?? 0} found in ${num(scan.files) ?? 0} files (${scan.status}).` });
  }
  return out;
}

function CertificateBody({ c }: { c: Certificate }) {
  const staff = useUsers([c.actor_id, c.opened_by_id]);
  const v = c.verification ?? {};
  // A certificate over a failed check says so, and is not a completion.
  const passed = v.passed === true && c.status !== 'verification_failed';
  const found = (Array.isArray(v.found) ? v.found : []) as FoundPlace[];
  const list = checks(v);
  return (
    <article className="certificate" aria-labelledby="cert-title">
      <p className="eyebrow">Oubli · erasure request #{c.request_id}</p>
      <h2 id="cert-title" tabIndex={-1}>
        Certificate of erasure
      </h2>
      <p className="muted">Records what was done to answer a request to erase a person’s data (GDPR Art. 17). It holds no personal data of that person.</p>
      <div className={`certificate__verdict certificate__verdict--${passed ? 'ok' : 'bad'}`} role="status">
        {passed
          ? '✓ Verified: the erasure was checked and nothing of the person was found.'
          : c.status === 'verification_failed'
            ? '✗ Verification failed: not completed. Their data was still found in the places below; fix it and verify again.'
            : '✗ Verification did not pass: see the checks below.'}
      </div>
      {!passed && <FoundList found={found} />}
      <dl className="facts">
        <dt>Request</dt>
        <dd>#{c.request_id}</dd>
        <dt>Person</dt>
        <dd>User #{c.user_id} (now “Permanently Deleted User”)</dd>
        <dt>Received</dt>
        <dd>
          <When at={c.received_at} />
        </dd>
        <dt>Due</dt>
        <dd>
          <When at={c.due_at} />
          {c.extended_until && (
            <>
              {' '}
              — extended to <When at={c.extended_until} />
            </>
          )}
        </dd>
        <dt>Completed</dt>
        <dd>
          {c.completed_at ? (
            <>
              <When at={c.completed_at} />
              {c.completed_in_time !== undefined && <> — {c.completed_in_time ? 'in time' : 'late'}</>}
            </>
          ) : (
            'Not completed: the verification found something.'
          )}
        </dd>
        <dt>Carried out by</dt>
        <dd>{c.actor_id ? `${nameOf(staff, c.actor_id)} (agent #${c.actor_id})` : 'the system'}</dd>
        {c.opened_by_id && c.opened_by_id !== c.actor_id && (
          <>
            <dt>Opened by</dt>
            <dd>
              {nameOf(staff, c.opened_by_id)} (agent #{c.opened_by_id})
            </dd>
          </>
        )}
      </dl>
      <h3>What was done</h3>
      <table>
        <tbody>
          {Object.entries(c.counts).map(([k, n]) => (
            <tr key={k}>
              <th scope="row">{words(k)}</th>
              <td className="num">{String(n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <RecipientsTold r={c.recipients} />
      <h3>Checks</h3>
      <ul className="checks">
        {list.map((x) => (
          <li key={x.text}>
            <span aria-hidden="true">{x.ok === null ? '–' : x.ok ? '✓' : '✗'}</span> <span className="visually-hidden">{x.ok === null ? 'Not run:' : x.ok ? 'Passed:' : 'Failed:'}</span>
            {x.text}
          </li>
        ))}
      </ul>
      <p className="certificate__foot">
        Printed from Oubli. The request’s search terms, the matches and their snippets were erased with the person; this certificate is what remains.
      </p>
    </article>
  );
}

export function CertificateView({ id }: { id: number }) {
  const q = useQuery({ queryKey: ['erasure-requests', 'certificate', id], queryFn: () => getCertificate(id) });
  if (q.isPending) return <Loading what="Loading the certificate" />;
  if (q.error) return <ErrorBox error={q.error} />;
  return (
    <>
      <div className="er-next no-print">
        <button type="button" className="btn btn--primary" onClick={() => window.print()}>
          Print certificate
        </button>
      </div>
      <CertificateBody c={q.data} />
    </>
  );
}
