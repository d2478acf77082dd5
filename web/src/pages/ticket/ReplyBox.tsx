import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useShortcut } from '../../lib/shortcuts.tsx';
import type { Ticket, TicketStatus } from '../../../../src/shared/tickets.ts';
import { MacroPicker, type MacroOutcome } from './MacroPicker.tsx';
import { MenuButton } from './MenuButton.tsx';
import { changesText, defaultSubmitStatus, withField, type FieldName, type PendingFields } from './pending.ts';
import type { DraftHandle } from './useDraft.ts';
import type { SubmitHandle } from './useSubmit.ts';

const SUBMIT_AS: { value: TicketStatus; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'pending', label: 'Pending' },
  { value: 'hold', label: 'On-hold' },
  { value: 'solved', label: 'Solved' },
];
const labelOf = (s: TicketStatus) => SUBMIT_AS.find((x) => x.value === s)?.label ?? s;

interface Props {
  ticket: Ticket;
  draft: DraftHandle;
  save: SubmitHandle;
  /** Field changes that would go with the reply. */
  pendingCount: number;
  /** Whether something is being written (colleagues see "replying"). */
  onWriting?: (writing: boolean) => void;
}

function draftLine(d: DraftHandle): string | null {
  if (d.state === 'saving') return 'Saving draft…';
  if (d.state === 'local') return 'Draft saved on this device: the server cannot be reached right now; it is sent as soon as it can be.';
  if (d.state === 'error') return `Draft not saved: ${d.problem ?? 'refused'}`;
  if (d.state === 'unread') return 'The server cannot be reached, so a draft saved there earlier is not shown; what you write now is kept on this device until it can be sent.';
  if (d.replacedByRedaction) return 'Text was redacted on this ticket, so the draft was read again from the server, where the redaction reached it too: words typed since its last save may need typing again.';
  if (d.restored === 'server') return 'Draft restored.';
  if (d.state === 'saved') return 'Draft saved.';
  return null;
}

/** Public reply or internal note, with files and macros, sent with the status it is submitted as. */
export function ReplyBox({ ticket, draft, save, pendingCount, onWriting }: Props) {
  const id = useId();
  const v = draft.value;
  const mode = v.public ? 'public' : 'private';
  const [files, setFiles] = useState<File[]>([]);
  const [fileKey, setFileKey] = useState(0);
  const [macro, setMacro] = useState<string | null>(null);
  const [macroError, setMacroError] = useState<string | null>(null);
  const writing = v.body.trim() !== '' || files.length > 0;
  useEffect(() => onWriting?.(writing), [writing, onWriting]);
  // "Submit as" follows the ticket (a colleague may change it) until this agent or a macro picks one.
  const status: TicketStatus = v.status ?? defaultSubmitStatus(ticket);

  // The files picked now, for when a submit's answer comes: files picked while it was on its
  // way (the live feed can show the reply first) are not the ones it sent, and stay.
  const picked = useRef(files);
  picked.current = files;
  const submit = async (as: TicketStatus) => {
    const sent = files;
    if (await save.submit(as, sent)) {
      if (picked.current === sent) {
        setFiles([]);
        setFileKey((k) => k + 1);
      }
      setMacro(null);
    }
  };
  const onForm = (e: FormEvent) => {
    e.preventDefault();
    void submit(status);
  };
  const applyMacro = (o: MacroOutcome) => {
    setMacroError(null);
    let fields: PendingFields = v.fields;
    for (const [name, value] of Object.entries(o.fields) as [FieldName, PendingFields[FieldName]][]) fields = withField(ticket, fields, name, value);
    const body = o.body === undefined ? v.body : v.body.trim() ? `${v.body.trimEnd()}\n\n${o.body}` : o.body;
    draft.update({ body, public: o.public ?? v.public, status: o.status ?? v.status, fields });
    setMacro(o.title);
    save.dismiss();
  };
  const line = draftLine(draft);

  // Ticket shortcuts (docs/web.md "Keyboard"); mod+Enter and Escape also work while typing.
  const box = useRef<HTMLTextAreaElement>(null);
  const write = (asPublic: boolean) => {
    if (!draft.ready) return false;
    draft.update({ public: asPublic });
    box.current?.focus();
  };
  useShortcut('r', 'Write a public reply', () => write(true), { group: 'Ticket' });
  useShortcut('n', 'Write an internal note', () => write(false), { group: 'Ticket' });
  useShortcut('mod+Enter', 'Submit with the status shown on the button', () => (save.busy || !draft.ready ? false : void submit(status)), { group: 'Ticket' });
  // Leaves the box so letters are shortcuts again; the browser's Tab goes on from where it was.
  useShortcut('Escape', 'Leave the reply box', () => (document.activeElement === box.current ? box.current?.blur() : false), { group: 'Ticket' });

  return (
    <form className={`reply reply--${mode}`} onSubmit={onForm} aria-label="Reply">
      <fieldset className="segmented">
        <legend className="visually-hidden">Kind of comment</legend>
        <label className={mode === 'public' ? 'is-on' : ''}>
          <input type="radio" name={`${id}-mode`} checked={mode === 'public'} onChange={() => draft.update({ public: true })} /> Public reply
        </label>
        <label className={mode === 'private' ? 'is-on' : ''}>
          <input type="radio" name={`${id}-mode`} checked={mode === 'private'} onChange={() => draft.update({ public: false })} /> Internal note
        </label>
      </fieldset>
      <label className="visually-hidden" htmlFor={`${id}-body`}>
        {mode === 'public' ? 'Reply to the requester' : 'Note for your team (the requester does not see it)'}
      </label>
      <textarea
        ref={box}
        id={`${id}-body`}
        rows={5}
        value={v.body}
        disabled={!draft.ready}
        onChange={(e) => {
          draft.update({ body: e.target.value });
          if (save.outcome && !save.outcome.pending) save.dismiss();
        }}
        placeholder={!draft.ready ? 'Loading your draft…' : mode === 'public' ? 'Reply to the requester…' : 'Note for your team; the requester does not see it…'}
      />
      <p className="reply__macro" role="status">
        {macro && `Macro “${macro}” applied${pendingCount ? `: ${changesText(pendingCount)} and the reply wait for you to submit` : ''}.`}
      </p>
      <div className="reply__bar">
        <label className="btn btn--small filepick">
          Attach files
          <input key={fileKey} type="file" multiple onChange={(e) => setFiles([...(e.target.files ?? [])])} />
        </label>
        {files.length > 0 && <span className="muted clip">{files.map((f) => f.name).join(', ')}</span>}
        <MacroPicker ticketId={ticket.id} onApply={applyMacro} onError={setMacroError} />
        <span className="spacer" />
        <span className="split">
          <button type="submit" className="btn btn--primary split__main" disabled={save.busy || !draft.ready}>
            {save.busy ? 'Saving…' : `Submit as ${labelOf(status)}`}
          </button>
          <MenuButton
            label="Other statuses"
            className="btn btn--primary split__more"
            disabled={save.busy || !draft.ready}
            up
            items={SUBMIT_AS.map((s) => ({
              key: s.value,
              label: `Submit as ${s.label}`,
              onPick: () => {
                draft.update({ status: s.value });
                void submit(s.value);
              },
            }))}
          >
            <span aria-hidden="true">▾</span>
          </MenuButton>
        </span>
      </div>
      <p className="reply__draft muted" role="status">
        {line}
      </p>
      {pendingCount > 0 && <p className="reply__hint muted">Submitting also saves {changesText(pendingCount)} from the sidebar.</p>}
      <p className={`reply__outcome reply__outcome--${save.outcome?.tone ?? 'ok'}`} role="status">
        {save.outcome?.text}
      </p>
      {(macroError || save.error?.from === 'reply') && (
        <p className="errorbox" role="alert">
          {macroError ?? save.error?.text}
        </p>
      )}
    </form>
  );
}
