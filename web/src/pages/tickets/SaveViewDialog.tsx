import { useEffect, useRef, useState, type FormEvent } from 'react';
import { errorText } from '../../lib/api.ts';

// Naming a view: "Save as view" (a new one from the current view and filters) and "Rename".
// Admins choose who sees a new view; an agent's views are always their own (docs/views.md).

export interface SaveViewProps {
  open: boolean;
  mode: 'create' | 'rename';
  initialTitle: string;
  /** Admins may share a view with every agent. */
  canShare: boolean;
  onClose: () => void;
  onSave: (title: string, shared: boolean) => Promise<void>;
}

export function SaveViewDialog({ open, mode, initialTitle, canShare, onClose, onSave }: SaveViewProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [title, setTitle] = useState(initialTitle);
  const [shared, setShared] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setTitle(initialTitle);
      setShared(false);
      setError(null);
      d.showModal();
    }
    if (!open && d.open) d.close();
  }, [open, initialTitle]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSave(title.trim(), shared);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="save-view-title" onCancel={(e) => (e.preventDefault(), onClose())}>
      <form onSubmit={submit}>
        <h2 id="save-view-title">{mode === 'create' ? 'Save as a view' : 'Rename the view'}</h2>
        {mode === 'create' && <p className="muted">The new view keeps this view’s conditions, the filters and the sort you have now.</p>}
        <label className="field">
          <span>Title</span>
          <input required maxLength={255} value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
        {mode === 'create' && canShare && (
          <fieldset className="field choice">
            <legend>Who sees it</legend>
            <label className="check">
              <input type="radio" name="who" checked={!shared} onChange={() => setShared(false)} /> Only me
            </label>
            <label className="check">
              <input type="radio" name="who" checked={shared} onChange={() => setShared(true)} /> Every agent (shared)
            </label>
          </fieldset>
        )}
        {mode === 'create' && !canShare && <p className="muted">Only you will see it.</p>}
        {error && (
          <p className="errorbox" role="alert">
            {error}
          </p>
        )}
        <div className="dialog__actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy || !title.trim()}>
            {busy ? 'Saving…' : mode === 'create' ? 'Save view' : 'Rename'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
