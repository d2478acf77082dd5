import { afterAll, expect, it } from 'vitest';
import { describeEachDb } from '../../test/db.ts';
import { insertOutbound } from '../db/queries/mail.ts';
import { runOutboxOnce, smtpSender } from './outbox.ts';
import { smtpClient, startRelay } from '../../test/smtp.ts';
import { SUPPORT, smtpFixture } from '../../test/smtp-fixture.ts';

// Mail loops stopped by volume (issue 8, item 6), over real SMTP on both databases:
// auto-replies without any header, a sender flooding us, and the one acknowledgement per
// window. Defaults: 10 messages in 10 minutes (settings mail_loop_max_messages and
// mail_loop_window_minutes).

const MINUTE = 60_000;

describeEachDb('mail in over SMTP: mail loops', (kind) => {
  const f = smtpFixture(kind);
  const { db, send, count, lastTicket, commentsOf, userByEmail } = f;
  const acks = () => db().selectFrom('outbound_mail').selectAll().where('kind', '=', 'ack').orderBy('id').execute();
  const ticketsOf = async (email: string) => {
    const u = await userByEmail(email);
    return db().selectFrom('tickets').selectAll().where('requester_id', '=', u!.id).orderBy('id').execute();
  };
  let tried = 0;
  afterAll(() => console.log(`[${kind}] loop mails sent in mail-loops.test.ts: ${tried}`));
  const loopSend = (msg: Record<string, unknown>) => {
    tried++;
    return send(msg);
  };

  it('makes at most one ticket and no acknowledgement of five out-of-office replies that carry no header', async () => {
    const subjects = ['Automatic reply: Your invoice', 'Out of Office: Your invoice', 'Abwesenheitsnotiz: Ihre Rechnung', 'AW: Automatische Antwort: Rechnung', 'Réponse automatique : Votre facture'];
    for (const [i, subject] of subjects.entries()) {
      const info = await loopSend({ from: 'Away <away@example.test>', subject, text: `I am away until Monday (${i}).`, messageId: `<ooo-${i}@example.test>` });
      expect(info.response).toMatch(/^250/);
      f.t().clock.advance(MINUTE);
    }
    const tickets = await ticketsOf('away@example.test');
    expect(tickets).toHaveLength(1);
    expect(await commentsOf(tickets[0]!.id)).toHaveLength(5);
    expect(await acks()).toHaveLength(0);

    // An auto-reply to a ticket we acknowledged joins that ticket, even with no thread headers.
    await send({ from: 'ben@example.test', subject: 'Broken printer', text: 'it is broken' });
    const ticket = await lastTicket();
    for (let i = 0; i < 5; i++) await loopSend({ from: 'ben@example.test', subject: 'Out of office', text: 'away', messageId: `<ben-ooo-${i}@example.test>` });
    expect(await ticketsOf('ben@example.test')).toHaveLength(1);
    expect(await commentsOf(ticket.id)).toHaveLength(6);
    expect((await acks()).map((a) => a.ticket_id)).toEqual([ticket.id]);

    // A person's subject that only mentions an absence is not an auto-reply.
    await send({ from: 'cleo@example.test', subject: 'Out of office next week: please reset my password', text: 'thanks' });
    expect((await acks()).length).toBe(2);
  });

  it('quarantines a sender flooding 20 messages in a minute into one Spam ticket, acknowledging once', async () => {
    const client = smtpClient(f.port(), true, 1);
    try {
      for (let i = 0; i < 20; i++) {
        tried++;
        const info = await client.sendMail({ to: SUPPORT, from: 'Flood <flood@example.test>', subject: `Order ${i}`, text: `message ${i}`, messageId: `<flood-${i}@example.test>` });
        expect(info.response).toMatch(/^250/);
        f.t().clock.advance(2_000);
      }
    } finally {
      client.close();
    }
    const tickets = await ticketsOf('flood@example.test');
    const live = tickets.filter((t) => t.state === 'active');
    const quarantined = tickets.filter((t) => t.state === 'spam');
    expect(live).toHaveLength(10);
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]).toMatchObject({ spam_cause: 'mail_loop', status: 'new' });
    expect(await commentsOf(quarantined[0]!.id)).toHaveLength(10);
    expect(await acks()).toHaveLength(1);
    // Nothing is lost: every message is a comment with its raw mail, and the sender is not suspended.
    expect(await count('raw_messages')).toBe(20);
    expect((await userByEmail('flood@example.test'))?.suspended).toBe(0);

    // The Spam view shows why; Not spam brings the ticket back like any other.
    const spam = await f.t().call('GET', '/api/v2/spam_tickets');
    expect(spam.body.tickets.map((t: { id: number; spam_cause: string }) => [t.id, t.spam_cause])).toEqual([[quarantined[0]!.id, 'mail_loop']]);
    expect((await f.t().call('PUT', `/api/v2/spam_tickets/${quarantined[0]!.id}/not_spam`)).status).toBe(200);
    expect((await db().selectFrom('tickets').select('state').where('id', '=', quarantined[0]!.id).executeTakeFirstOrThrow()).state).toBe('active');

    // Once the window has passed, the sender is an ordinary sender again.
    f.t().clock.advance(11 * MINUTE);
    await send({ from: 'flood@example.test', subject: 'A real question', text: 'hello' });
    expect((await lastTicket()).state).toBe('active');
    expect(await acks()).toHaveLength(2);
  });

  it('acknowledges a person at most once per window, both when queueing and when sending', async () => {
    for (let i = 0; i < 3; i++) await send({ from: 'dana@example.test', subject: `Question ${i}`, text: 'q' });
    expect(await ticketsOf('dana@example.test')).toHaveLength(3);
    expect(await acks()).toHaveLength(1);
    f.t().clock.advance(10 * MINUTE + 1);
    await send({ from: 'dana@example.test', subject: 'Question 4', text: 'q' });
    expect(await acks()).toHaveLength(2);

    // Two acknowledgements queued at once (two servers, a race): the relay sees one.
    await send({ from: 'eli@example.test', subject: 'One', text: 'x' });
    const first = (await acks()).at(-1)!;
    await send({ from: 'eli@example.test', subject: 'Two', text: 'y' });
    const second = await lastTicket();
    const now = f.t().clock.now().toISOString();
    await insertOutbound(db(), { ...first, id: undefined, ticket_id: second.id, comment_id: (await commentsOf(second.id))[0]!.id, created_at: now, updated_at: now });
    const relay = await startRelay();
    const sender = smtpSender(relay.url);
    try {
      await runOutboxOnce(f.t().ctx, sender, { from: SUPPORT, domain: 'oubli.test' });
    } finally {
      sender.close();
      await relay.close();
    }
    expect(relay.caught.filter((m) => m.to.includes('eli@example.test'))).toHaveLength(1);
    expect((await acks()).at(-1)).toMatchObject({ status: 'skipped', last_error_code: 'ack_throttled' });
  });

  it('takes N and M from the account settings, and refuses bad values with a 422 naming the field', async () => {
    const bad = await f.t().call('PUT', '/api/v2/account/settings', { settings: { mail_loop_max_messages: 0 } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.details)).toEqual(['mail_loop_max_messages']);
    const put = await f.t().call('PUT', '/api/v2/account/settings', { settings: { mail_loop_max_messages: 3, mail_loop_window_minutes: 60 } });
    expect(put.status).toBe(200);
    expect(put.body.settings).toMatchObject({ mail_loop_max_messages: 3, mail_loop_window_minutes: 60 });
    for (let i = 0; i < 5; i++) {
      await loopSend({ from: 'fay@example.test', subject: `Hi ${i}`, text: 'x' });
      f.t().clock.advance(10 * MINUTE);
    }
    const tickets = await ticketsOf('fay@example.test');
    expect(tickets.map((t) => t.state)).toEqual(['active', 'active', 'active', 'spam']);
    expect(await acks()).toHaveLength(1);
  });
});
