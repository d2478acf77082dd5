import type { Ctx } from '../../context.ts';
import { getUser, identitiesOf } from '../../db/queries/users.ts';
import { insertRequest, insertTerms, openRequestOf, updateRequest } from '../../db/queries/erasure-requests.ts';
import { invalidField } from '../../errors.ts';
import type { ErasureRequestCreate } from '../../shared/erasure-requests.ts';
import { authorize, canManageUser, canWorkTickets } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { dueAtFor } from './due-dates.ts';
import { PLAN_JOB, queueRequestJob } from './state.ts';
import { classifyTerm, countryOf, profileTerms, uniqueTerms } from './terms.ts';

/**
 * Opens an erasure request for a person (docs/erasure-requests.md): received now, due one calendar month
 * later; search terms built from their profile (name, alias, every email, phone and handle,
 * custom field values) plus the agent's own. Planning — finding every match — runs in the
 * background (status `planning`, then `ready`). Returns the request's id.
 */
export async function openErasureRequest(ctx: Ctx, input: ErasureRequestCreate): Promise<number> {
  authorize(canWorkTickets(ctx.actor!));
  return ctx.db.transaction().execute(async (trx) => {
    const user = await getUser(trx, input.user_id);
    if (!user || user.erased_at || user.erasing_since) {
      throw invalidField('user_id', 'User: there is no user with this id that can still be erased.');
    }
    // The same rule as deleting them: agents act for end users, nobody for the owner or themselves.
    authorize(canManageUser(ctx.actor!, user, 'delete'));
    const open = await openRequestOf(trx, user.id);
    if (open) throw invalidField('user_id', `User: erasure request ${open.id} for this person is still open; continue that one.`);

    const identities = await identitiesOf(trx, [user.id]);
    const profile = profileTerms({ name: user.name, alias: user.alias, user_fields: user.user_fields, identities });
    const country = countryOf(identities.filter((i) => i.type === 'phone_number').map((i) => i.value));
    const added = uniqueTerms((input.extra_terms ?? []).map((t) => classifyTerm(t, country))).filter((t) => !profile.some((p) => p.key === t.key));

    const now = ctx.now().toISOString();
    const id = await insertRequest(trx, {
      user_id: user.id,
      status: 'planning',
      received_at: now,
      due_at: dueAtFor(now),
      extended_until: null,
      extension_reason: null,
      opened_by_id: ctx.actor!.id !== 0 ? ctx.actor!.id : null,
      executed_by_id: null,
      job_id: null,
      plan_phase: 'prune',
      plan_cursor: 0,
      plan_pass: 0,
      exec_phase: null,
      exec_cursor: 0,
      execution_started_at: null,
      counts: '{}',
      verification: null,
      completed_at: null,
      cancelled_at: null,
      erased_at: null,
      created_at: now,
      updated_at: now,
    });
    const term = (source: string) => (t: { kind: string; value: string; key: string }) => ({
      request_id: id,
      kind: t.kind,
      value: t.value,
      value_key: t.key,
      source,
      accepted: 1,
      plan_state: 'pending',
      created_at: now,
      updated_at: now,
    });
    const terms = await insertTerms(trx, [...profile.map(term('profile')), ...added.map(term('added'))]);
    const jobId = await queueRequestJob(ctx, trx, PLAN_JOB, id);
    await updateRequest(trx, id, { job_id: jobId });
    await recordEvent(ctx, trx, {
      action: 'erasure_request.opened',
      subjectType: 'erasure_request',
      subjectId: id,
      details: { user_id: user.id, terms: terms, terms_added: added.length },
    });
    return id;
  });
}
