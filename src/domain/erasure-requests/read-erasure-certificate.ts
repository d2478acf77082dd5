import type { Ctx } from '../../context.ts';
import { invalidField } from '../../errors.ts';
import { readErasureRequest, type ErasureRequestRow } from './read-erasure-request.ts';
import { summarizeRecipients } from '../recipients/summarize-recipients.ts';
import type { RecipientsSummary } from '../../shared/webhooks.ts';

/** Statuses that have a certificate: completed, and verification_failed (which says what was found, and is not completed). */
const CERTIFIED = ['completed', 'verification_failed'];

export function hasCertificate(r: Pick<ErasureRequestRow, 'status'>): boolean {
  return CERTIFIED.includes(r.status);
}

export interface ReadErasureCertificateInput {
  requestId: number;
}

/**
 * The request a certificate is made from (docs/erasure-requests.md: who, when and that the
 * procedure was followed); 404 for an unknown request, 422 naming `status` before it has one.
 */
export async function readErasureCertificate(ctx: Ctx, input: ReadErasureCertificateInput): Promise<ErasureRequestRow & { recipients: RecipientsSummary }> {
  const r = await readErasureRequest(ctx, { requestId: input.requestId });
  if (!hasCertificate(r)) throw invalidField('status', `This erasure request is ${r.status}: a certificate exists once it is completed (or its verification found something).`);
  // Who was told of it (docs/webhooks.md "Who was told"): read now, so acknowledgements that came later show.
  return { ...r, recipients: await summarizeRecipients(ctx.db, r.user_id) };
}
