import type { Actor } from '../../context.ts';
import { invalidField, notFound } from '../../errors.ts';
import type { Conditions } from '../../shared/views.ts';
import { ruleVisible } from '../policy.ts';

// What views and macros share: who owns one (restriction), and that someone else's
// personal one is not found rather than forbidden (its id is not confirmed to others).

/** The owner a create or update asks for: null (shared) or the actor; agents default to personal. */
export function ownerFromRestriction(actor: Actor, restriction: null | { type: 'User'; id: number } | undefined, current?: number | null): number | null {
  if (restriction === undefined) return current !== undefined ? current : actor.role === 'admin' ? null : actor.id;
  if (restriction === null) return null;
  if (restriction.id !== actor.id) throw invalidField('restriction', 'restriction: a personal view or macro belongs to the agent who makes it (id must be your own id).');
  return actor.id;
}

/** The row, if the actor may see it; 404 otherwise. */
export function visibleRule<T extends { owner_id: number | null }>(actor: Actor, row: T | undefined): T {
  if (!row || !ruleVisible(actor, row.owner_id)) throw notFound();
  return row;
}

/** Zendesk's create shape (`all`/`any` at the top) or its read shape (`conditions`), as one object. */
export function conditionsOf(input: { all?: Conditions['all']; any?: Conditions['any']; conditions?: { all?: Conditions['all']; any?: Conditions['any'] } }): Conditions | undefined {
  if (input.all === undefined && input.any === undefined && input.conditions === undefined) return undefined;
  return { all: input.all ?? input.conditions?.all ?? [], any: input.any ?? input.conditions?.any ?? [] };
}

/**
 * The changes of an update to a view or a macro, with the names of the fields it sets (the
 * audit event's `fields`). The fields both have (title, description, active, position, the
 * owner) are set here; each caller adds its own.
 */
export function rulePatch<T extends object>(
  now: string,
  input: { title?: string; description?: string | null; active?: boolean; position?: number },
  owner: { next: number | null; current: number | null },
) {
  const patch: Record<string, unknown> = { updated_at: now };
  const fields: string[] = [];
  const set = <K extends keyof T & string>(k: K, value: T[K] | undefined) => {
    if (value === undefined) return;
    patch[k] = value;
    fields.push(k);
  };
  const shared = set as (k: string, value: unknown) => void;
  shared('title', input.title);
  shared('description', input.description === undefined ? undefined : (input.description ?? null));
  shared('active', input.active === undefined ? undefined : input.active ? 1 : 0);
  shared('position', input.position);
  if (owner.next !== owner.current) shared('owner_id', owner.next);
  return { patch: patch as Partial<T>, fields, set };
}
