import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { Field, invalidProps, type FormErrors } from '../../lib/forms.tsx';
import { useMe } from '../../lib/session.tsx';
import type { Group } from '../../../../src/shared/groups.ts';
import { capitalize, PRIORITIES, TICKET_TYPES } from '../../components/TicketOptions.tsx';
import type { User } from '../../../../src/shared/users.ts';

// The ticket's own fields on the new-ticket form: status, priority, type, group, assignee, tags.

export interface Fields {
  status: string;
  priority: string;
  type: string;
  group_id: string;
  assignee_id: string;
  tags: string;
}

export const EMPTY_FIELDS: Fields = { status: 'new', priority: '', type: '', group_id: '', assignee_id: '', tags: '' };

const STATUSES = [
  ['new', 'New'],
  ['open', 'Open'],
  ['pending', 'Pending'],
  ['hold', 'On-hold'],
  ['solved', 'Solved'],
];

/** The fields as POST /tickets takes them (empty ones left out, tags split on spaces and commas). */
export function fieldsBody(f: Fields): Record<string, unknown> {
  const tags = f.tags.split(/[\s,]+/).filter(Boolean);
  return {
    status: f.status,
    ...(f.priority ? { priority: f.priority } : {}),
    ...(f.type ? { type: f.type } : {}),
    ...(f.group_id ? { group_id: Number(f.group_id) } : {}),
    ...(f.assignee_id ? { assignee_id: Number(f.assignee_id) } : {}),
    ...(tags.length ? { tags } : {}),
  };
}

export const FIELD_KEYS = ['status', 'priority', 'type', 'group_id', 'assignee_id', 'tags'];

export function TicketFields({ value, onChange, errors }: { value: Fields; onChange: (f: Fields) => void; errors: FormErrors }) {
  const me = useMe();
  const staff = useQuery({
    queryKey: ['staff', 'assignable'],
    queryFn: () => api<{ users: User[] }>('GET', '/users?role=agent,admin&per_page=100'),
    staleTime: 60_000,
  });
  const groups = useQuery({ queryKey: ['groups', 'all'], queryFn: () => api<{ groups: Group[] }>('GET', '/groups?per_page=100'), staleTime: 60_000 });
  const set = (k: keyof Fields) => (e: { target: { value: string } }) => onChange({ ...value, [k]: e.target.value });
  const select = (k: keyof Fields, label: string, options: [string, string][]) => (
    <Field id={`ticket-${k}`} label={label} errors={errors} field={k}>
      <select id={`ticket-${k}`} value={value[k]} onChange={set(k)} {...invalidProps(errors, k, `ticket-${k}`)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
  const people = (staff.data?.users ?? []).filter((u) => u.active && !u.suspended);
  return (
    <div className="ticket-fields">
      {select('status', 'Status', STATUSES as [string, string][])}
      {select('priority', 'Priority', [['', '—'], ...PRIORITIES.map((p): [string, string] => [p, capitalize(p)])])}
      {select('type', 'Type', [['', '—'], ...TICKET_TYPES.map((t): [string, string] => [t, capitalize(t)])])}
      {select('group_id', 'Group', [['', '—'], ...(groups.data?.groups ?? []).filter((g) => !g.deleted).map((g): [string, string] => [String(g.id), g.name])])}
      {select('assignee_id', 'Assignee', [['', 'Unassigned'], ...people.map((u): [string, string] => [String(u.id), u.id === me.user.id ? `${u.name} (you)` : u.name])])}
      {value.assignee_id !== String(me.user.id) && (
        <button type="button" className="link assign-me" onClick={() => onChange({ ...value, assignee_id: String(me.user.id) })}>
          Assign to me
        </button>
      )}
      <Field id="ticket-tags" label="Tags" errors={errors} field="tags">
        <input id="ticket-tags" value={value.tags} onChange={set('tags')} placeholder="billing vip" {...invalidProps(errors, 'tags', 'ticket-tags')} />
      </Field>
    </div>
  );
}
