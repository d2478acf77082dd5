import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { Field, formErrors, invalidProps, NO_ERRORS, type FormErrors } from '../../lib/forms.tsx';
import type { User } from '../../../../src/shared/users.ts';
import { useToast } from '../../components/Toasts.tsx';

// A contact's profile: name, phone, notes, details and the custom user fields they have.
// Only what changed is sent (PUT /users/{id}); user fields merge, as in Zendesk.

const KNOWN = ['name', 'phone', 'notes', 'details'];

/** A custom field's value as text in a form, and back (numbers and booleans stay what they were). */
const asText = (v: unknown) => (v === null || v === undefined ? '' : String(v));
function fromText(text: string, was: unknown): unknown {
  if (typeof was === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  if (typeof was === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text === '' ? null : text;
}

function ProfileView({ user }: { user: User }) {
  const custom = Object.entries(user.user_fields);
  if (!user.notes && !user.details && custom.length === 0) return <p className="muted">No notes or details.</p>;
  return (
    <dl className="profile">
      {user.notes && (
        <div>
          <dt>Notes</dt>
          <dd className="breakable">{user.notes}</dd>
        </div>
      )}
      {user.details && (
        <div>
          <dt>Details</dt>
          <dd className="breakable">{user.details}</dd>
        </div>
      )}
      {custom.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd className="breakable">{asText(v) || <span className="muted">—</span>}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ProfilePanel({ user, editable }: { user: User; editable: boolean }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState({ name: '', phone: '', notes: '', details: '', fields: {} as Record<string, string> });
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  const start = () => {
    setDraft({
      name: user.name,
      phone: user.phone ?? '',
      notes: user.notes ?? '',
      details: user.details ?? '',
      fields: Object.fromEntries(Object.entries(user.user_fields).map(([k, v]) => [k, asText(v)])),
    });
    setErrors(NO_ERRORS);
    setEditing(true);
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const changes: Record<string, unknown> = {};
    if (draft.name !== user.name) changes.name = draft.name;
    if (draft.phone.trim() !== (user.phone ?? '')) changes.phone = draft.phone.trim() || null;
    if (draft.notes !== (user.notes ?? '')) changes.notes = draft.notes || null;
    if (draft.details !== (user.details ?? '')) changes.details = draft.details || null;
    const fields = Object.fromEntries(
      Object.entries(draft.fields)
        .filter(([k, v]) => v !== asText(user.user_fields[k]))
        .map(([k, v]) => [k, fromText(v, user.user_fields[k])]),
    );
    if (Object.keys(fields).length) changes.user_fields = fields;
    if (!Object.keys(changes).length) return setEditing(false);
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await api('PUT', `/users/${user.id}`, { user: changes });
      toast('Profile saved.');
      setEditing(false);
      await queryClient.invalidateQueries({ queryKey: ['contacts'] });
    } catch (err) {
      setErrors(formErrors(err, KNOWN));
    } finally {
      setBusy(false);
    }
  };

  const text = (key: 'name' | 'phone', label: string, type = 'text') => (
    <Field id={`profile-${key}`} label={label} errors={errors} field={key}>
      <input id={`profile-${key}`} type={type} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} {...invalidProps(errors, key, `profile-${key}`)} />
    </Field>
  );
  const area = (key: 'notes' | 'details', label: string) => (
    <Field id={`profile-${key}`} label={label} errors={errors} field={key}>
      <textarea id={`profile-${key}`} rows={3} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} {...invalidProps(errors, key, `profile-${key}`)} />
    </Field>
  );

  return (
    <section className="panel" aria-labelledby="profile-title">
      <div className="panel__head">
        <h2 id="profile-title">Profile</h2>
        {editable && !editing && (
          <button type="button" className="btn btn--small" onClick={start}>
            Edit profile
          </button>
        )}
      </div>
      {!editing ? (
        <ProfileView user={user} />
      ) : (
        <form onSubmit={save} noValidate aria-label="Edit profile">
          {text('name', 'Name')}
          {text('phone', 'Primary phone', 'tel')}
          {area('notes', 'Notes')}
          {area('details', 'Details')}
          {Object.keys(draft.fields).map((k, i) => (
            <Field key={k} id={`profile-field-${i}`} label={k} errors={errors} field="user_fields">
              <input id={`profile-field-${i}`} value={draft.fields[k]} onChange={(e) => setDraft({ ...draft, fields: { ...draft.fields, [k]: e.target.value } })} />
            </Field>
          ))}
          {errors.rest && (
            <p className="errorbox" role="alert">
              {errors.rest}
            </p>
          )}
          <div className="dialog__actions">
            <button type="button" className="btn" onClick={() => setEditing(false)}>
              Cancel
            </button>
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {busy ? 'Saving…' : 'Save profile'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
