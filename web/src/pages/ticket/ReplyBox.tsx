import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, ApiError, errorText } from '../../lib/api.ts';
import type { Ticket, TicketStatus } from '../../../../src/shared/tickets.ts';

const SUBMIT_AS: { value: TicketStatus; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'pending', label: 'Pending' },
  { value: 'hold', label: 'On-hold' },
  { value: 'solved', label: 'Solved' },
];

interface Props {
  ticket: Ticket;
  onSaved: (text: string) => void;
  /** Whether something is being written (colleagues see "replying"). */
  onWriting?: (writing: boolean) => void;
  /** The ticket changed since this page read it: read it again (the draft stays). */
  onStale?: () => void;
}

/** Uploads each file and returns the tokens a comment's `uploads` takes. */
async function upload(files: File[]): Promise<string[]> {
  const tokens: string[] = [];
  for (const f of files) {
    const r = await api<{ upload: { token: string } }>('POST', `/uploads?filename=${encodeURIComponent(f.name)}`, undefined, { raw: f });
    tokens.push(r.upload.token);
  }
  return tokens;
}

/** Public reply or internal note, with files, and the status the ticket is submitted as. */
export function ReplyBox({ ticket, onSaved, onWriting, onStale }: Props) {
  const id = useId();
  const [mode, setMode] = useState<'public' | 'private'>('public');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [status, setStatus] = useState<TicketStatus>(ticket.status === 'new' ? 'open' : ticket.status);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fileKey, setFileKey] = useState(0);
  const writing = body.trim() !== '' || files.length > 0;
  useEffect(() => onWriting?.(writing), [writing, onWriting]);
  // The status offered follows the ticket (a colleague may change it) until this agent picks one.
  const [statusPicked, setStatusPicked] = useState(false);
  useEffect(() => {
    if (!statusPicked) setStatus(ticket.status === 'new' ? 'open' : ticket.status);
  }, [ticket.status, statusPicked]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const uploads = files.length ? await upload(files) : undefined;
      const hasComment = body.trim() !== '' || !!uploads;
      const change: Record<string, unknown> = {};
      if (status !== ticket.status) change.status = status;
      if (hasComment) change.comment = { ...(body.trim() ? { body: body.trim() } : {}), public: mode === 'public', ...(uploads ? { uploads } : {}) };
      if (!Object.keys(change).length) {
        setError('Write something, attach a file or pick another status.');
        return;
      }
      // Refused (409) if someone changed the ticket since this page read it: the agent sees
      // what changed before their words go out.
      await api('PUT', `/tickets/${ticket.id}`, { ticket: { ...change, safe_update: true, updated_stamp: ticket.updated_at } });
      setBody('');
      setFiles([]);
      setFileKey((k) => k + 1);
      setStatusPicked(false);
      onSaved(hasComment ? (mode === 'public' ? 'Reply sent.' : 'Internal note added.') : `Status changed to ${status}.`);
    } catch (err) {
      if (err instanceof ApiError && err.kind === 'UpdateConflict') {
        setError('Someone changed this ticket while you were writing. Your reply is still here: check what changed above, then submit again.');
        onStale?.();
      } else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={`reply reply--${mode}`} onSubmit={submit} aria-label="Reply">
      <fieldset className="segmented">
        <legend className="visually-hidden">Kind of comment</legend>
        <label className={mode === 'public' ? 'is-on' : ''}>
          <input type="radio" name={`${id}-mode`} checked={mode === 'public'} onChange={() => setMode('public')} /> Public reply
        </label>
        <label className={mode === 'private' ? 'is-on' : ''}>
          <input type="radio" name={`${id}-mode`} checked={mode === 'private'} onChange={() => setMode('private')} /> Internal note
        </label>
      </fieldset>
      <label className="visually-hidden" htmlFor={`${id}-body`}>
        {mode === 'public' ? 'Reply to the requester' : 'Note for your team (the requester does not see it)'}
      </label>
      <textarea
        id={`${id}-body`}
        rows={5}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        placeholder={mode === 'public' ? 'Reply to the requester…' : 'Note for your team; the requester does not see it…'}
      />
      <div className="reply__bar">
        <label className="btn btn--small filepick">
          Attach files
          <input key={fileKey} type="file" multiple onChange={(e) => setFiles([...(e.target.files ?? [])])} />
        </label>
        {files.length > 0 && <span className="muted clip">{files.map((f) => f.name).join(', ')}</span>}
        <span className="spacer" />
        <label className="inline-field">
          <span>Submit as</span>
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as TicketStatus);
              setStatusPicked(true);
            }}
          >
            {SUBMIT_AS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? 'Saving…' : 'Submit'}
        </button>
      </div>
      {error && (
        <p className="errorbox" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
