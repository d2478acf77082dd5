import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../../test/db.ts';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { loadConfig } from '../config.ts';
import { readSettingsInForce } from '../domain/settings.ts';
import { startMailService, type MailService } from './service.ts';
import { freePort, smtpClient, startRelay, type Relay } from '../../test/smtp.ts';

// The support addresses and the relay as account settings (issue 5): shown without the
// password, validated like the flags, and in force for the next message without a restart.

const SECRET_RELAY = 'smtp://mailer:s3cr3t-pw@relay.example.test:2587';

describeEachDb('mail settings over the API', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(() => t.close());

  it('shows the relay with its password masked, and keeps the password when the mask comes back', async () => {
    const first = await t.call('GET', '/api/v2/account/settings');
    expect(first.body.settings).toMatchObject({ support_addresses: [], smtp_relay: null });

    const put = await t.call('PUT', '/api/v2/account/settings', { settings: { smtp_relay: SECRET_RELAY } });
    expect(put.status).toBe(200);
    expect(put.body.settings.smtp_relay).toBe('smtp://mailer:***@relay.example.test:2587');
    const got = await t.call('GET', '/api/v2/account/settings');
    expect(got.body.settings.smtp_relay).toBe('smtp://mailer:***@relay.example.test:2587');
    expect(JSON.stringify(got.body)).not.toContain('s3cr3t');
    expect((await readSettingsInForce(t.ctx)).smtp_relay).toBe(SECRET_RELAY);

    // The web page saves what it was shown, with another setting: the password stays.
    const again = await t.call('PUT', '/api/v2/account/settings', {
      settings: { smtp_relay: got.body.settings.smtp_relay, support_addresses: ['Help@Oubli.test'] },
    });
    expect(again.status).toBe(200);
    expect(again.body.settings.support_addresses).toEqual(['help@oubli.test']);
    expect((await readSettingsInForce(t.ctx)).smtp_relay).toBe(SECRET_RELAY);

    // Changing only another setting leaves the relay alone.
    await t.call('PUT', '/api/v2/account/settings', { settings: { solved_to_closed_days: 5 } });
    expect((await readSettingsInForce(t.ctx)).smtp_relay).toBe(SECRET_RELAY);

    // The mask is no way to send the stored password to another host.
    const moved = await t.call('PUT', '/api/v2/account/settings', { settings: { smtp_relay: 'smtp://mailer:***@evil.example.test:25' } });
    expect(moved.status).toBe(422);
    expect(Object.keys(moved.body.details)).toEqual(['smtp_relay']);
    expect((await readSettingsInForce(t.ctx)).smtp_relay).toBe(SECRET_RELAY);

    // The audit trail names the fields only.
    const events = await t.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'settings.updated').execute();
    expect(events.length).toBe(3);
    expect(JSON.stringify(events)).not.toMatch(/s3cr3t|relay\.example|help@oubli/);

    // An empty relay turns it off.
    const off = await t.call('PUT', '/api/v2/account/settings', { settings: { smtp_relay: '' } });
    expect(off.body.settings.smtp_relay).toBeNull();
  });

  it('refuses bad addresses and relays with a 422 naming the field, changing nothing', async () => {
    await t.call('PUT', '/api/v2/account/settings', { settings: { support_addresses: ['help@oubli.test'], smtp_relay: 'smtp://relay.example.test:25' } });
    const before = await readSettingsInForce(t.ctx);
    const bad = await t.call('PUT', '/api/v2/account/settings', { settings: { support_addresses: ['ok@oubli.test', 'not an address'], solved_to_closed_days: 9 } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.details)).toEqual(['support_addresses']);
    const badRelay = await t.call('PUT', '/api/v2/account/settings', { settings: { smtp_relay: 'http://relay.example.test' } });
    expect(badRelay.status).toBe(422);
    expect(Object.keys(badRelay.body.details)).toEqual(['smtp_relay']);
    const notList = await t.call('PUT', '/api/v2/account/settings', { settings: { support_addresses: 'help@oubli.test' } });
    expect(notList.status).toBe(422);
    const agent = await t.staff('agent');
    const forbidden = await t.call('PUT', '/api/v2/account/settings', { settings: { support_addresses: ['x@oubli.test'] } }, agent);
    expect(forbidden.status).toBe(403);
    expect(await readSettingsInForce(t.ctx)).toEqual(before);
  });
});

describeEachDb('mail settings in force without a restart', (kind) => {
  let t: TestApp;
  let svc: MailService | null = null;
  const relays: Relay[] = [];
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => {
    await svc?.stop();
    svc = null;
    for (const r of relays.splice(0)) await r.close();
    await t.close();
  });

  const start = async (flags: Record<string, unknown> = {}) => {
    const port = await freePort();
    svc = await startMailService(t.ctx, loadConfig({ host: '127.0.0.1', smtpPort: port, ...flags }, {}), { pollMs: 50 });
    return port;
  };
  const send = (port: number, msg: Record<string, unknown>) => {
    const c = smtpClient(port);
    return c.sendMail(msg).finally(() => c.close());
  };
  const waitFor = async (cond: () => boolean | Promise<boolean>) => {
    for (let i = 0; i < 200 && !(await cond()); i++) await new Promise((r) => setTimeout(r, 25));
  };

  it('refuses other recipients once support addresses are set through the API', async () => {
    const port = await start();
    expect(svc!.lines[0]).toContain('for any recipient');
    const open = await send(port, { from: 'ann@example.test', to: 'anyone@oubli.test', subject: 'a', text: 'a' });
    expect(open.response).toMatch(/^250/);

    const put = await t.call('PUT', '/api/v2/account/settings', { settings: { support_addresses: ['help@oubli.test'] } });
    expect(put.status).toBe(200);
    await expect(send(port, { from: 'ann@example.test', to: 'anyone@oubli.test', subject: 'b', text: 'b' })).rejects.toMatchObject({ responseCode: 550 });
    const ok = await send(port, { from: 'ann@example.test', to: 'help@oubli.test', subject: 'c', text: 'c' });
    expect(ok.response).toMatch(/^250/);
    const subjects = (await t.store.db.selectFrom('tickets').select('subject').orderBy('id').execute()).map((r) => r.subject);
    expect(subjects).toEqual(['a', 'c']);
  });

  it('sends queued mail through the relay set in Settings, over the --smtp-relay one', async () => {
    const flagRelay = await startRelay();
    const settingsRelay = await startRelay();
    relays.push(flagRelay, settingsRelay);
    const port = await start({ smtpRelay: flagRelay.url, supportAddresses: 'flag@oubli.test' });
    expect(svc!.lines[1]).toContain('--smtp-relay');

    await send(port, { from: 'bea@example.test', to: 'flag@oubli.test', subject: 'one', text: '1' });
    await waitFor(() => flagRelay.caught.length > 0);
    expect(flagRelay.caught.map((m) => m.envelopeFrom)).toEqual(['flag@oubli.test']);

    const put = await t.call('PUT', '/api/v2/account/settings', { settings: { smtp_relay: settingsRelay.url, support_addresses: ['help@oubli.test'] } });
    expect(put.status).toBe(200);
    // The flag's address is no longer ours: the settings win.
    await expect(send(port, { from: 'bea@example.test', to: 'flag@oubli.test', subject: 'x', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });
    await send(port, { from: 'cat@example.test', to: 'help@oubli.test', subject: 'two', text: '2' });
    await waitFor(() => settingsRelay.caught.length > 0);
    expect(settingsRelay.caught).toHaveLength(1);
    expect(settingsRelay.caught[0]!.to).toEqual(['cat@example.test']);
    expect(settingsRelay.caught[0]!.envelopeFrom).toBe('help@oubli.test');
    expect(flagRelay.caught).toHaveLength(1);
    // The relay has the message a moment before the outbox row says so (marked after the relay's answer).
    const statuses = async () => (await t.store.db.selectFrom('outbound_mail').select('status').execute()).map((r) => r.status);
    await waitFor(async () => (await statuses()).every((st) => st === 'sent'));
    expect(await statuses()).toEqual(['sent', 'sent']);

    // Emptying the setting falls back to the flag's relay.
    await t.call('PUT', '/api/v2/account/settings', { settings: { smtp_relay: null, support_addresses: [] } });
    await send(port, { from: 'dan@example.test', to: 'flag@oubli.test', subject: 'three', text: '3' });
    await waitFor(() => flagRelay.caught.length > 1);
    expect(flagRelay.caught.map((m) => m.to[0])).toEqual(['bea@example.test', 'dan@example.test']);
  }, 30_000);
});
