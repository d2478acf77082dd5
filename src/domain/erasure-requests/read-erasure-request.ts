import type { Ctx } from '../../context.ts';
import { getRequest, type ErasureRequestRow } from '../../db/queries/erasure-requests.ts';
import { notFound } from '../../errors.ts';

export type { ErasureRequestRow };

export interface ReadErasureRequestInput {
  requestId: number;
}

/** An erasure request (the route is staff-only, like every change to one); 404 for an unknown id. */
export async function readErasureRequest(ctx: Ctx, input: ReadErasureRequestInput): Promise<ErasureRequestRow> {
  const r = await getRequest(ctx.db, input.requestId);
  if (!r) throw notFound();
  return r;
}
