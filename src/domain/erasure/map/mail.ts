import { data, personal, ref, type AreaMap } from './types.ts';

// The fate of every column of the mail tables (migration 2026-11-22-002-mail).

const mailFates: AreaMap = {
  // Kept with the tombstone (docs/lifecycle.md): a re-delivered or re-fetched message whose id
  // belonged to an erased ticket is recognised and dropped instead of bringing it back.
  // A sha256 of a Message-ID says nothing about the person or the conversation.
  ticket_message_ids: {
    columns: {
      id: data,
      ticket_id: ref('tickets', 'keep'),
      message_id_hash: data,
      direction: data,
      created_at: data,
    },
  },
  // The stored raw emails go with their ticket (and their comment).
  raw_messages: {
    columns: {
      id: data,
      ticket_id: ref('tickets', 'erase'),
      comment_id: ref('comments', 'erase'),
      size: data,
      data: personal,
      created_at: data,
    },
  },
  // Who a stored message names (migration 2026-12-01-003): ids only. Erasing the person
  // rewrites each of these messages first (src/domain/contacts/erase-contact-mail.ts) and
  // deletes the row with it; the walker's delete here only ever finds rows already handled.
  raw_message_people: {
    columns: {
      raw_message_id: ref('raw_messages', 'erase'),
      user_id: ref('users', 'erase'),
    },
  },
  // Hashes of message ids an erasure took out of stored mail: like ticket_message_ids, a
  // sha256 of an id says nothing about the person; kept so that a later reply quoting the
  // id has it replaced on arrival (src/domain/mail/erased-ids.ts).
  erased_message_ids: {
    columns: { message_id_hash: data, created_at: data },
  },
  // Mail waiting for, or done with, the relay: ids only, gone with the recipient or the ticket.
  outbound_mail: {
    columns: {
      id: data,
      kind: data,
      recipient_id: ref('users', 'erase'),
      ticket_id: ref('tickets', 'erase'),
      comment_id: ref('comments', 'erase'),
      status: data,
      attempts: data,
      next_attempt_at: data,
      // Our own generated id (`<oubli.T.RANDOM@domain>`): no personal data.
      message_id: data,
      sent_at: data,
      last_error_code: data,
      created_at: data,
      updated_at: data,
    },
  },
  // A follow-up's link goes with the follow-up; a link to an erased source points at its tombstone.
  ticket_followups: {
    columns: {
      ticket_id: ref('tickets', 'erase'),
      source_ticket_id: ref('tickets', 'keep'),
      created_at: data,
    },
  },
};

export const mailMap: AreaMap = mailFates;
