import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { Field, FieldError, formErrors, invalidProps, NO_ERRORS, uploadFiles, type FormErrors } from '../../lib/forms.tsx';
import { useShortcut } from '../../lib/shortcuts.tsx';
import type { Ticket } from '../../../../src/shared/tickets.ts';
import type { User } from '../../../../src/shared/users.ts';
import { PageHeader } from '../../components/Misc.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { RequesterPicker, type Requester } from './RequesterPicker.tsx';
import { EMPTY_FIELDS, FIELD_KEYS, fieldsBody, TicketFields, type Fields } from './TicketFields.tsx';
import './new-ticket.css';

// A ticket opened by an agent on behalf of a contact (a phone call, a letter): the contact
// is the requester; the first comment is the agent's unless "the requester wrote this" is
// ticked, which sends it as theirs (Zendesk's comment.author_id). A new contact is created
// first (so their name and email are checked on their own fields), then the ticket.

const KNOWN = ['requester', 'requester_name', 'requester_email', 'subject', 'body', 'uploads', 'author', ...FIELD_KEYS];

export function NewTicketPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [requester, setRequester] = useState<Requester>({ kind: 'none' });
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [isPublic, setPublic] = useState(true);
  const [theyWrote, setTheyWrote] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [fields, setFields] = useState<Fields>(EMPTY_FIELDS);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  // From a contact's page: /tickets/new?requester_id=ID starts with them as the requester.
  const preset = Number(params.get('requester_id')) || null;
  const presetQ = useQuery({ queryKey: ['contacts', 'one', preset, 'user'], queryFn: () => api<{ user: User }>('GET', `/users/${preset}`), enabled: !!preset });
  useEffect(() => {
    if (presetQ.data) setRequester({ kind: 'existing', user: presetQ.data.user });
  }, [presetQ.data]);

  useShortcut('mod+Enter', 'Create the ticket', () => form.current?.requestSubmit(), { group: 'New ticket' });

  // Another requester: what was said about the last one no longer applies.
  const pickRequester = (r: Requester) => {
    setRequester(r);
    if (r.kind !== requester.kind || r.kind === 'existing') {
      const { requester: _r, requester_name: _n, requester_email: _e, ...fields } = errors.fields;
      setErrors({ ...errors, fields });
    }
  };

  const requesterName = requester.kind === 'existing' ? requester.user.name : requester.kind === 'new' ? requester.name || 'the new contact' : 'the requester';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (requester.kind === 'none') {
      setErrors({ fields: { requester: 'Choose who this ticket is for, or add a new contact.' }, rest: null });
      document.getElementById('requester-search')?.focus();
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      let who = requester.kind === 'existing' ? requester.user : null;
      if (requester.kind === 'new') {
        try {
          who = (await api<{ user: User }>('POST', '/users', { user: { name: requester.name, email: requester.email } })).user;
        } catch (err) {
          setErrors(formErrors(err, KNOWN, { name: 'requester_name', email: 'requester_email', base: 'requester' }));
          return;
        }
        // Created: a second try must not create them again.
        setRequester({ kind: 'existing', user: who });
      }
      const token = files.length ? await uploadFiles(files) : null;
      const comment = {
        ...(body.trim() ? { body } : {}),
        public: theyWrote || isPublic,
        ...(theyWrote ? { author_id: who!.id } : {}),
        ...(token ? { uploads: [token] } : {}),
      };
      const r = await api<{ ticket: Ticket }>('POST', '/tickets', { ticket: { requester_id: who!.id, subject, comment, ...fieldsBody(fields) } });
      await queryClient.invalidateQueries({ queryKey: ['tickets'] });
      await queryClient.invalidateQueries({ queryKey: ['home'] });
      toast(`Ticket #${r.ticket.id} created for ${who!.name}.`);
      await navigate(`/tickets/${r.ticket.id}`);
    } catch (err) {
      setErrors(
        formErrors(err, KNOWN, {
          description: 'body',
          'comment.body': 'body',
          'comment.author_id': 'author',
          'comment.uploads': 'uploads',
          requester_id: 'requester',
        }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title="New ticket" />
      <form ref={form} className="newticket" onSubmit={submit} noValidate>
        <div className="newticket__main panel">
          <RequesterPicker value={requester} onChange={pickRequester} errors={errors} />
          <Field id="subject" label="Subject" errors={errors} field="subject">
            <input id="subject" value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={255} {...invalidProps(errors, 'subject', 'subject')} />
          </Field>
          <fieldset className="segmented" disabled={theyWrote}>
            <legend className="visually-hidden">Kind of first comment</legend>
            <label className={isPublic || theyWrote ? 'is-on' : ''}>
              <input type="radio" name="first-kind" checked={isPublic || theyWrote} onChange={() => setPublic(true)} /> Public reply
            </label>
            <label className={!isPublic && !theyWrote ? 'is-on' : ''}>
              <input type="radio" name="first-kind" checked={!isPublic && !theyWrote} onChange={() => setPublic(false)} /> Internal note
            </label>
          </fieldset>
          <Field
            id="body"
            label={theyWrote ? `What ${requesterName} wrote` : isPublic ? `Your message to ${requesterName}` : 'Note for your team (the requester does not see it)'}
            errors={errors}
            field="body"
          >
            <textarea id="body" rows={7} value={body} onChange={(e) => setBody(e.target.value)} {...invalidProps(errors, 'body', 'body')} />
          </Field>
          <label className="check">
            <input type="checkbox" checked={theyWrote} onChange={(e) => setTheyWrote(e.target.checked)} {...invalidProps(errors, 'author', 'author')} /> The requester wrote this (their words, sent
            as theirs; a public comment)
          </label>
          <FieldError errors={errors} field="author" id="author" />
          <div className="newticket__files">
            <label className="btn btn--small filepick">
              Attach files
              <input type="file" multiple onChange={(e) => setFiles([...(e.target.files ?? [])])} {...invalidProps(errors, 'uploads', 'uploads')} />
            </label>
            {files.length > 0 && (
              <ul className="plain-list newticket__filelist" aria-label="Files to attach">
                {files.map((f) => (
                  <li key={f.name}>
                    <span className="clip">{f.name}</span> <span className="muted">{f.size < 1024 ? `${f.size} bytes` : `${Math.round(f.size / 1024)} KB`}</span>
                  </li>
                ))}
              </ul>
            )}
            <FieldError errors={errors} field="uploads" id="uploads" />
          </div>
        </div>
        <div className="newticket__side panel">
          <TicketFields value={fields} onChange={setFields} errors={errors} />
        </div>
        <div className="newticket__actions">
          {errors.rest && (
            <p className="errorbox" role="alert">
              {errors.rest}
            </p>
          )}
          <button type="button" className="btn" onClick={() => void (window.history.length > 1 ? navigate(-1) : navigate('/'))}>
            Cancel
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create ticket'}
          </button>
        </div>
      </form>
    </>
  );
}
