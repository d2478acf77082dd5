import type { Actor } from '../../context.ts';
import { canWriteArticles } from '../../shared/policy.ts';

/** Whether the caller is staff (agents and admins), who see drafts and unpublished files. */
export function isStaffActor(actor: Actor | null): boolean {
  return actor !== null && canWriteArticles(actor).ok;
}
