import { randomBytes } from 'node:crypto';
import type { TestApp } from '../app.ts';
import { insertGroup, insertMembership, insertOrganization } from './people.ts';
import { insertAttachment, insertComment, insertTicket } from './tickets.ts';
import { dbOf, isoOf, nextSeq } from './where.ts';

// A person with everything a person can have, for the erasure tests: a unique marker goes
// everywhere their data can go.

/** A string found nowhere else in the database. */
export function marker(): string {
  return `mk${process.pid}x${nextSeq()}x${randomBytes(3).toString('hex')}`;
}

export interface Person {
  marker: string;
  userId: number;
  otherId: number;
  agentId: number;
  /** Tickets they requested. */
  ticketIds: number[];
  /** Someone else's ticket they commented on and were CC'd on. */
  otherTicketId: number;
  /** Their comment there, which must stay. */
  elsewhereCommentId: number;
  /** An upload of theirs used in that comment (stays with the ticket). */
  elsewhereAttachmentId: number;
  /** An upload of theirs never used (goes with them). */
  unusedUploadId: number;
}

/**
 * A contact with everything a person can have: profile, identities, tags, memberships,
 * token, session, three tickets with comments, attachments, tags, CCs, audits and raw mail,
 * a comment and a CC on someone else's ticket, and an unused upload.
 */
export async function seedPerson(t: TestApp, nTickets = 3): Promise<Person> {
  const m = marker();
  const now = isoOf(t);
  const db = dbOf(t);
  const agentId = (await t.staff('agent')).id;
  const userId = await t.contact({
    name: `Name ${m}`, email: `${m}@example.test`, phone: '+44 20 7946 0' + String(100 + (nextSeq() % 800)),
    alias: `alias ${m}`, notes: `notes ${m}`, details: `details ${m}`, external_id: `ext-${m}`,
    tags: [`tag${m}`], user_fields: { address: `street ${m}` }, time_zone: 'Europe/London', locale: 'en-GB',
    identities: [{ type: 'twitter', value: `tw${m}` }],
  });
  const otherId = await t.contact();
  const org = { id: await insertOrganization(t, `Org ${m.split('').reverse().join('')}`) };
  await insertMembership(t, userId, { organizationId: org.id });
  const group = { id: await insertGroup(t, 'Support') };
  await insertMembership(t, userId, { groupId: group.id });
  await db.insertInto('api_tokens').values({ user_id: userId, token_hash: `hash${m}`, created_at: now, last_used_at: null }).execute();
  await db.insertInto('sessions').values({ user_id: userId, token_hash: `sess${m}`, created_at: now, last_seen_at: now, expires_at: now }).execute();

  const ticketIds: number[] = [];
  for (let i = 0; i < nTickets; i++) {
    const id = await insertTicket(t, userId, {
      subject: `Subject ${m}`, external_id: `tx-${m}-${i}`, custom_fields: JSON.stringify([{ id: 1, value: `cf ${m}` }]),
      assignee_id: agentId, group_id: group.id, organization_id: org.id, brand_id: 7, channel: 'email',
      due_at: now, priority: 'high', type: 'problem', solved_at: null,
    });
    ticketIds.push(id);
    const c1 = await insertComment(t, id, userId, `My address is ${m}`);
    const c2 = await insertComment(t, id, agentId, `Agent reply to ${m}`);
    await insertAttachment(t, { ticketId: id, commentId: c1, uploaderId: userId, name: `scan-${m}.pdf`, bytes: `bytes ${m}` });
    await insertAttachment(t, { ticketId: id, commentId: c2, uploaderId: agentId, name: 'reply.txt', bytes: `agent bytes ${m}` });
    await db.insertInto('ticket_tags').values({ ticket_id: id, tag: `tt${m}` }).execute();
    await db.insertInto('ticket_collaborators').values({ ticket_id: id, user_id: otherId }).execute();
    await db.insertInto('ticket_audits').values({ ticket_id: id, author_id: userId, events: '[{"type":"Create"}]', created_at: now }).execute();
    await db.insertInto('raw_messages').values({ ticket_id: id, comment_id: c1, size: 10, data: Buffer.from(`From: ${m}@example.test`), created_at: now }).execute();
    await db.insertInto('ticket_message_ids').values({ ticket_id: id, message_id_hash: `h${m}${i}`.replace(/mk/, 'hh'), direction: 'in', created_at: now }).execute();
    await db.insertInto('outbound_mail').values({ kind: 'ack', recipient_id: userId, ticket_id: id, comment_id: c2, status: 'sent', attempts: 1, next_attempt_at: now, message_id: null, sent_at: now, last_error_code: null, created_at: now, updated_at: now }).execute();
  }

  const otherTicketId = await insertTicket(t, otherId, { subject: 'Other ticket', assignee_id: agentId });
  await insertComment(t, otherTicketId, otherId, 'Question from the other person');
  const elsewhereCommentId = await insertComment(t, otherTicketId, userId, 'Me too, same problem');
  const elsewhereAttachmentId = await insertAttachment(t, { ticketId: otherTicketId, commentId: elsewhereCommentId, uploaderId: userId, name: 'screenshot.png', bytes: 'png' });
  await db.insertInto('ticket_collaborators').values({ ticket_id: otherTicketId, user_id: userId }).execute();
  await db.insertInto('ticket_audits').values({ ticket_id: otherTicketId, author_id: userId, events: '[{"type":"Comment"}]', created_at: now }).execute();
  const unusedUploadId = await insertAttachment(t, { ticketId: null, commentId: null, uploaderId: userId, name: `draft-${m}.txt`, bytes: `draft ${m}` });

  return { marker: m, userId, otherId, agentId, ticketIds, otherTicketId, elsewhereCommentId, elsewhereAttachmentId, unusedUploadId };
}
