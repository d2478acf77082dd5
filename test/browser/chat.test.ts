import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeEachDb } from '../db.ts';
import { startServer, type RunningServer } from '../server.ts';
import { ensureWebBuild } from '../../web/scripts/ensure-build.ts';
import { fitsWidth, launchChromium, newContext, OWNER_PASSWORD, ownerApi, setPasswordByCli, shot, signIn } from './helpers.ts';
import { openChatSocket, type ChatClient } from '../e2e/chat-client.ts';
import { freePort } from '../smtp.ts';
import type { VisitorServerMessage } from '../../src/shared/chat-live.ts';

// The agent's Chats page (docs/web.md "Working chats in the web app"), in Chromium against
// the real server: its empty state, the top bar's link, and axe-core's WCAG 2.1 A/AA rules
// at 1280×800 and 390 px.

async function startChatServer(kind: 'sqlite' | 'postgres'): Promise<RunningServer> {
  await ensureWebBuild();
  // A fixed port, so that the server started again (the socket drops) is at the same address.
  const server = await startServer(kind, ['--port', String(await freePort())]);
  await setPasswordByCli(server, server.ownerEmail, OWNER_PASSWORD);
  return server;
}

/** Serious or critical axe violations on the page now. */
export async function axeViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

describeEachDb('the Chats page, empty, in Chromium', (kind) => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startChatServer(kind);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('is linked from the top bar, says no one waits, and passes axe at 1280×800', async () => {
    const { context, page, errors } = await newContext(browser, server);
    await signIn(page, server.ownerEmail, OWNER_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chats' }).click();
    await page.getByRole('heading', { level: 1, name: 'Chats' }).waitFor();
    await page.getByText('No one is waiting.').waitFor();
    await page.getByRole('button', { name: 'Online for chat' }).waitFor();
    expect(await page.title()).toBe('Oubli');
    expect(await axeViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
    await shot(page, `chats-empty-${kind}`);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('opens from the narrow-screen Menu at 390 px and fits, with no axe violation', async () => {
    const { context, page } = await newContext(browser, server, { width: 390, height: 844 });
    await signIn(page, server.ownerEmail, OWNER_PASSWORD);
    await page.getByRole('button', { name: /Menu/ }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chats' }).click();
    await page.getByRole('heading', { level: 1, name: 'Chats' }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, `chats-empty-390-${kind}`);
    await context.close();
  }, 60_000);
});

type Visitor = ChatClient<VisitorServerMessage>;

/** A visitor's socket that said hello from a page of the customer's site. */
async function visitorSays(server: RunningServer, token?: string): Promise<Visitor> {
  const v = await openChatSocket<VisitorServerMessage>(server.baseUrl, '/api/v2/chat/visitor', { 'user-agent': 'VisitorBrowser/1.0 (test)' });
  v.send({ type: 'hello', ...(token ? { token } : {}), page: { url: 'http://shop.test/pricing', title: 'Pricing' } });
  await v.next((m) => m.type === 'welcome');
  return v;
}

describeEachDb('a live chat between a visitor and an agent in the Chats page', (kind) => {
  let server: RunningServer;
  let browser: Browser;
  let agent: Page;
  let visitor: Visitor;
  let token = '';
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startChatServer(kind);
    browser = await launchChromium();
    const c = await newContext(browser, server);
    agent = c.page;
    agent.on('pageerror', (e) => errors.push(e.message));
    await signIn(agent, server.ownerEmail, OWNER_PASSWORD);
  }, 180_000);

  afterAll(async () => {
    await visitor?.close();
    await browser?.close();
    await server?.stop();
  });

  it('goes online: the visitor is told an agent is there (and was told none was before)', async () => {
    const before = await visitorSays(server);
    const w = before.messages.find((m) => m.type === 'welcome') as Extract<VisitorServerMessage, { type: 'welcome' }>;
    // The negative control: with no one online, the widget would offer the offline form.
    expect(w.agents_online).toBe(false);
    token = w.token;
    await agent.goto('/chats');
    const toggle = agent.getByRole('button', { name: 'Online for chat' });
    await expect.poll(() => toggle.isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await before.next((m) => m.type === 'agents_online' && m.online);
    await before.close();
  }, 60_000);

  it('shows a new chat as waiting, in the top bar and the title, with who the visitor is', async () => {
    visitor = await visitorSays(server, token);
    visitor.send({ type: 'identify', name: 'Vera Visitor', email: 'vera@shop.test' });
    visitor.send({ type: 'page', page: { url: 'http://shop.test/checkout', title: 'Checkout' } });
    visitor.send({ type: 'message', text: 'Hello, is anyone there?' });
    const waiting = agent.getByRole('region', { name: /Waiting/ });
    await waiting.getByRole('link', { name: /Vera Visitor/ }).waitFor({ timeout: 10_000 });
    await waiting.getByText(/waiting \d+ s/).waitFor();
    await expect.poll(() => agent.title()).toBe('(1) Oubli');
    await agent.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Chats\W+1 waiting$/ }).waitFor();
    await waiting.getByRole('link', { name: /Vera Visitor/ }).click();
    const panel = agent.getByRole('region', { name: 'Visitor' });
    await panel.getByText('Personal data collected by the chat widget').waitFor();
    await panel.getByText('vera@shop.test').waitFor();
    // The current page is the newest; every page of the visit is listed with its time.
    await panel.getByRole('definition').getByRole('link', { name: 'Checkout' }).waitFor();
    await panel.getByRole('listitem').filter({ hasText: 'Pricing' }).first().locator('time').waitFor();
    await panel.getByText('VisitorBrowser/1.0 (test)').waitFor();
    await panel.getByText(/127\.0\.0\.1|::1/).waitFor();
    await agent.getByRole('log', { name: 'Chat lines' }).getByText('Hello, is anyone there?').waitFor();
  }, 60_000);

  it('takes the chat and talks both ways: Enter sends, Shift+Enter is a new line, typing shows', async () => {
    await agent.getByRole('button', { name: 'Take chat' }).click();
    const box = agent.getByRole('textbox', { name: 'Message to the visitor' });
    await box.waitFor();
    // Focus goes to the composer once the agent is in the chat.
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => agent.title()).toBe('Oubli');
    await agent.getByRole('region', { name: /Active/ }).getByText('yours').waitFor();
    await box.pressSequentially('Hi Vera, how can I help?');
    await box.press('Enter');
    const hi = await visitor.next((m) => m.type === 'line' && m.line.text === 'Hi Vera, how can I help?');
    expect(hi.type === 'line' && hi.line.agent_name).toBe('Olive Owner');
    expect(await box.inputValue()).toBe('');
    await box.pressSequentially('Line one');
    await box.press('Shift+Enter');
    await box.pressSequentially('line two');
    await box.press('Enter');
    await visitor.next((m) => m.type === 'line' && m.line.text === 'Line one\nline two');
    visitor.send({ type: 'typing', typing: true });
    await agent.getByText('Vera Visitor is typing…').waitFor();
    visitor.send({ type: 'message', text: 'My order 1234 did not arrive.' });
    await agent.getByRole('log', { name: 'Chat lines' }).getByText('My order 1234 did not arrive.').waitFor();
    await expect.poll(() => agent.getByText('Vera Visitor is typing…').count()).toBe(0);
    // The agent's own lines carry their name and time.
    const mine = agent.locator('.chatline--agent').first();
    expect(await mine.locator('strong').textContent()).toBe('Olive Owner');
    expect(await mine.locator('time').count()).toBe(1);
    await shot(agent, `chat-talking-${kind}`);
  }, 60_000);

  it('sends a file: uploaded through the files route, its id with the message, an image as a thumbnail', async () => {
    // A 1×1 PNG.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    await agent.locator('input[type=file]').setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: png });
    await agent.getByRole('list', { name: 'Files to send' }).getByText('receipt.png').waitFor();
    await agent.getByRole('textbox', { name: 'Message to the visitor' }).fill('Here is your receipt.');
    await agent.getByRole('button', { name: 'Send' }).click();
    const got = await visitor.next((m) => m.type === 'line' && m.line.text === 'Here is your receipt.');
    expect(got.type === 'line' && got.line.files.map((f) => f.file_name)).toEqual(['receipt.png']);
    const thumb = agent.locator('.chatfile__thumb');
    await thumb.waitFor();
    await expect.poll(() => thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
  }, 60_000);

  it('reconnects after the socket drops, keeps the words being written, and stays online', async () => {
    const box = agent.getByRole('textbox', { name: 'Message to the visitor' });
    await box.fill('Half-written answer');
    await visitor.close();
    await server.kill('SIGTERM');
    await agent.locator('.chats__banner').getByText('Chat connection lost').waitFor({ timeout: 10_000 });
    expect(await box.inputValue()).toBe('Half-written answer');
    await server.restart();
    await expect.poll(() => agent.locator('.chats__banner').count(), { timeout: 15_000 }).toBe(0);
    expect(await box.inputValue()).toBe('Half-written answer');
    visitor = await visitorSays(server, token);
    const w = visitor.messages.find((m) => m.type === 'welcome') as Extract<VisitorServerMessage, { type: 'welcome' }>;
    await expect.poll(async () => w.agents_online || visitor.messages.some((m) => m.type === 'agents_online' && m.online), { timeout: 10_000 }).toBe(true);
    await box.press('Enter');
    await visitor.next((m) => m.type === 'line' && m.line.text === 'Half-written answer');
  }, 90_000);

  it('turns the chat into a ticket, links to it, and the ticket shows the transcript', async () => {
    await agent.getByRole('button', { name: 'Create ticket' }).click();
    const link = agent.getByRole('link', { name: /Open ticket #\d+/ });
    await link.waitFor();
    await expect.poll(() => link.evaluate((el) => el === document.activeElement)).toBe(true);
    await link.click();
    await agent.getByText('Hello, is anyone there?').first().waitFor();
    await agent.getByText('Hi Vera, how can I help?').first().waitFor();
    const id = Number(/\/tickets\/(\d+)/.exec(agent.url())![1]);
    const t = await ownerApi(server, 'GET', `/tickets/${id}`);
    expect(t.body.ticket.subject).toContain('Vera Visitor');
  }, 60_000);

  it('ends the chat, and going offline tells the widget no one is there', async () => {
    await agent.goBack();
    await agent.getByRole('button', { name: 'End chat' }).click();
    await agent.getByRole('dialog').getByRole('button', { name: 'End chat' }).click();
    await visitor.next((m) => m.type === 'chat' && m.chat.status === 'ended');
    await agent.getByText('This chat has ended.').waitFor();
    await agent.getByRole('button', { name: 'Online for chat' }).click();
    await visitor.next((m) => m.type === 'agents_online' && !m.online);
    expect(errors).toEqual([]);
  }, 60_000);

  it('shows a desktop notification of a new waiting chat on another page, in fixed words only', async () => {
    await agent.context().grantPermissions(['notifications'], { origin: server.baseUrl });
    await agent.getByRole('button', { name: 'Online for chat' }).click();
    await agent.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
    // What the page hands to the operating system is recorded; the notification itself is real.
    await agent.evaluate(() => {
      const w = window as unknown as { __notes: { title: string; body?: string }[]; Notification: typeof Notification };
      w.__notes = [];
      const Real = w.Notification;
      w.Notification = class extends Real {
        constructor(title: string, o?: NotificationOptions) {
          super(title, o);
          w.__notes.push({ title, body: o?.body });
        }
      };
    });
    const other = await visitorSays(server);
    other.send({ type: 'identify', name: 'Nina Notified', email: 'nina@shop.test' });
    other.send({ type: 'message', text: 'Secret words of Nina' });
    await expect.poll(() => agent.title(), { timeout: 10_000 }).toBe('(1) Oubli');
    const notes = await agent.evaluate(() => (window as unknown as { __notes: { title: string; body?: string }[] }).__notes);
    expect(notes).toEqual([{ title: 'A chat is waiting', body: 'A visitor is waiting for an agent in Oubli.' }]);
    expect(JSON.stringify(notes)).not.toMatch(/Nina|Secret/);
    await other.close();
  }, 60_000);
});

describeEachDb('the widget on a customer’s page and the agent’s Chats page, both in Chromium', (kind) => {
  let server: RunningServer;
  let site: Server;
  let siteUrl = '';
  let browser: Browser;
  let agent: Page;
  let shop: Page;

  beforeAll(async () => {
    server = await startChatServer(kind);
    // The customer's site: another origin, one script tag.
    site = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><html lang="en"><head><title>Tea shop</title></head><body><h1>Teapots</h1><script src="${server.baseUrl}/chat/widget.js" async></script></body></html>`);
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', () => r()));
    siteUrl = `http://localhost:${(site.address() as AddressInfo).port}/teapots`;
    browser = await launchChromium();
    agent = (await newContext(browser, server)).page;
    await signIn(agent, server.ownerEmail, OWNER_PASSWORD);
    shop = await (await browser.newContext()).newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    site?.close();
    await server?.stop();
  });

  it('chats in real time both ways, and the ticket made of it shows the transcript', async () => {
    await agent.goto('/chats');
    const toggle = agent.getByRole('button', { name: 'Online for chat' });
    await expect.poll(() => toggle.isEnabled(), { timeout: 10_000 }).toBe(true);
    await toggle.click();
    await shop.goto(siteUrl);
    await shop.getByRole('button', { name: 'Chat with us' }).click();
    const box = shop.getByRole('textbox', { name: 'Message', exact: true });
    await box.waitFor();
    await box.fill('Do you sell green teapots?');
    await box.press('Enter');

    await agent.getByRole('region', { name: /Waiting/ }).getByRole('link', { name: /Do you sell green teapots\?/ }).click();
    // The widget reported the page the visitor is on.
    await agent.getByRole('region', { name: 'Visitor' }).getByRole('link', { name: 'Tea shop' }).first().waitFor();
    await agent.getByRole('button', { name: 'Take chat' }).click();
    const reply = agent.getByRole('textbox', { name: 'Message to the visitor' });
    await reply.fill('Yes, three shades of green.');
    await reply.press('Enter');
    await shop.getByText('Yes, three shades of green.').waitFor({ timeout: 10_000 });
    await shop.getByText('joined the chat').waitFor();
    await box.fill('Lovely, thank you!');
    await box.press('Enter');
    await agent.getByRole('log', { name: 'Chat lines' }).getByText('Lovely, thank you!').waitFor({ timeout: 10_000 });
    await shot(shop, `chat-widget-visitor-${kind}`);
    await shot(agent, `chat-widget-agent-${kind}`);
    // The pane with a chat in it: axe at 1280×800 and at 390 px, where the chat takes the screen.
    expect(await axeViolations(agent)).toEqual([]);
    await agent.setViewportSize({ width: 390, height: 844 });
    expect(await fitsWidth(agent)).toBe(true);
    expect(await agent.getByRole('navigation', { name: 'Chats' }).isVisible()).toBe(false);
    await agent.getByRole('link', { name: '← All chats' }).waitFor();
    expect(await axeViolations(agent)).toEqual([]);
    await shot(agent, `chat-widget-agent-390-${kind}`, { fullPage: true });
    await agent.setViewportSize({ width: 1280, height: 800 });

    await agent.getByRole('button', { name: 'Create ticket' }).click();
    await agent.getByRole('link', { name: /Open ticket #\d+/ }).click();
    await agent.getByText('Do you sell green teapots?').first().waitFor();
    await agent.getByText('Yes, three shades of green.').first().waitFor();
    await agent.getByText('Lovely, thank you!').first().waitFor();
    await shot(agent, `chat-ticket-${kind}`);
  }, 90_000);

  it('ends the chat; the agent goes offline and the widget offers the offline form', async () => {
    await agent.goBack();
    await agent.getByRole('button', { name: 'End chat' }).click();
    await agent.getByRole('dialog').getByRole('button', { name: 'End chat' }).click();
    await shop.getByText('The chat has ended').waitFor({ timeout: 10_000 });
    // Still online: the widget offers a new chat, not the offline form (the negative control).
    await shop.reload();
    await shop.getByRole('button', { name: 'Chat with us' }).click();
    await shop.getByRole('form', { name: 'Write a message' }).waitFor();
    expect(await shop.getByRole('form', { name: 'Leave a message' }).count()).toBe(0);
    await agent.getByRole('button', { name: 'Online for chat' }).click();
    expect(await agent.getByRole('button', { name: 'Online for chat' }).getAttribute('aria-pressed')).toBe('false');
    const offline = shop.getByRole('form', { name: 'Leave a message' });
    await offline.waitFor({ timeout: 10_000 });
    await offline.getByText('Nobody is here to chat right now.').waitFor();
    await offline.getByLabel('Your email').waitFor();
    expect(await shop.getByRole('form', { name: 'Write a message' }).count()).toBe(0);
    await shot(shop, `chat-widget-offline-${kind}`);
  }, 60_000);
});

describe('the chat policy the page asks', () => {
  it('lets admins delete chats, and agents with the delete-tickets permission delete their files', async () => {
    const { canDeleteChat, canDeleteChatFiles } = await import('../../src/shared/policy.ts');
    const admin = { id: 1, role: 'admin' as const, canDeleteTickets: false };
    const deleter = { id: 2, role: 'agent' as const, canDeleteTickets: true };
    const agent = { id: 3, role: 'agent' as const, canDeleteTickets: false };
    expect([admin, deleter, agent].map((a) => canDeleteChat(a).ok)).toEqual([true, false, false]);
    expect([admin, deleter, agent].map((a) => canDeleteChatFiles(a).ok)).toEqual([true, true, false]);
    expect(canDeleteChatFiles({ id: 4, role: 'end-user', canDeleteTickets: true }).ok).toBe(false);
  });
});
