import type { Ctx } from '../../context.ts';
import { getTicket, tagsOfTickets } from '../../db/queries/tickets.ts';
import { getUsers, identitiesOf } from '../../db/queries/users.ts';
import { getMacro } from '../../db/queries/workspace.ts';
import { notFound } from '../../errors.ts';
import { MacroActionSchema, type MacroAction } from '../../shared/macros.ts';
import { authorize, canWorkTickets, ticketShown } from '../policy.ts';
import { normalizeTags } from '../tickets/ticket-rules.ts';
import { visibleRule } from '../views/rules.ts';

// Applying a macro (GET /tickets/{id}/macros/{mid}/apply): what the ticket and the reply
// would become, as Zendesk answers it, with nothing saved. The agent reviews it and sends it
// with PUT /tickets/{id}.

export interface MacroResult {
  ticket: Record<string, unknown>;
  comment?: { body: string; html_body?: string; public: boolean };
}

/** What placeholders such as {{ticket.requester.first_name}} stand for. */
export type Placeholders = Record<string, string>;

const PLACEHOLDER = /\{\{\s*([a-z_.]+)\s*\}\}/g;

/** Fills `{{name}}` placeholders; an unknown one renders empty, as in Zendesk. */
export function renderPlaceholders(text: string, values: Placeholders, escape: (s: string) => string = (s) => s): string {
  return text.replace(PLACEHOLDER, (_m, name: string) => escape(values[name] ?? ''));
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function nameParts(prefix: string, name: string | undefined): Placeholders {
  if (name === undefined) return {};
  const words = name.trim().split(/\s+/);
  return { [`${prefix}.name`]: name, [`${prefix}.first_name`]: words[0] ?? '', [`${prefix}.last_name`]: words.length > 1 ? words[words.length - 1]! : '' };
}

/** The macro's changes to the ticket and its reply, for the actor, without saving anything. */
export async function applyMacro(ctx: Ctx, { ticketId, macroId }: { ticketId: number; macroId: number }): Promise<MacroResult> {
  const actor = ctx.actor!;
  authorize(canWorkTickets(actor));
  const t = await getTicket(ctx.db, ticketId);
  if (!t || !ticketShown(t.state)) throw notFound();
  const m = visibleRule(actor, await getMacro(ctx.db, macroId));
  const actions: MacroAction[] = (JSON.parse(m.actions) as unknown[]).map((a) => MacroActionSchema.parse(a));

  const ticket: Record<string, unknown> = { id: t.id };
  let tags: string[] | null = null;
  const currentTags = async () => tags ?? (tags = (await tagsOfTickets(ctx.db, [t.id])).map((r) => r.tag));
  let body: string | undefined;
  let html: string | undefined;
  let isPublic = true;
  for (const a of actions) {
    switch (a.field) {
      case 'status':
      case 'priority':
      case 'type':
      case 'group_id':
        ticket[a.field] = a.value;
        break;
      case 'assignee_id':
        ticket.assignee_id = a.value === 'current_user' ? actor.id : a.value;
        break;
      case 'set_tags':
        tags = normalizeTags(a.value);
        break;
      case 'current_tags':
        tags = normalizeTags([...(await currentTags()), ...a.value]);
        break;
      case 'remove_tags': {
        const drop = new Set(normalizeTags(a.value));
        tags = (await currentTags()).filter((x) => !drop.has(x));
        break;
      }
      case 'comment_value':
        body = a.value;
        break;
      case 'comment_value_html':
        html = a.value;
        break;
      case 'comment_mode_is_public':
        isPublic = a.value;
        break;
    }
  }
  if (tags !== null) ticket.tags = tags;
  if (body === undefined && html === undefined) return { ticket };

  const people = await getUsers(ctx.db, [t.requester_id, actor.id, ...(t.assignee_id ? [t.assignee_id] : [])]);
  const byId = new Map(people.map((u) => [u.id, u]));
  const email = (await identitiesOf(ctx.db, [t.requester_id])).find((i) => i.type === 'email' && i.is_primary && !i.released)?.value;
  const values: Placeholders = {
    'ticket.id': String(t.id),
    'ticket.subject': t.subject ?? '',
    'ticket.status': String(ticket.status ?? t.status),
    ...nameParts('ticket.requester', byId.get(t.requester_id)?.name),
    'ticket.requester.email': email ?? '',
    ...nameParts('ticket.assignee', t.assignee_id ? byId.get(t.assignee_id)?.name : undefined),
    ...nameParts('current_user', byId.get(actor.id)?.name),
  };
  const comment: MacroResult['comment'] = { body: renderPlaceholders(body ?? '', values), public: isPublic };
  if (html !== undefined) comment.html_body = renderPlaceholders(html, values, escapeHtml);
  return { ticket, comment };
}
