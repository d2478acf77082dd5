import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../web/scripts/ensure-build.ts';
import { launchChromium } from '../browser/helpers.ts';
import { startServer, type RunningServer } from '../server.ts';
import type { AgentServerMessage } from '../../src/shared/chat-live.ts';
import { openChatSocket } from './chat-client.ts';

// The widget in Chromium on a "customer's site" (a local server on another origin) that
// embeds it with one script tag and has hostile CSS: by keyboard, the offline form becomes a
// ticket; with an agent online, lines go both ways; a reload comes back as the same visitor.

describe('the chat widget on a customer site', () => {
  let server: RunningServer;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startServer('sqlite');
    site = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      // The site's own CSS tries to break every button and field.
      res.end(`<!doctype html><html><head><title>Kettle shop</title><style>button, input, textarea { display: none !important; } * { font-size: 2px !important; }</style></head>
<body><h1>Kettles</h1><script src="${server.baseUrl}/chat/widget.js" async></script></body></html>`);
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', () => r()));
    siteUrl = `http://localhost:${(site.address() as AddressInfo).port}/`;
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    site?.close();
    await server?.stop();
  });

  it('is served as a cacheable script', async () => {
    const res = await fetch(`${server.baseUrl}/chat/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=600');
    expect(await res.text()).toContain('oubli.chat.token');
  });

  it('shows no form until the server has welcomed it, and keeps what it could not send', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // The server's side of the socket held back until released; the socket closable from here.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let drop = () => {};
    let welcomes = 0;
    await page.routeWebSocket(/\/api\/v2\/chat\/visitor/, (ws) => {
      const toServer = ws.connectToServer();
      ws.onMessage((m) => toServer.send(m));
      toServer.onMessage(async (m) => {
        await held;
        ws.send(m);
        if (String(m).includes('"welcome"')) welcomes++;
      });
      drop = () => void ws.close({ code: 1006 });
    });
    await page.goto(siteUrl);
    await page.getByRole('button', { name: 'Chat with us' }).click();
    // Typing into a form the welcome would replace, or sending before it, would lose the words.
    await page.getByText('Connecting…').waitFor();
    expect(await page.getByLabel('Your name').count()).toBe(0);
    release();
    await page.getByLabel('Your name').fill('Nora Net');
    await page.getByLabel('Your email').fill('nora@shop.example');
    await page.getByLabel('Message', { exact: true }).fill('Is the shop open on Sunday?');
    drop();
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.getByText('Not connected right now').waitFor();
    // The widget reconnects and is welcomed again: what she typed is still there, and goes.
    await expect.poll(() => welcomes, { timeout: 10_000 }).toBe(2);
    expect(await page.getByLabel('Message', { exact: true }).inputValue()).toBe('Is the shop open on Sunday?');
    expect(await page.getByLabel('Your name').inputValue()).toBe('Nora Net');
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.getByText('we got your message').waitFor();
    await context.close();
  }, 60_000);

  it('takes an offline message by keyboard, then chats with an agent, and knows the visitor again after a reload', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(siteUrl);
    const launcher = page.getByRole('button', { name: 'Chat with us' });
    await launcher.focus();
    await page.keyboard.press('Enter');
    // No agent online: the offline form, focused.
    await expect.poll(() => page.getByLabel('Your name').isVisible()).toBe(true);
    await page.getByLabel('Your name').fill('Wendy Widget');
    await page.getByLabel('Your email').fill('wendy@shop.example');
    await page.getByLabel('Message', { exact: true }).fill('Do you ship to Norway?');
    await page.getByRole('button', { name: 'Send message' }).press('Enter');
    await page.getByText('we got your message').waitFor();
    const tickets = await (await fetch(`${server.baseUrl}/api/v2/tickets`, { headers: { authorization: `Bearer ${server.token}` } })).json();
    expect((tickets as any).tickets.map((t: any) => t.subject)).toContain('Offline message from Wendy Widget');
    // The token is the only thing the site's storage holds.
    const stored = await page.evaluate(() => Object.keys(localStorage));
    expect(stored).toEqual(['oubli.chat.token']);

    // An agent comes online: the chat form replaces the note.
    const ben = await openChatSocket<AgentServerMessage>(server.baseUrl, '/api/v2/chat/agent', { authorization: `Bearer ${server.token}` });
    await ben.next((m) => m.type === 'ready');
    ben.send({ type: 'status', online: true });
    const box = page.getByRole('textbox', { name: 'Message', exact: true });
    await box.waitFor();
    await box.fill('Is the blue kettle in stock?');
    await box.press('Enter');
    const line = (await ben.next((m) => m.type === 'line' && m.line.text === 'Is the blue kettle in stock?')) as Extract<AgentServerMessage, { type: 'line' }>;
    ben.send({ type: 'join', chat_id: line.line.chat_id });
    ben.send({ type: 'message', chat_id: line.line.chat_id, text: 'Yes, two left.' });
    await page.getByText('Yes, two left.').waitFor();
    await page.getByText('joined the chat').waitFor();
    // Escape closes the panel and gives focus back to the launcher.
    await box.press('Escape');
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.getElementById('oubli-chat')?.shadowRoot?.activeElement?.className)).toBe('launcher');

    await page.reload();
    await page.getByRole('button', { name: 'Chat with us' }).click();
    await page.getByText('Yes, two left.').waitFor();
    expect(await page.getByRole('button', { name: 'End chat' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'End chat' }).click();
    await ben.next((m) => m.type === 'chat_gone' && m.chat_id === line.line.chat_id);
    await ben.close();
    await context.close();
  }, 60_000);
});
