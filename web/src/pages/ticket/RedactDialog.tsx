import { useEffect, useRef, useState } from 'react';
import type { Comment } from '../../../../src/shared/comments.ts';

// Choosing the text to redact from a comment: what was selected, editable, with how often
// it occurs and what redaction does. Typing works too, for keyboard users.

function occurrences(haystack: string, needle: string): number {
  if (!needle) return 0;
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

interface Props {
  comment: Comment | null;
  initial: string;
  onCancel: () => void;
  onRedact: (text: string) => Promise<void>;
}

export function RedactDialog({ comment, initial, onCancel, onRedact }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setText(initial);
    const d = ref.current;
    if (!d) return;
    if (comment && !d.open) d.showModal();
    if (!comment && d.open) d.close();
  }, [comment, initial]);
  const found = comment ? occurrences(comment.plain_body || comment.body, text) : 0;
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="redact-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      {comment && (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            try {
              await onRedact(text);
            } finally {
              setBusy(false);
            }
          }}
        >
          <h2 id="redact-title">Redact text from this comment</h2>
          <label className="field">
            <span>Text to remove</span>
            <input value={text} onChange={(e) => setText(e.target.value)} autoFocus required maxLength={10_000} />
          </label>
          <p className="muted" aria-live="polite">
            {!text ? 'Select text in the comment, or type it here.' : found ? `Found ${found === 1 ? 'once' : `${found} times`} in this comment.` : 'Not found in this comment’s text.'}
          </p>
          <div className="dialog__body">
            <p>
              Every occurrence is replaced by ▇ characters in the comment’s text and HTML, in the search index and in the stored email. The
              audit log records that a redaction happened, never the text.
            </p>
            <p>
              <strong>This cannot be undone.</strong>
            </p>
          </div>
          <div className="dialog__actions">
            <button type="button" className="btn" onClick={onCancel}>
              Cancel
            </button>
            <button type="submit" className="btn btn--danger" disabled={!text || !found || busy}>
              {busy ? 'Redacting…' : 'Redact'}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
