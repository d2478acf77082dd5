import { useEffect, useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, ApiError, errorText, type FieldErrors } from '../../lib/api.ts';
import type { Settings as AccountSettings } from '../../../../src/shared/settings.ts';
import { useToast } from '../../components/Toasts.tsx';
import { ErrorBox, Loading, PageHeader } from '../../components/Misc.tsx';
import { AgentsSection } from './AgentsSection.tsx';
import { MacrosSection } from './MacrosSection.tsx';

// Account settings for admins. The retention periods have their own words; any other
// setting the server adds (support addresses, the SMTP relay) is shown by its type, so
// the page needs no change when the API grows.

const KNOWN: Record<string, { label: string; help: string; unit?: string; mail?: boolean }> = {
  deleted_users_retention_days: { label: 'Deleted contacts are erased after', help: 'Days a contact stays in Deleted contacts, restorable, before it is erased for good.', unit: 'days' },
  deleted_tickets_retention_days: { label: 'Deleted tickets are erased after', help: 'Days a ticket stays in Deleted tickets before it is erased to a tombstone.', unit: 'days' },
  spam_retention_days: { label: 'Spam is erased after', help: 'Days a ticket stays in Spam before it is erased.', unit: 'days' },
  solved_to_closed_days: { label: 'Solved tickets close after', help: 'Closed tickets cannot be changed any more.', unit: 'days' },
  chat_retention_days: { label: 'Chats are deleted after', help: 'Days after a chat started before it is deleted whole, with its visitor when it was their last chat. Empty: chats are kept until someone deletes them.', unit: 'days' },
  satisfaction_enabled: { label: 'Send satisfaction surveys', help: 'The requester of a solved ticket gets one survey mail to rate it good or bad (never a suspended contact). Needs the public address below.' },
  satisfaction_delay_hours: { label: 'Survey mail goes after', help: 'Hours after the ticket was solved (the sweep runs hourly).', unit: 'hours' },
  public_url: { label: 'Public address of survey links', help: 'Where requesters reach Oubli, such as https://help.example.com (no path). Survey links point here.' },
  support_addresses: {
    label: 'Support addresses',
    help: 'Mail to these addresses becomes tickets; mail to any other address is refused. The first one is the From of our mail. Empty: the server’s --support-addresses apply (or any recipient).',
    mail: true,
  },
  // The password limit (docs/api.md): shown with the other settings, after the mail ones.
  password_attempts_per_address: { label: 'Wrong passwords allowed per address', help: 'From one client address (an IPv6 /64), in the window below; then sign-in answers “try again later”.', mail: true },
  password_address_window_seconds: { label: '…per address, within', help: 'The window of the count per address.', unit: 'seconds', mail: true },
  password_attempts_per_account: { label: 'Wrong passwords allowed per account', help: 'For one email, from any address, in the window below: slows a guesser spread over many addresses. The account’s owner waits too.', mail: true },
  password_account_window_seconds: { label: '…per account, within', help: 'The window of the count per account.', unit: 'seconds', mail: true },
  mail_loop_max_messages: {
    label: 'Mail loop: messages per sender',
    help: 'More messages than this from one sender within the window go, together, into one ticket in Spam, unanswered.',
    unit: 'messages',
    mail: true,
  },
  mail_loop_window_minutes: {
    label: 'Mail loop: window',
    help: 'The window for the count above; nobody gets more than one acknowledgement in it either.',
    unit: 'minutes',
    mail: true,
  },
  smtp_relay: {
    label: 'Outgoing mail relay',
    help: 'smtp://user:password@host:port (or smtps://). The password is shown as ***: leave it so to keep it. Empty: the server’s --smtp-relay applies, or no mail is sent.',
    mail: true,
  },
};

type Value = string | number | boolean | null | string[];

function humanize(key: string): string {
  const s = key.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** One entry per line. The text is kept as typed, so Enter can start a new (still empty) line. */
function ListInput({ id, value, onChange }: { id: string; value: string[]; onChange: (v: string[]) => void }) {
  const [text, setText] = useState(value.join('\n'));
  const parse = (t: string) => t.split('\n').map((s) => s.trim()).filter(Boolean);
  // A new value from outside (after saving) replaces the text; our own edits do not.
  useEffect(() => {
    if (JSON.stringify(parse(text)) !== JSON.stringify(value)) setText(value.join('\n'));
  }, [value]);
  return (
    <textarea
      id={id}
      rows={3}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parse(e.target.value));
      }}
    />
  );
}

function Field({ name, value, original, error, onChange }: { name: string; value: Value; original: unknown; error?: string; onChange: (v: Value) => void }) {
  const known = KNOWN[name];
  const id = `setting-${name}`;
  const secret = /password|secret|token/i.test(name);
  let input;
  if (typeof original === 'number') {
    input = <input id={id} type="number" min={0} value={String(value ?? '')} onChange={(e) => onChange(e.target.value === '' ? '' : Number(e.target.value))} />;
  } else if (typeof original === 'boolean') {
    input = <input id={id} type="checkbox" checked={!!value} onChange={(e) => onChange(e.target.checked)} />;
  } else if (Array.isArray(original)) {
    input = <ListInput id={id} value={value as string[]} onChange={onChange} />;
  } else {
    input = <input id={id} type={secret ? 'password' : 'text'} autoComplete="off" value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />;
  }
  return (
    <div className={`setting ${error ? 'has-error' : ''}`}>
      <label htmlFor={id}>{known?.label ?? humanize(name)}</label>
      <div className="setting__input">
        {input}
        {known?.unit && <span className="muted">{known.unit}</span>}
      </div>
      {known?.help && <p className="muted setting__help">{known.help}</p>}
      {Array.isArray(original) && <p className="muted setting__help">One per line.</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function SettingsForm({ settings }: { settings: AccountSettings }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  // Every setting is one of the form's kinds of value: the form walks them by name.
  const stored: Record<string, Value> = settings;
  const [values, setValues] = useState<Record<string, Value>>(stored);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => setValues(stored), [stored]);
  const editable = Object.entries(stored).filter(([, v]) => v === null || ['number', 'string', 'boolean'].includes(typeof v) || Array.isArray(v));
  const retention = editable.filter(([k]) => KNOWN[k] && !KNOWN[k].mail);
  const other = editable.filter(([k]) => !KNOWN[k] || KNOWN[k].mail);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const changed = Object.fromEntries(Object.entries(values).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(stored[k])));
    if (!Object.keys(changed).length) return toast('Nothing changed.');
    setBusy(true);
    setErrors({});
    try {
      await api('PUT', '/account/settings', { settings: changed });
      toast('Settings saved.');
      await queryClient.invalidateQueries({ queryKey: ['settings'] });
    } catch (err) {
      if (err instanceof ApiError && err.details) setErrors(err.details);
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const field = ([k, v]: [string, unknown]) => (
    <Field key={k} name={k} value={values[k] ?? null} original={v} error={errors[k]?.map((d) => d.description).join(' ')} onChange={(nv) => setValues({ ...values, [k]: nv })} />
  );
  return (
    <form className="panel" onSubmit={save} aria-labelledby="retention-title">
      <h2 id="retention-title">Retention and closing</h2>
      <div className="settings-grid">{retention.map(field)}</div>
      {other.length > 0 && (
        <>
          <h2>Email and other settings</h2>
          <div className="settings-grid">{other.map(field)}</div>
        </>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}

export function SettingsPage() {
  const q = useQuery({ queryKey: ['settings'], queryFn: () => api<{ settings: AccountSettings }>('GET', '/account/settings') });
  return (
    <>
      <PageHeader title="Settings">
        <Link to="/satisfaction">Satisfaction surveys and ratings</Link>
      </PageHeader>
      {q.isPending && <Loading what="Loading settings" />}
      {q.error && <ErrorBox error={q.error} />}
      {q.data && <SettingsForm settings={q.data.settings} />}
      <AgentsSection />
      <MacrosSection />
    </>
  );
}
