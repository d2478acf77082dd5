import type { Ctx } from '../../context.ts';
import { findOrganizationByName, insertOrganization } from '../../db/queries/organizations.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { invalidField } from '../../errors.ts';
import type { OrganizationCreate } from '../../shared/organizations.ts';
import { authorize, canWorkTickets } from '../policy.ts';
import { recordEvent } from '../events.ts';

export const NAME_TAKEN = 'Name: has already been taken';

/** Creates an organization; names are unique (case-insensitively). Agents and admins may. */
export async function createOrganization(ctx: Ctx, input: OrganizationCreate): Promise<number> {
  authorize(canWorkTickets(ctx.actor!));
  const now = ctx.now().toISOString();
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      if (await findOrganizationByName(trx, input.name)) throw invalidField('name', NAME_TAKEN);
      const id = await insertOrganization(trx, {
        name: input.name,
        details: input.details ?? null,
        notes: input.notes ?? null,
        external_id: input.external_id ?? null,
        domain_names: JSON.stringify([...new Set(input.domain_names ?? [])]),
        created_at: now,
        updated_at: now,
      });
      await recordEvent(ctx, trx, { action: 'organization.created', subjectType: 'organization', subjectId: id });
      return id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw invalidField('name', NAME_TAKEN);
    throw err;
  }
}
