import { PrioritySchema, type TicketTypeSchema } from '../../../src/shared/tickets.ts';
import type { z } from 'zod';

// A ticket's fixed choices, from the server's own schema (src/shared) and worded once, for
// every form that offers them (the ticket's fields, new ticket, filters, bulk edit, macros).

export const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Priorities from low to urgent, the server's order. */
export const PRIORITIES = PrioritySchema.options;

/** Types with the most common first. */
export const TICKET_TYPES = ['question', 'incident', 'problem', 'task'] as const satisfies readonly z.infer<typeof TicketTypeSchema>[];

/** The <option>s of a priority select, after whatever "none" or "no change" options it has. */
export function PriorityOptions() {
  return (
    <>
      {PRIORITIES.map((p) => (
        <option key={p} value={p}>
          {capitalize(p)}
        </option>
      ))}
    </>
  );
}

/** The <option>s of a type select. */
export function TypeOptions() {
  return (
    <>
      {TICKET_TYPES.map((t) => (
        <option key={t} value={t}>
          {capitalize(t)}
        </option>
      ))}
    </>
  );
}
