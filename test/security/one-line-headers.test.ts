import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.ts';
import { describeEachDb } from '../db.ts';
import { runOutboxOnce, smtpSender } from '../../src/mail/outbox.ts';
import { startRelay, type CaughtMail, type Relay } from '../smtp.ts';

// CR/LF in names and subjects never reaches an outgoing mail header (issue 8, item 4). The
// API folds them to spaces as they arrive; the outbox folds whatever is stored (mail, old
// rows) once more before handing the mail to nodemailer. Checked on the raw bytes a real
// SMTP relay on loopback received.

const identity = { from: 'Oubli Support <support@oubli.test>', domain: 'oubli.test' };
const INJECTIONS = [
  { label: 'CRLF', name: 'Eve\r\nBcc: victim@evil.test', subject: 'Hello\r\nBcc: victim2@evil.test\r\n\r\nInjected body' },
  { label: 'LF', name: 'Eve\nBcc: victim@evil.test', subject: 'Hello\nBcc: victim2@evil.test\n\nInjected body' },
  { label: 'CR', name: 'Eve\rBcc: victim@evil.test', subject: 'Hello\rBcc: victim2@evil.test\r\rInjected body' },
  { label: 'line separator', name: 'Eve\u2028Bcc: victim@evil.test', subject: 'Hello\u2029Bcc: victim2@evil.test\u2028Injected body' },
];

/** The header block of a raw message, one entry per header (continuation lines joined). */
function headerLines(raw: Buffer): string[] {
  const text = raw.toString('latin1');
  const head = text.slice(0, text.indexOf('\r\n\r\n'));
  return head.split('\r\n').reduce<string[]>((acc, line) => {
    if (/^[ \t]/.test(line) && acc.length) acc[acc.length - 1] += line;
    else acc.push(line);
    return acc;
  }, []);
}

function expectNoInjectedHeader(mail: CaughtMail, ticketId: number, requesterEmail: string) {
  const names = headerLines(mail.raw).map((l) => l.slice(0, l.indexOf(':')).toLowerCase());
  expect(names).not.toContain('bcc');
  expect(names.filter((n) => n === 'to')).toHaveLength(1);
  expect(names.filter((n) => n === 'subject')).toHaveLength(1);
  expect(mail.to).toEqual([requesterEmail]);
  expect(mail.parsed.bcc).toBeUndefined();
  expect(mail.parsed.subject).toBe(`[#${ticketId}] Re: Hello Bcc: victim2@evil.test Injected body`);
  const to = Array.isArray(mail.parsed.to) ? mail.parsed.to[0]! : mail.parsed.to!;
  expect(to.value).toEqual([{ name: 'Eve Bcc: victim@evil.test', address: requesterEmail }]);
  expect(mail.parsed.text).toContain('Please restart it');
}

describeEachDb('names and subjects stay on one line', (kind) => {
  let t: TestApp;
  let relay: Relay;
  beforeEach(async () => {
    t = await createTestApp(kind);
    relay = await startRelay();
  });
  afterEach(async () => {
    await relay.close();
    await t.close();
  });

  const send = async () => {
    const sender = smtpSender(relay.url);
    try {
      return await runOutboxOnce(t.ctx, sender, identity);
    } finally {
      sender.close();
    }
  };

  for (const inj of INJECTIONS) {
    it(`folds ${inj.label} in a stored name and subject before they become the To and Subject headers`, async () => {
      const email = `eve.${inj.label.replace(/\W/g, '')}@example.test`;
      const eve = await t.contact({ name: 'Eve', email });
      const r = await t.call('POST', '/api/v2/tickets', { ticket: { subject: 'Hello', requester_id: eve, comment: { body: 'Please restart it' } } });
      expect(r.status).toBe(201);
      // As mail, an import or an older version could have stored them: straight into the rows.
      await t.store.db.updateTable('users').set({ name: inj.name }).where('id', '=', eve).execute();
      await t.store.db.updateTable('tickets').set({ subject: inj.subject }).where('id', '=', r.body.ticket.id).execute();
      expect(await send()).toMatchObject({ sent: 1, failed: 0 });
      expect(relay.caught).toHaveLength(1);
      expectNoInjectedHeader(relay.caught[0]!, r.body.ticket.id, email);
    });
  }

  it('folds line breaks in names and subjects as the API receives them, and mails them on one line', async () => {
    const user = await t.call('POST', '/api/v2/users', { user: { name: 'Eve\r\nBcc: victim@evil.test', alias: 'E\nve', email: 'eve@example.test' } });
    expect(user.status).toBe(201);
    expect(user.body.user).toMatchObject({ name: 'Eve Bcc: victim@evil.test', alias: 'E ve' });
    const ticket = await t.call('POST', '/api/v2/tickets', {
      ticket: { subject: 'Hello\r\nBcc: victim2@evil.test\r\n\r\nInjected body', requester_id: user.body.user.id, comment: { body: 'Please restart it' } },
    });
    expect(ticket.status).toBe(201);
    expect(ticket.body.ticket.subject).toBe('Hello Bcc: victim2@evil.test Injected body');
    const row = await t.store.db.selectFrom('tickets').select('subject').where('id', '=', ticket.body.ticket.id).executeTakeFirstOrThrow();
    expect(row.subject).toBe('Hello Bcc: victim2@evil.test Injected body');
    expect(await send()).toMatchObject({ sent: 1 });
    expectNoInjectedHeader(relay.caught[0]!, ticket.body.ticket.id, 'eve@example.test');

    // The same on update, and for every other one-line name.
    const renamed = await t.call('PUT', `/api/v2/users/${user.body.user.id}`, { user: { name: 'Eve\r\nX-Evil: 1' } });
    expect(renamed.body.user.name).toBe('Eve X-Evil: 1');
    const subject = await t.call('PUT', `/api/v2/tickets/${ticket.body.ticket.id}`, { ticket: { subject: 'A\r\nB' } });
    expect(subject.body.ticket.subject).toBe('A B');
    const org = await t.call('POST', '/api/v2/organizations', { organization: { name: 'Acme\r\nCorp' } });
    expect(org.body.organization.name).toBe('Acme Corp');
    const group = await t.call('POST', '/api/v2/groups', { group: { name: 'Tier\n2' } });
    expect(group.body.group.name).toBe('Tier 2');
    const requester = await t.call('POST', '/api/v2/tickets', {
      ticket: { subject: 'x', requester: { name: 'New\r\nPerson', email: 'new.person@example.test' }, comment: { body: 'hi' } },
    });
    expect(requester.status).toBe(201);
    expect((await t.call('GET', `/api/v2/users/${requester.body.ticket.requester_id}`)).body.user.name).toBe('New Person');
    // A name that is only line breaks is blank: refused like an empty one.
    const blank = await t.call('POST', '/api/v2/users', { user: { name: '\r\n' } });
    expect(blank.status).toBe(422);
    expect(Object.keys(blank.body.details)).toEqual(['name']);
  });
});
