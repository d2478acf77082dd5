import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../server.ts';
import { launchChromium, newContext, OWNER_PASSWORD, ownerApi, setPasswordByCli, shot, signIn, startAppServer } from './helpers.ts';

// Two agents in two browser pages (docs/live.md): each sees the other on the ticket, a
// colleague's reply and a mail-less API change appear without a reload, a new ticket shows
// in the view, and a half-written reply survives all of it.

describe('live updates in the web app, two agents in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let olive: Page;
  let ben: Page;
  let ticketId: number;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startAppServer();
    const b = await ownerApi(server, 'POST', '/users', { user: { name: 'Ben Agent', email: 'ben@e2e.test', role: 'agent' } });
    expect(b.status).toBe(201);
    await setPasswordByCli(server, 'ben@e2e.test', 'ben password for tests');
    const t = await ownerApi(server, 'POST', '/tickets', { ticket: { subject: 'Router blinking', comment: { body: 'It blinks red.' }, requester: { name: 'Rosa Router', email: 'rosa@e2e.test' } } });
    ticketId = t.body.ticket.id;
    browser = await launchChromium();
    const o = await newContext(browser, server);
    const n = await newContext(browser, server);
    olive = o.page;
    ben = n.page;
    for (const p of [o, n]) p.page.on('pageerror', (e) => errors.push(e.message));
    await signIn(olive, server.ownerEmail, OWNER_PASSWORD);
    await signIn(ben, 'ben@e2e.test', 'ben password for tests');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows each agent the other on the ticket, viewing then replying', async () => {
    await olive.goto(`/tickets/${ticketId}`);
    await ben.goto(`/tickets/${ticketId}`);
    await olive.getByRole('status').filter({ hasText: 'Ben Agent is viewing' }).waitFor();
    await ben.getByRole('status').filter({ hasText: 'Olive Owner is viewing' }).waitFor();
    await ben.getByPlaceholder('Reply to the requester…').fill('Half-written answer about the router');
    await olive.getByText('Ben Agent is replying').waitFor();
    await shot(olive, 'live-presence');
  }, 60_000);

  it("puts a colleague's reply on the page without a reload, and keeps the draft being written", async () => {
    await olive.getByPlaceholder('Reply to the requester…').fill('Please unplug it for ten seconds.');
    await olive.getByRole('button', { name: 'Submit' }).click();
    await ben.getByText('Please unplug it for ten seconds.').waitFor({ timeout: 10_000 });
    expect(await ben.getByPlaceholder('Reply to the requester…').inputValue()).toBe('Half-written answer about the router');
    // A change through the API (no page involved) shows too.
    await ownerApi(server, 'PUT', `/tickets/${ticketId}`, { ticket: { status: 'pending' } });
    await ben.locator('.ticket-header__meta').getByText('pending', { exact: false }).waitFor({ timeout: 10_000 });
    expect(await ben.getByPlaceholder('Reply to the requester…').inputValue()).toBe('Half-written answer about the router');
    await shot(ben, 'live-reply-arrived');
  }, 60_000);

  it('submits the draft after the colleague\'s change, on the fresh state', async () => {
    await ben.getByRole('button', { name: 'Submit' }).click();
    // This server has no mail relay: the page says the reply's mail waits, not that it was sent.
    await ben.getByText('Queued — no mail relay configured', { exact: false }).waitFor();
    const c = await ownerApi(server, 'GET', `/tickets/${ticketId}/comments`);
    expect(c.body.comments.map((x: { body: string }) => x.body)).toContain('Half-written answer about the router');
    // The status the colleague set was offered and kept, not reverted to the old one.
    const t = await ownerApi(server, 'GET', `/tickets/${ticketId}`);
    expect(t.body.ticket.status).toBe('pending');
  }, 60_000);

  it('shows a new ticket in the open view without a reload, and forgets an agent who left', async () => {
    await olive.goto('/views/open');
    await olive.getByRole('table').waitFor();
    await ben.goto('/contacts');
    const t = await ownerApi(server, 'POST', '/tickets', { ticket: { subject: 'Arrived while watching', comment: { body: 'x' }, requester: { email: 'new@e2e.test' } } });
    expect(t.status).toBe(201);
    await olive.getByText('Arrived while watching').waitFor({ timeout: 10_000 });
    await olive.goto(`/tickets/${ticketId}`);
    await olive.getByRole('heading', { name: 'Router blinking' }).waitFor();
    expect(await olive.getByText('Ben Agent is').count()).toBe(0);
    // After a navigation the socket opens again: the pill says Live once it has.
    await expect.poll(() => olive.locator('.livestate').textContent(), { timeout: 10_000 }).toBe('Live');
    expect(errors).toEqual([]);
  }, 60_000);
});
