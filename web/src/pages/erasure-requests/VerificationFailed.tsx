import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../lib/api.ts';
import { fixErasureRequest, type ErasureRequest, type FoundPlace } from '../../lib/erasure-requests.ts';
import { useJobs } from '../../lib/jobs.tsx';
import { useMe } from '../../lib/session.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { requestKey } from './useRequest.ts';

// A verification that found something (status verification_failed): in red, where it was
// found (table and column or store, counts, row ids: the API never sends the text), and the
// button that removes what is left and verifies again. Never a "Completed" over it.

const STORE_WORDS: Record<string, [string, string]> = {
  'tickets.subject': ['Ticket subjects', 'ticket'],
  'comments.plain_body': ['Comments', 'comment'],
  'attachments.file_name': ['File names', 'file'],
  users: ['The person’s own row: not erased', 'user'],
  'tickets.requester_id': ['Tickets they requested, not erased', 'ticket'],
  identities: ['Their email addresses, phone numbers or other identities', 'identity'],
  'erasure_request_terms+matches': ['Search terms or matches still kept by this request', ''],
  checkpoint_busy: ['The database log could not be checkpointed: old pages may still hold the data', ''],
};

function placeWords(p: FoundPlace): { title: string; unit: string } {
  const known = STORE_WORDS[p.store];
  if (known) return { title: known[0], unit: known[1] };
  if (p.store.startsWith('file:')) return { title: `Bytes of the database file ${p.store.slice(5)}`, unit: '' };
  return { title: `Column ${p.store}`, unit: 'row' };
}

/** Where the verification found something, one line per place. */
export function FoundList({ found }: { found: FoundPlace[] }) {
  if (!found.length) return null;
  return (
    <ul className="er-found" aria-label="Where it was found">
      {found.map((p) => {
        const { title, unit } = placeWords(p);
        return (
          <li key={p.store}>
            <strong>{title}</strong> <code>{p.store}</code>: {p.count} {p.count === 1 ? 'hit' : 'hits'}
            {p.ids?.length ? (
              <span className="muted">
                {' '}
                ({unit || 'id'} {p.ids.map((id) => `#${id}`).join(', ')}
                {p.count > p.ids.length ? ', …' : ''})
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

export function VerificationFailed({ r }: { r: ErasureRequest }) {
  const me = useMe();
  const toast = useToast();
  const jobs = useJobs();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const found = (r.verification?.found ?? []) as FoundPlace[];
  const erased = r.verification?.user_erased === true;
  const fix = async () => {
    setBusy(true);
    try {
      const job = await fixErasureRequest(r.id);
      void jobs.track(job, `Fix erasure request #${r.id}`, [['erasure-requests'], ['contacts'], ['tickets']]);
      await queryClient.invalidateQueries({ queryKey: requestKey(r.id) });
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="errorbox er-verification-failed" role="alert">
      <p>
        <strong>✗ Verification failed: this request is not completed.</strong>{' '}
        {erased
          ? 'The person is erased, but the check after the erasure still found their data:'
          : 'The check before erasing the person still found their data where nobody decided about it, so they have not been erased yet:'}
      </p>
      <FoundList found={found} />
      <p>
        Fixing searches every accepted term again, removes what it finds in places you did not reject (your rejections stand), erases what must go,
        and verifies again. The request is completed only when that check finds nothing.
      </p>
      {me.abilities.erase_users ? (
        <button type="button" className="btn btn--danger" onClick={fix} disabled={busy}>
          Fix and verify again
        </button>
      ) : (
        <p className="note">Only an admin can fix it, because it ends by erasing the person.</p>
      )}
    </div>
  );
}
