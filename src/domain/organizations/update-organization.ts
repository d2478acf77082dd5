import type { Updateable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { OrganizationsTable } from '../../db/schema.ts';
import { findOrganizationByName, getOrganization, updateOrganizationRow } from '../../db/queries/organizations.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { invalidField, notFound } from '../../errors.ts';
import type { OrganizationUpdate } from '../../shared/organizations.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { recordEvent } from '../events.ts';
import { NAME_TAKEN } from './create-organization.ts';

export interface UpdateOrganizationInput {
  organizationId: number;
  changes: OrganizationUpdate;
}

/** Changes an organization's fields. Agents and admins may. */
export async function updateOrganization(ctx: Ctx, { organizationId: id, changes: input }: UpdateOrganizationInput): Promise<void> {
  authorize(canWorkTickets(ctx.actor!));
  const now = ctx.now().toISOString();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      if (!(await getOrganization(trx, id))) throw notFound();
      const patch: Updateable<OrganizationsTable> = {};
      if (input.name !== undefined) {
        if (await findOrganizationByName(trx, input.name, id)) throw invalidField('name', NAME_TAKEN);
        patch.name = input.name;
      }
      if (input.details !== undefined) patch.details = input.details ?? null;
      if (input.notes !== undefined) patch.notes = input.notes ?? null;
      if (input.external_id !== undefined) patch.external_id = input.external_id ?? null;
      if (input.domain_names !== undefined) patch.domain_names = JSON.stringify([...new Set(input.domain_names)]);
      const fields = Object.keys(patch);
      if (fields.length === 0) return;
      await updateOrganizationRow(trx, id, { ...patch, updated_at: now });
      await recordEvent(ctx, trx, { action: 'organization.updated', subjectType: 'organization', subjectId: id, details: { fields } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw invalidField('name', NAME_TAKEN);
    throw err;
  }
}
