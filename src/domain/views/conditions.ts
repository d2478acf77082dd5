import type { TicketCondition, TicketFilter } from '../../db/queries/tickets.ts';
import { TICKET_STATUSES } from '../../shared/tickets.ts';
import type { Condition, Conditions } from '../../shared/views.ts';

// A view's conditions as a ticket filter (pure). Views list active tickets only: Spam and
// Deleted tickets have views of their own. "current_user" and "current_groups" are the
// agent running the view; hours count back from now.

const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

/** The values of an ordered field that `operator value` selects (status less_than solved → new, open, pending, hold). */
function ordered<T extends string>(order: readonly T[], operator: string, value: T | null): (T | null)[] {
  if (value === null) return operator === 'is' || operator === 'is_not' ? [null] : [];
  const i = order.indexOf(value);
  if (operator === 'less_than') return order.slice(0, i);
  if (operator === 'greater_than') return order.slice(i + 1);
  return [value];
}

function one(c: Condition, actorId: number, now: Date): TicketCondition {
  const neg = c.operator === 'is_not';
  const op = neg ? 'not_in' : 'in';
  switch (c.field) {
    case 'status':
      // less_than/greater_than select a set; is_not is the set's complement.
      return { field: 'status', op, values: ordered(TICKET_STATUSES, c.operator, c.value) };
    case 'priority':
      return { field: 'priority', op, values: ordered(PRIORITIES, c.operator, c.value) };
    case 'type':
      return { field: 'type', op, values: [c.value] };
    case 'via':
      return { field: 'channel', op, values: [c.value] };
    case 'group_id':
      if (c.value === 'current_groups') return { field: 'group_id', op: neg ? 'not_in_groups_of' : 'in_groups_of', userId: actorId };
      return { field: 'group_id', op, values: [c.value as number | null] };
    case 'assignee_id':
    case 'requester_id':
      return { field: c.field, op, values: [c.value === 'current_user' ? actorId : (c.value as number | null)] };
    case 'organization_id':
      return { field: 'organization_id', op, values: [c.value as number | null] };
    case 'tags':
      return { field: 'tags', op: c.operator, tags: c.value };
    default: {
      const field = c.field === 'created_at' || c.field === 'hours_since_created' ? 'created_at' : 'updated_at';
      if (typeof c.value === 'number') {
        // Hours since: "less than 24" is within the last 24 hours, so after that instant.
        const at = new Date(now.getTime() - c.value * 3_600_000).toISOString();
        return { field, op: c.operator === 'less_than' ? 'after' : 'before', at };
      }
      // A date: "less than" is before it, "greater than" after it.
      return { field, op: c.operator === 'less_than' ? 'before' : 'after', at: c.value };
    }
  }
}

/** The filter a view's conditions make for this agent at this moment. */
export function viewFilter(conditions: Conditions, actorId: number, now: Date): TicketFilter {
  return {
    state: 'active',
    all: conditions.all.map((c) => one(c, actorId, now)),
    any: conditions.any.map((c) => one(c, actorId, now)),
  };
}
