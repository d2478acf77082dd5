import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../../test/db.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { startRelay, type Relay } from '../../../test/smtp.ts';
import { readTicketMail } from '../../domain/mail/read-ticket-mail.ts';
import { runOutboxOnce, smtpSender } from '../../mail/outbox.ts';
import { TicketOutboundMailSchema } from '../../shared/mail.ts';

// GET /tickets/{id}/outbound_mail: what became of a reply's mail, so the web app says "Reply
// sent" only once a relay took it, and "Queued — no mail relay configured" when none is set.

const identity = { from: 'Oubli Support <support@oubli.test>', domain: 'oubli.test' };

describeEachDb('outbound mail of a ticket', (kind) => {
  let t: TestApp;
  let relay: Relay | null = null;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await relay?.close();
    relay = null;
    await t.close();
  });

  const reply = async (ticketId: number, comment: Record<string, unknown>) => {
    const r = await t.call('PUT', `/api/v2/tickets/${ticketId}`, { ticket: { comment } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const event = (r.body.audit.events as { type: string; id?: number }[]).find((e) => e.type === 'Comment');
    return event!.id!;
  };
  const mailOf = async (ticketId: number, commentId?: number) => {
    const r = await t.call('GET', `/api/v2/tickets/${ticketId}/outbound_mail${commentId ? `?comment_id=${commentId}` : ''}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(TicketOutboundMailSchema.parse(r.body)).toEqual(r.body);
    return r.body as { outbound_mail: { status: string; comment_id: number | null; kind: string; last_error_code: string | null }[]; relay_configured: boolean };
  };

  it('says a reply is queued while no relay is set, and sent once the relay accepted it', async () => {
    const requester = await t.contact({ name: 'Ada Example', email: 'ada@example.test' });
    const tk = (await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Printer', comment: { body: 'It is on fire' }, requester_id: requester } })).body.ticket;
    const commentId = await reply(tk.id, { body: 'We are on our way.' });

    let m = await mailOf(tk.id, commentId);
    expect(m.relay_configured).toBe(false);
    expect(m.outbound_mail).toEqual([expect.objectContaining({ kind: 'reply', comment_id: commentId, status: 'queued', attempts: 0, sent_at: null })]);
    // No address, no Message-ID: ids, states and codes only.
    expect(JSON.stringify(m)).not.toContain('ada@example.test');
    expect(Object.keys(m.outbound_mail[0]!)).not.toContain('message_id');

    // A relay given to `oubli serve` counts as set while Settings names none.
    expect((await readTicketMail(t.ctx, { ticketId: tk.id, relayDefault: 'smtp://127.0.0.1:2587' })).relayConfigured).toBe(true);
    relay = await startRelay();
    expect((await t.call('PUT', '/api/v2/account/settings', { settings: { smtp_relay: relay.url } })).status).toBe(200);
    expect((await mailOf(tk.id, commentId)).relay_configured).toBe(true);
    const sender = smtpSender(relay.url);
    try {
      // The first comment, written by staff, was mailed to the requester too.
      expect(await runOutboxOnce(t.ctx, sender, identity)).toMatchObject({ sent: 2 });
    } finally {
      sender.close();
    }
    m = await mailOf(tk.id, commentId);
    expect(m.outbound_mail).toEqual([expect.objectContaining({ status: 'sent', attempts: 1, sent_at: expect.any(String), next_attempt_at: null })]);
    expect(relay.caught.some((c) => c.parsed.text?.includes('We are on our way.'))).toBe(true);
  });

  it('lists nothing for an internal note or a requester who gets no mail, and narrows by comment', async () => {
    const requester = await t.contact({ email: 'bo@example.test' });
    const tk = (await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Billing', comment: { body: 'x' }, requester_id: requester } })).body.ticket;
    const note = await reply(tk.id, { body: 'Check the invoice', public: false });
    expect((await mailOf(tk.id, note)).outbound_mail).toEqual([]);
    const first = await reply(tk.id, { body: 'First answer' });
    const second = await reply(tk.id, { body: 'Second answer' });
    // The whole list holds the ticket's first comment (written by staff, so mailed) and both answers.
    expect((await mailOf(tk.id)).outbound_mail.map((r) => r.comment_id)).toEqual([expect.any(Number), first, second]);
    expect((await mailOf(tk.id, second)).outbound_mail.map((r) => r.comment_id)).toEqual([second]);

    expect((await t.call('PUT', `/api/v2/users/${requester}`, { user: { suspended: true } })).status).toBe(200);
    const unsent = await reply(tk.id, { body: 'Nobody will read this' });
    expect((await mailOf(tk.id, unsent)).outbound_mail).toEqual([]);
  });

  it('refuses a bad comment_id by name and an unknown ticket as not found', async () => {
    const requester = await t.contact();
    const tk = (await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'x', comment: { body: 'x' }, requester_id: requester } })).body.ticket;
    const bad = await t.call('GET', `/api/v2/tickets/${tk.id}/outbound_mail?comment_id=abc`);
    expect(bad.status).toBe(400);
    expect(bad.body.description).toMatch(/comment_id/);
    expect((await t.call('GET', '/api/v2/tickets/999999/outbound_mail')).status).toBe(404);
    expect((await t.call('DELETE', `/api/v2/tickets/${tk.id}`)).status).toBe(204);
    expect((await t.call('GET', `/api/v2/tickets/${tk.id}/outbound_mail`)).status).toBe(404);
  });
});
