import { useQuery } from '@tanstack/react-query';
import { api, errorText } from '../../lib/api.ts';
import type { Macro, MacroApply } from '../../../../src/shared/workspace-shapes.ts';
import type { TicketStatus } from '../../../../src/shared/tickets.ts';
import { MenuButton } from './MenuButton.tsx';
import type { PendingFields } from './pending.ts';

// Macros in the reply box: GET /macros/active lists them, applying one asks the server what
// it would do (GET /tickets/{id}/macros/{mid}/apply, nothing saved) and the page takes the
// answer as a draft: the reply's text and mode, and field changes sent only on submit.

export interface MacroOutcome {
  title: string;
  /** The reply's text, if the macro writes one. */
  body?: string;
  public?: boolean;
  status?: TicketStatus;
  fields: PendingFields;
}

/** HTML a macro wrote, as the text a reader sees (the reply box is plain text). Parsing runs no script. */
function textOf(html: string): string {
  const doc = new DOMParser().parseFromString(html.replace(/<br\s*\/?>/gi, '\n').replace(/<\/p>/gi, '</p>\n'), 'text/html');
  return (doc.body.textContent ?? '').replace(/\n{3,}/g, '\n\n').trim();
}

/** The apply answer as what the page keeps. */
export function outcomeOf(title: string, r: MacroApply): MacroOutcome {
  const t = r.result.ticket;
  const fields: PendingFields = {};
  if ('assignee_id' in t) fields.assignee_id = t.assignee_id as number | null;
  if ('group_id' in t) fields.group_id = t.group_id as number | null;
  if ('priority' in t) fields.priority = t.priority as string | null;
  if ('type' in t) fields.type = t.type as string | null;
  if ('tags' in t) fields.tags = t.tags as string[];
  const out: MacroOutcome = { title, fields };
  if (typeof t.status === 'string') out.status = t.status as TicketStatus;
  const c = r.result.comment;
  if (c) {
    out.body = c.body.trim() !== '' ? c.body : c.html_body ? textOf(c.html_body) : '';
    out.public = c.public;
  }
  return out;
}

interface Props {
  ticketId: number;
  onApply(o: MacroOutcome): void;
  onError(text: string): void;
}

export function MacroPicker({ ticketId, onApply, onError }: Props) {
  const macrosQ = useQuery({
    queryKey: ['macros', 'active'],
    queryFn: () => api<{ macros: Macro[] }>('GET', '/macros/active'),
    staleTime: 60_000,
  });
  const macros = macrosQ.data?.macros ?? [];
  if (macrosQ.isError) return <span className="muted">Macros could not be loaded.</span>;
  if (!macros.length) return null;
  const apply = async (m: Macro) => {
    try {
      onApply(outcomeOf(m.title, await api<MacroApply>('GET', `/tickets/${ticketId}/macros/${m.id}/apply`)));
    } catch (err) {
      onError(errorText(err));
    }
  };
  return (
    <MenuButton
      label="Apply macro"
      className="btn btn--small"
      up
      items={macros.map((m) => ({ key: String(m.id), label: m.title, onPick: () => void apply(m) }))}
    >
      Apply macro <span aria-hidden="true">▾</span>
    </MenuButton>
  );
}
