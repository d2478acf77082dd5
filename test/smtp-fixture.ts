import { afterEach, beforeEach } from 'vitest';
import { createTestApp, type TestApp } from './app.ts';
import type { DbKind } from './db.ts';
import { mailDb } from '../src/db/queries/mail.ts';
import { startSmtpIn, type SmtpIn } from '../src/mail/smtp-in.ts';
import { smtpClient } from './smtp.ts';

// The fixture the SMTP-in tests share: a test app with a real SMTP listener on a free port.

export const SUPPORT = 'support@oubli.test';
export const MAX = 256 * 1024;

type Counted = 'users' | 'tickets' | 'comments' | 'attachments' | 'raw_messages' | 'outbound_mail' | 'ticket_message_ids';

/** Registers beforeEach/afterEach for a test app and listener; the getters read the current ones. */
export function smtpFixture(kind: DbKind, opts: { maxBytes?: number } = {}) {
  let t: TestApp;
  let smtp: SmtpIn;
  beforeEach(async () => {
    t = await createTestApp(kind);
    smtp = await startSmtpIn(t.ctx, { host: '127.0.0.1', port: 0, maxBytes: opts.maxBytes ?? MAX, supportAddresses: [SUPPORT] });
  });
  afterEach(async () => {
    await smtp.close();
    await t.close();
  });
  const db = () => mailDb(t.store.db);
  const count = async (table: Counted) =>
    Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return {
    t: () => t,
    port: () => smtp.port,
    db,
    count,
    /** Sends with nodemailer to the support address unless `to` says otherwise. */
    send(msg: Record<string, unknown>) {
      const c = smtpClient(smtp.port);
      return c.sendMail({ to: SUPPORT, ...msg }).finally(() => c.close());
    },
    /** Row counts of every table a message writes to: equal before and after means nothing stored. */
    async counts() {
      return {
        users: await count('users'),
        tickets: await count('tickets'),
        comments: await count('comments'),
        raw: await count('raw_messages'),
        outbox: await count('outbound_mail'),
        ids: await count('ticket_message_ids'),
      };
    },
    lastTicket: () => db().selectFrom('tickets').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow(),
    commentsOf: (ticketId: number) => db().selectFrom('comments').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute(),
    userByEmail: (email: string) =>
      db()
        .selectFrom('identities')
        .innerJoin('users', 'users.id', 'identities.user_id')
        .selectAll('users')
        .where('identities.value_key', '=', email)
        .where('identities.released', '=', 0)
        .executeTakeFirst(),
  };
}
