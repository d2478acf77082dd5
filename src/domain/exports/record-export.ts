import type { Actor, Ctx } from '../../context.ts';
import type { RecipientRef } from '../recipients/record-recipients.ts';
import { recordRecipients } from '../recipients/record-recipients.ts';

/**
 * Who reads an export, as the erasure ledger names it: the API token (`token:<id>`) when the
 * request was signed with one — the integration behind it keeps the copy — else the person
 * (`user:<id>`: a browser session, or a password).
 */
export function exportRecipient(actor: Actor): RecipientRef {
  if (actor.apiTokenId !== undefined) {
    // Not tied to the token's owner: the integration keeps its copy if she leaves or is erased.
    return { kind: 'incremental_export', recipientKey: `token:${actor.apiTokenId}`, apiTokenId: actor.apiTokenId };
  }
  return { kind: 'incremental_export', recipientKey: `user:${actor.id}`, recipientUserId: actor.id };
}

/**
 * Notes in the ledger that this page carried data about these people, before the page is
 * answered: if the note cannot be written, nothing is handed out.
 */
export async function recordExportPage(ctx: Ctx, userIds: Iterable<number | null | undefined>): Promise<void> {
  const ids = [...new Set([...userIds].filter((id): id is number => typeof id === 'number'))];
  await recordRecipients(ctx, ctx.db, { userIds: ids, recipient: exportRecipient(ctx.actor!) });
}
