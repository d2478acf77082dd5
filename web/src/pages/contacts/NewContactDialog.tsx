import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../lib/api.ts';
import { Field, formErrors, invalidProps, NO_ERRORS, type FormErrors } from '../../lib/forms.tsx';
import { trapTab } from '../../lib/focus.ts';
import { useOrganizations } from '../../lib/organizations.ts';
import type { User } from '../../../../src/shared/users.ts';

// A new contact (an end user): name, email, phone and organization. The server checks them
// (a valid and unused address, a phone in international form) and its refusals are shown
// on the field they concern.

const KNOWN = ['name', 'email', 'phone', 'organization_id'];

export function NewContactDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (u: User) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [org, setOrg] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const orgs = useOrganizations();

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setName('');
      setEmail('');
      setPhone('');
      setOrg('');
      setErrors(NO_ERRORS);
      d.showModal();
    }
    if (!open && d.open) d.close();
  }, [open]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const user = { name, ...(email.trim() ? { email: email.trim() } : {}), ...(phone.trim() ? { phone: phone.trim() } : {}), ...(org ? { organization_id: Number(org) } : {}) };
      onCreated((await api<{ user: User }>('POST', '/users', { user })).user);
    } catch (err) {
      const found = formErrors(err, KNOWN);
      setErrors(found);
      const first = KNOWN.find((k) => found.fields[k]);
      if (first) document.getElementById(`contact-${first}`)?.focus();
    } finally {
      setBusy(false);
    }
  };

  const field = (key: string, label: string, input: ReactNode) => (
    <Field id={`contact-${key}`} label={label} errors={errors} field={key}>
      {input}
    </Field>
  );
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="new-contact-title" onKeyDown={trapTab} onCancel={(e) => (e.preventDefault(), onClose())}>
      <form onSubmit={submit} noValidate>
        <h2 id="new-contact-title">New contact</h2>
        {field('name', 'Name', <input id="contact-name" required value={name} onChange={(e) => setName(e.target.value)} maxLength={255} {...invalidProps(errors, 'name', 'contact-name')} />)}
        {field('email', 'Email', <input id="contact-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} {...invalidProps(errors, 'email', 'contact-email')} />)}
        {field('phone', 'Phone', <input id="contact-phone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} placeholder="+44 20 7946 0000" {...invalidProps(errors, 'phone', 'contact-phone')} />)}
        {field(
          'organization_id',
          'Organization',
          <select id="contact-organization_id" value={org} onChange={(e) => setOrg(e.target.value)} {...invalidProps(errors, 'organization_id', 'contact-organization_id')}>
            <option value="">None</option>
            {(orgs.data ?? []).map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>,
        )}
        {errors.rest && (
          <p className="errorbox" role="alert">
            {errors.rest}
          </p>
        )}
        <div className="dialog__actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create contact'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
