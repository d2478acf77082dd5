import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError, errorText } from '../../lib/api.ts';
import type { Ticket, TicketAudit, TicketStatus } from '../../../../src/shared/tickets.ts';
import { followMail, type Outcome } from './mail-outcome.ts';
import { effectiveChanges } from './pending.ts';
import type { DraftHandle } from './useDraft.ts';

// Saving the ticket page: "Update" sends the pending field changes alone, "Submit as …" sends
// them with the reply and the status, in one PUT /tickets/{id} guarded by safe_update (a
// colleague's change since this page read the ticket is a 409, and nothing is lost).

/** Uploads each file and returns the tokens a comment's `uploads` takes. */
async function upload(files: File[]): Promise<string[]> {
  const tokens: string[] = [];
  for (const f of files) {
    const r = await api<{ upload: { token: string } }>('POST', `/uploads?filename=${encodeURIComponent(f.name)}`, undefined, { raw: f });
    tokens.push(r.upload.token);
  }
  return tokens;
}

export type SaveFrom = 'fields' | 'reply';

export interface SubmitHandle {
  busy: boolean;
  /** What went wrong, and which part of the page asked. */
  error: { from: SaveFrom; text: string } | null;
  /** What became of the last submit (for the reply box's status line). */
  outcome: Outcome | null;
  /** Sends the field changes alone. */
  update(): Promise<boolean>;
  /** Sends the reply (if any), the status and the field changes. */
  submit(status: TicketStatus, files: File[]): Promise<boolean>;
  dismiss(): void;
}

const STATUS_WORDS: Record<string, string> = { open: 'Open', pending: 'Pending', hold: 'On-hold', solved: 'Solved', new: 'New' };

export function useSubmit(ticket: Ticket, draft: DraftHandle, onStale: () => void): SubmitHandle {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SubmitHandle['error']>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const stopFollowing = useRef<() => void>(() => {});
  useEffect(() => () => stopFollowing.current(), []);

  const send = useCallback(
    async (from: SaveFrom, status: TicketStatus | null, files: File[]): Promise<boolean> => {
      setBusy(true);
      setError(null);
      stopFollowing.current();
      try {
        // The draft as it is now is on the server first, and no older save can land after the reply.
        await draft.flush();
        const v = draft.current();
        const change: Record<string, unknown> = { ...effectiveChanges(ticket, v.fields) };
        const fieldCount = Object.keys(change).length;
        const body = v.body.trim();
        const withComment = from === 'reply' && (body !== '' || files.length > 0);
        if (from === 'reply' && status && status !== ticket.status) change.status = status;
        if (!Object.keys(change).length && !withComment) {
          setError({ from, text: from === 'reply' ? 'Write something, attach a file, pick another status or change a field.' : 'Nothing to update.' });
          return false;
        }
        if (withComment) {
          const uploads = files.length ? await upload(files) : undefined;
          change.comment = { ...(body ? { body } : {}), public: v.public, ...(uploads ? { uploads } : {}) };
        }
        const r = await api<{ ticket: Ticket; audit: TicketAudit }>('PUT', `/tickets/${ticket.id}`, {
          ticket: { ...change, safe_update: true, updated_stamp: ticket.updated_at },
        });
        queryClient.setQueryData(['ticket', ticket.id], { ticket: r.ticket });
        if (from === 'reply') await draft.clear(v);
        else draft.update({ fields: {} });
        const comment = (r.audit.events as { type?: string; id?: number; public?: boolean }[]).find((e) => e.type === 'Comment');
        const statusWord = change.status ? ` Status: ${STATUS_WORDS[String(change.status)] ?? String(change.status)}.` : '';
        if (from === 'fields') setOutcome(null);
        else if (comment?.id && comment.public) {
          setOutcome({ text: 'Reply added; sending the mail…', pending: true, tone: 'ok' });
          stopFollowing.current = followMail(ticket.id, comment.id, setOutcome);
        } else if (comment) {
          setOutcome({ text: `Note added.${statusWord}`, pending: false, tone: 'ok' });
        } else {
          setOutcome({ text: `Ticket updated${fieldCount ? ` (${fieldCount === 1 ? '1 field' : `${fieldCount} fields`})` : ''}.${statusWord}`, pending: false, tone: 'ok' });
        }
        void queryClient.invalidateQueries({ queryKey: ['ticket', ticket.id] });
        void queryClient.invalidateQueries({ queryKey: ['tickets'] });
        return true;
      } catch (err) {
        if (err instanceof ApiError && err.kind === 'UpdateConflict') {
          setError({ from, text: 'Someone changed this ticket while you were working on it. Your reply and field changes are still here: check what changed, then submit again.' });
          onStale();
        } else setError({ from, text: errorText(err) });
        return false;
      } finally {
        setBusy(false);
      }
    },
    [ticket, draft, queryClient, onStale],
  );

  return {
    busy,
    error,
    outcome,
    update: () => send('fields', null, []),
    submit: (status, files) => send('reply', status, files),
    dismiss: () => {
      setError(null);
      setOutcome(null);
    },
  };
}
