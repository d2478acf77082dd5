import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, errorText } from '../../lib/api.ts';
import { trapTab } from '../../lib/focus.ts';
import type { IssuedLink } from './LinkDialog.tsx';

/** An admin invites an agent or admin: the server creates them and returns a one-time link. */
export function InviteDialog({ open, onClose, onInvited }: { open: boolean; onClose: () => void; onInvited: (link: IssuedLink) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'agent' | 'admin'>('agent');
  const [canDelete, setCanDelete] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setName('');
      setEmail('');
      setRole('agent');
      setCanDelete(false);
      setError(null);
      d.showModal();
    }
    if (!open && d.open) d.close();
  }, [open]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ invitation: IssuedLink }>('POST', '/invitations', {
        invitation: { name, email, role, ...(role === 'agent' ? { can_delete_tickets: canDelete } : {}) },
      });
      onInvited({ ...r.invitation, name });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="invite-title" onKeyDown={trapTab} onCancel={(e) => (e.preventDefault(), onClose())}>
      <form onSubmit={submit}>
        <h2 id="invite-title">Invite an agent</h2>
        <label className="field">
          <span>Name</span>
          <input required value={name} onChange={(e) => setName(e.target.value)} maxLength={255} />
        </label>
        <label className="field">
          <span>Email</span>
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span>Role</span>
          <select value={role} onChange={(e) => setRole(e.target.value as 'agent' | 'admin')}>
            <option value="agent">Agent — works tickets, suspends and deletes contacts</option>
            <option value="admin">Admin — everything, including settings and permanent deletion</option>
          </select>
        </label>
        {role === 'agent' && (
          <label className="check">
            <input type="checkbox" checked={canDelete} onChange={(e) => setCanDelete(e.target.checked)} /> May delete tickets
          </label>
        )}
        {error && (
          <p className="errorbox" role="alert">
            {error}
          </p>
        )}
        <div className="dialog__actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {busy ? 'Inviting…' : 'Invite and get link'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
