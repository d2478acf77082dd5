import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorText } from '../../lib/api.ts';
import { Field, formErrors, invalidProps, NO_ERRORS, type FormErrors } from '../../lib/forms.tsx';
import type { Identity, User } from '../../../../src/shared/users.ts';
import { useConfirm } from '../../components/Confirm.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { Clip, ErrorBox, Loading } from '../../components/Misc.tsx';

// A contact's email addresses and phone numbers (and social handles, shown only): add one,
// make one the primary of its kind, remove one. The server keeps the rules (an address in
// use elsewhere, an agent's last email, the primary moving on when it is removed).

const WORDS: Record<Identity['type'], string> = { email: 'Email', phone_number: 'Phone', twitter: 'X/Twitter', facebook: 'Facebook' };
const ADDABLE = ['email', 'phone_number'] as const;

export function IdentitiesPanel({ user, editable }: { user: User; editable: boolean }) {
  const id = user.id;
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const toast = useToast();
  const q = useQuery({ queryKey: ['contacts', 'one', id, 'identities'], queryFn: () => api<{ identities: Identity[] }>('GET', `/users/${id}/identities`) });
  const [type, setType] = useState<(typeof ADDABLE)[number]>('email');
  const [value, setValue] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['contacts'] });
  const act = async (what: () => Promise<unknown>, done: string) => {
    try {
      await what();
      toast(done);
      await refresh();
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await api('POST', `/users/${id}/identities`, { identity: { type, value: value.trim() } });
      toast(`${WORDS[type]} ${value.trim()} added.`);
      setValue('');
      await refresh();
    } catch (err) {
      setErrors(formErrors(err, ['value'], { email: 'value', phone: 'value', phone_number: 'value', type: 'value' }));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (i: Identity) => {
    const ok = await confirm({
      title: `Remove ${i.value}?`,
      body: <p>{user.name} will no longer be reachable or recognised at this {i.type === 'email' ? 'address' : 'number'}; mail from it will start a new contact.</p>,
      confirmLabel: 'Remove',
      danger: true,
    });
    if (ok) await act(() => api('DELETE', `/users/${id}/identities/${i.id}`), `${i.value} removed.`);
  };

  const identities = q.data?.identities ?? [];
  return (
    <section className="panel" aria-labelledby="ids-title">
      <h2 id="ids-title">Identities</h2>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} />
      ) : identities.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="plain-list identities">
          {identities.map((i) => (
            <li key={i.id}>
              <span className="identities__what">
                <span className="muted">{WORDS[i.type]}</span> <Clip text={i.value} />
                {i.primary && <span className="badge">primary</span>}
                {i.verified && <span className="badge">verified</span>}
              </span>
              {editable && (
                <span className="identities__actions">
                  {!i.primary && (i.type === 'email' || i.type === 'phone_number') && (
                    <button type="button" className="btn btn--small" aria-label={`Make primary: ${i.value}`} onClick={() => act(() => api('PUT', `/users/${id}/identities/${i.id}/make_primary`), `${i.value} is now the primary ${WORDS[i.type].toLowerCase()}.`)}>
                      Make primary
                    </button>
                  )}
                  <button type="button" className="btn btn--small" aria-label={`Remove: ${i.value}`} onClick={() => remove(i)}>
                    Remove
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form className="inline-form" onSubmit={add} noValidate aria-label="Add an identity">
          <div className="field">
            <label htmlFor="identity-type">Kind</label>
            <select id="identity-type" value={type} onChange={(e) => setType(e.target.value as (typeof ADDABLE)[number])}>
              {ADDABLE.map((t) => (
                <option key={t} value={t}>
                  {WORDS[t]}
                </option>
              ))}
            </select>
          </div>
          <Field id="identity-value" label={type === 'email' ? 'Email address' : 'Phone number'} errors={errors} field="value">
            <input id="identity-value" type={type === 'email' ? 'email' : 'tel'} value={value} onChange={(e) => setValue(e.target.value)} {...invalidProps(errors, 'value', 'identity-value')} />
          </Field>
          <button type="submit" className="btn" disabled={busy || !value.trim()}>
            Add
          </button>
          {errors.rest && (
            <p className="errorbox" role="alert">
              {errors.rest}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
