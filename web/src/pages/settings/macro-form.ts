import type { Macro } from '../../../../src/shared/workspace-shapes.ts';

// A macro's actions (docs/views.md "Macros") as the form edits them, and back. Actions the
// form has no field for (comment_value_html, written through the API) are kept as they are.

/** "" in a select means: the macro leaves this field alone. */
export interface MacroForm {
  title: string;
  description: string;
  active: boolean;
  personal: boolean;
  comment: string;
  commentPublic: boolean;
  status: string;
  /** "" no change, "none" clears it, else the value. */
  priority: string;
  type: string;
  /** "" no change, "none" unassigned, "current_user", or an agent's id. */
  assignee: string;
  /** "" no change, "none" no group, or a group's id. */
  group: string;
  addTags: string;
  removeTags: string;
  setTags: string;
  /** Actions kept from the macro that the form does not show. */
  other: { field: string; value: unknown }[];
}

const FORM_FIELDS = new Set(['comment_value', 'comment_mode_is_public', 'status', 'priority', 'type', 'assignee_id', 'group_id', 'current_tags', 'remove_tags', 'set_tags']);

export const emptyForm = (): MacroForm => ({
  title: '',
  description: '',
  active: true,
  personal: false,
  comment: '',
  commentPublic: true,
  status: '',
  priority: '',
  type: '',
  assignee: '',
  group: '',
  addTags: '',
  removeTags: '',
  setTags: '',
  other: [],
});

const tagText = (v: unknown) => (Array.isArray(v) ? v.join(' ') : String(v ?? ''));
const orNone = (v: unknown) => (v === null || v === '' ? 'none' : String(v));

/** The form for an existing macro. */
export function formOf(m: Macro): MacroForm {
  const f = { ...emptyForm(), title: m.title, description: m.description ?? '', active: m.active, personal: m.restriction !== null };
  for (const a of m.actions) {
    switch (a.field) {
      case 'comment_value':
        // Zendesk's ["channel:all", "text"] form: the text is the second item.
        f.comment = Array.isArray(a.value) ? String(a.value[1] ?? '') : String(a.value ?? '');
        break;
      case 'comment_mode_is_public':
        f.commentPublic = a.value === true || a.value === 'true';
        break;
      case 'status':
        f.status = String(a.value);
        break;
      case 'priority':
        f.priority = orNone(a.value);
        break;
      case 'type':
        f.type = orNone(a.value);
        break;
      case 'assignee_id':
        f.assignee = orNone(a.value);
        break;
      case 'group_id':
        f.group = orNone(a.value);
        break;
      case 'current_tags':
        f.addTags = tagText(a.value);
        break;
      case 'remove_tags':
        f.removeTags = tagText(a.value);
        break;
      case 'set_tags':
        f.setTags = tagText(a.value);
        break;
      default:
        f.other.push(a);
    }
  }
  return f;
}

const pick = (v: string) => (v === 'none' ? null : v);
const asId = (v: string) => (v === 'none' ? null : /^\d+$/.test(v) ? Number(v) : v);

/** The actions the form says, in the order Zendesk lists them. */
export function actionsOf(f: MacroForm): { field: string; value: unknown }[] {
  const out: { field: string; value: unknown }[] = [];
  if (f.status) out.push({ field: 'status', value: f.status });
  if (f.priority) out.push({ field: 'priority', value: pick(f.priority) });
  if (f.type) out.push({ field: 'type', value: pick(f.type) });
  if (f.assignee) out.push({ field: 'assignee_id', value: asId(f.assignee) });
  if (f.group) out.push({ field: 'group_id', value: asId(f.group) });
  if (f.setTags.trim()) out.push({ field: 'set_tags', value: f.setTags.trim() });
  if (f.addTags.trim()) out.push({ field: 'current_tags', value: f.addTags.trim() });
  if (f.removeTags.trim()) out.push({ field: 'remove_tags', value: f.removeTags.trim() });
  if (f.comment.trim()) {
    out.push({ field: 'comment_value', value: f.comment });
    out.push({ field: 'comment_mode_is_public', value: f.commentPublic });
  }
  return [...out, ...f.other.filter((a) => !FORM_FIELDS.has(a.field))];
}

const STATUS_WORDS: Record<string, string> = { hold: 'on-hold' };

/** One line saying what a macro does, for the list. */
export function summary(m: Macro, names: { agent(id: number): string; group(id: number): string }): string {
  const parts: string[] = [];
  // The reply first: it is what an agent picks a macro for.
  if (m.actions.some((x) => x.field === 'comment_value' || x.field === 'comment_value_html')) {
    parts.push(m.actions.some((x) => x.field === 'comment_mode_is_public' && (x.value === false || x.value === 'false')) ? 'internal note' : 'public reply');
  }
  for (const a of m.actions) {
    const v = a.value;
    switch (a.field) {
      case 'status':
        parts.push(`status ${STATUS_WORDS[String(v)] ?? String(v)}`);
        break;
      case 'priority':
      case 'type':
        parts.push(`${a.field} ${v === null || v === '' ? 'none' : String(v)}`);
        break;
      case 'assignee_id':
        parts.push(`assign to ${v === 'current_user' ? 'the agent applying it' : v === null || v === '' ? 'nobody' : names.agent(Number(v))}`);
        break;
      case 'group_id':
        parts.push(`group ${v === null || v === '' ? 'none' : names.group(Number(v))}`);
        break;
      case 'set_tags':
        parts.push(`tags = ${tagText(v)}`);
        break;
      case 'current_tags':
        parts.push(`tags + ${tagText(v)}`);
        break;
      case 'remove_tags':
        parts.push(`tags − ${tagText(v)}`);
        break;
    }
  }
  return parts.join(' · ');
}
