import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { getTicket, collaboratorsOfTickets } from '../../db/queries/tickets.ts';
import { addCollaborators, holdersOfEmailKeys, linkRawMessagePeople } from '../../db/queries/mail-people.ts';
import { fieldEvent, writeTicketAudit } from '../tickets/ticket-audit.ts';
import { createSender, findSender } from './resolve-sender.ts';

// Who an incoming message names, recorded with it (issue 9, item 5). As in Zendesk, the
// people in To and Cc (other than our own addresses) become CCs of the ticket, so agents see
// them (`collaborator_ids` / `email_cc_ids`); unknown addresses become new contacts, as a
// sender's would. And every person the address headers name is linked to the stored
// message (raw_message_people), so that their erasure finds it on any ticket, whatever
// became of the CC list since.

/** A ticket's CCs at most (Zendesk's limit, and the API's). */
export const MAX_CCS = 48;

export interface Mailbox {
  address: string;
  name: string | null;
}

export interface MailPeople {
  /** The mailboxes of To and of Cc, normalized. */
  to: Mailbox[];
  cc: Mailbox[];
  /** Every address of From, To, Cc, Reply-To and Sender, normalized. */
  named: string[];
}

export interface RecordMailPeopleInput {
  ticketId: number;
  rawMessageId: number;
  senderId: number;
  people: MailPeople;
  /** Addresses that are ours (support addresses, the envelope's recipients), lower-case. */
  ours: string[];
  /** Loop signals: a list's or a robot's recipients are not made CCs (nor contacts). */
  automated: boolean;
}

/**
 * Adds the message's To and Cc people as CCs of the ticket (not our addresses, not the
 * requester, not suspended contacts, at most MAX_CCS in all), with one history entry, and
 * links everyone it names to the stored message. Inside the receiving transaction.
 */
export async function recordMailPeople(ctx: Ctx, trx: Kysely<Database>, input: RecordMailPeopleInput): Promise<void> {
  const ours = new Set(input.ours.map((a) => a.trim().toLowerCase()));
  const linked = [input.senderId];
  if (!input.automated) linked.push(...(await addCopiedAsCcs(ctx, trx, input, ours)));
  const named = input.people.named.filter((a) => !ours.has(a));
  linked.push(...(await holdersOfEmailKeys(trx, named)));
  await linkRawMessagePeople(trx, input.rawMessageId, linked);
}

/** The CCs this message adds (ids of everyone copied who is a CC now). */
async function addCopiedAsCcs(ctx: Ctx, trx: Kysely<Database>, input: RecordMailPeopleInput, ours: Set<string>): Promise<number[]> {
  const ticket = await getTicket(trx, input.ticketId);
  if (!ticket) return [];
  const current = (await collaboratorsOfTickets(trx, [ticket.id])).map((r) => r.user_id);
  const next = new Set(current);
  const copied: number[] = [];
  const seen = new Set<string>();
  // Without our own addresses (an import with no --support-addresses), To is where the
  // message was sent to us: only Cc is taken then.
  const candidates = ours.size ? [...input.people.to, ...input.people.cc] : input.people.cc;
  for (const mb of candidates) {
    if (ours.has(mb.address) || seen.has(mb.address)) continue;
    seen.add(mb.address);
    const user = (await findSender(trx, mb.address)) ?? (next.size < MAX_CCS ? await createSender(ctx, trx, mb) : undefined);
    if (!user) continue;
    copied.push(user.id);
    // A suspended contact gets no mail from us (docs/lifecycle.md): not made a CC, but still linked.
    if (user.id === ticket.requester_id || user.suspended || next.has(user.id) || next.size >= MAX_CCS) continue;
    next.add(user.id);
  }
  const added = [...next].filter((id) => !current.includes(id));
  if (added.length) {
    await addCollaborators(trx, ticket.id, added);
    const sorted = (ids: Iterable<number>) => [...ids].sort((a, b) => a - b);
    await writeTicketAudit(ctx, trx, ticket.id, [fieldEvent('Change', 'collaborator_ids', sorted(next), sorted(current))]);
  }
  return copied;
}
