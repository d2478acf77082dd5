import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, errorText, type FieldErrors } from '../../lib/api.ts';
import { useMe } from '../../lib/session.tsx';
import type { Group } from '../../../../src/shared/groups.ts';
import type { User } from '../../../../src/shared/users.ts';
import type { Macro } from '../../../../src/shared/workspace-shapes.ts';
import { PriorityOptions, TypeOptions } from '../../components/TicketOptions.tsx';
import { actionsOf, emptyForm, formOf, type MacroForm } from './macro-form.ts';

const STATUSES = [
  ['new', 'New'],
  ['open', 'Open'],
  ['pending', 'Pending'],
  ['hold', 'On-hold'],
  ['solved', 'Solved'],
] as const;

interface Props {
  /** The macro to edit, `'new'` for a new one, null when closed. */
  editing: Macro | 'new' | null;
  staff: User[];
  groups: Group[];
  onClose: () => void;
  onSaved: (m: Macro, created: boolean) => void;
}

/** The errors of one field (`title`, `actions.2.value`, …) as one line. */
function errorsOf(details: FieldErrors, prefix: string): string | null {
  const lines = Object.entries(details)
    .filter(([k]) => k === prefix || k.startsWith(`${prefix}.`))
    .flatMap(([, list]) => list.map((d) => d.description));
  return lines.length ? lines.join(' ') : null;
}

function Select({ label, value, onChange, children }: { label: string; value: string; onChange: (v: string) => void; children: ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </label>
  );
}

/** Create or edit a macro: its reply and the field changes it makes when applied. */
export function MacroDialog({ editing, staff, groups, onClose, onSaved }: Props) {
  const me = useMe();
  const ref = useRef<HTMLDialogElement>(null);
  const [f, setF] = useState<MacroForm>(emptyForm());
  const [details, setDetails] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof MacroForm>(k: K, v: MacroForm[K]) => setF((prev) => ({ ...prev, [k]: v }));

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (editing && !d.open) {
      setF(editing === 'new' ? emptyForm() : formOf(editing));
      setDetails({});
      setError(null);
      d.showModal();
    }
    if (!editing && d.open) d.close();
  }, [editing]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    setBusy(true);
    setError(null);
    setDetails({});
    const macro = {
      title: f.title,
      description: f.description.trim() || null,
      active: f.active,
      actions: actionsOf(f),
      // Shared (every agent) or the admin's own; it stays what it was made as.
      ...(editing === 'new' ? { restriction: f.personal ? { type: 'User', id: me.user.id } : null } : {}),
    };
    try {
      const r =
        editing === 'new' ? await api<{ macro: Macro }>('POST', '/macros', { macro }) : await api<{ macro: Macro }>('PUT', `/macros/${editing.id}`, { macro });
      onSaved(r.macro, editing === 'new');
    } catch (err) {
      if (err instanceof ApiError && err.details) setDetails(err.details);
      setError(err instanceof ApiError ? err.message : errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (prefix: string) => {
    const t = errorsOf(details, prefix);
    return t ? <p className="field-error">{t}</p> : null;
  };
  const title = editing === 'new' ? 'New macro' : 'Edit macro';

  return (
    <dialog ref={ref} className="dialog dialog--wide" aria-labelledby="macro-title" onCancel={(e) => (e.preventDefault(), onClose())}>
      <form onSubmit={submit} noValidate>
        <h2 id="macro-title">{title}</h2>
        <label className="field">
          <span>Title</span>
          <input required maxLength={255} value={f.title} onChange={(e) => set('title', e.target.value)} aria-invalid={!!errorsOf(details, 'title')} />
          {fieldError('title')}
        </label>
        <label className="field">
          <span>Description (for agents choosing a macro)</span>
          <input maxLength={1000} value={f.description} onChange={(e) => set('description', e.target.value)} />
        </label>
        <div className="macro-form__row">
          {editing === 'new' ? (
            <Select label="Available to" value={f.personal ? 'me' : 'all'} onChange={(v) => set('personal', v === 'me')}>
              <option value="all">Every agent (shared)</option>
              <option value="me">Only me (personal)</option>
            </Select>
          ) : (
            <p className="field macro-form__fixed">
              <span>Available to</span> {f.personal ? 'Only you (personal)' : 'Every agent (shared)'}
            </p>
          )}
          <label className="check macro-form__active">
            <input type="checkbox" checked={f.active} onChange={(e) => set('active', e.target.checked)} /> Active (agents can apply it)
          </label>
        </div>

        <fieldset className="macro-form__group">
          <legend>Reply</legend>
          <label className="field">
            <span>Text of the reply</span>
            <textarea rows={5} value={f.comment} onChange={(e) => set('comment', e.target.value)} placeholder="Hello {{ticket.requester.first_name}}, …" />
            <span className="muted macro-form__hint">
              Placeholders: {'{{ticket.id}}'}, {'{{ticket.subject}}'}, {'{{ticket.requester.first_name}}'}, {'{{current_user.name}}'}… Empty: the macro writes no reply.
            </span>
          </label>
          <Select label="Sent as" value={f.commentPublic ? 'public' : 'note'} onChange={(v) => set('commentPublic', v === 'public')}>
            <option value="public">Public reply (the requester sees it)</option>
            <option value="note">Internal note (agents only)</option>
          </Select>
        </fieldset>

        <fieldset className="macro-form__group">
          <legend>Changes to the ticket</legend>
          <div className="macro-form__grid">
            <Select label="Status" value={f.status} onChange={(v) => set('status', v)}>
              <option value="">No change</option>
              {STATUSES.map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </Select>
            <Select label="Priority" value={f.priority} onChange={(v) => set('priority', v)}>
              <option value="">No change</option>
              <option value="none">None</option>
              <PriorityOptions />
            </Select>
            <Select label="Type" value={f.type} onChange={(v) => set('type', v)}>
              <option value="">No change</option>
              <option value="none">None</option>
              <TypeOptions />
            </Select>
            <Select label="Assignee" value={f.assignee} onChange={(v) => set('assignee', v)}>
              <option value="">No change</option>
              <option value="none">Unassigned</option>
              <option value="current_user">The agent applying it</option>
              {staff.map((u) => (
                <option key={u.id} value={String(u.id)}>
                  {u.name}
                </option>
              ))}
            </Select>
            <Select label="Group" value={f.group} onChange={(v) => set('group', v)}>
              <option value="">No change</option>
              <option value="none">No group</option>
              {groups.map((g) => (
                <option key={g.id} value={String(g.id)}>
                  {g.name}
                </option>
              ))}
            </Select>
          </div>
          <div className="macro-form__grid">
            <label className="field">
              <span>Add tags</span>
              <input value={f.addTags} onChange={(e) => set('addTags', e.target.value)} placeholder="billing refund" />
            </label>
            <label className="field">
              <span>Remove tags</span>
              <input value={f.removeTags} onChange={(e) => set('removeTags', e.target.value)} />
            </label>
            <label className="field">
              <span>Replace all tags with</span>
              <input value={f.setTags} onChange={(e) => set('setTags', e.target.value)} />
            </label>
          </div>
          <p className="muted macro-form__hint">Tags are separated by spaces.</p>
        </fieldset>
        {fieldError('actions')}

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
            {busy ? 'Saving…' : editing === 'new' ? 'Create macro' : 'Save macro'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
