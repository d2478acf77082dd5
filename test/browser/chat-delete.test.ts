import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeEachDb } from '../db.ts';
import { startServer, type RunningServer } from '../server.ts';
import { ensureWebBuild } from '../../web/scripts/ensure-build.ts';
import { launchChromium, newContext, OWNER_PASSWORD, ownerApi, setPasswordByCli, shot, signIn } from './helpers.ts';
import { openChatSocket, type ChatClient } from '../e2e/chat-client.ts';
import type { VisitorServerMessage } from '../../src/shared/chat-live.ts';

// Deleting chats and their files from the Chats page (docs/web.md "Working chats in the web
// app"), in Chromium against the real server: an admin deletes files (they become redacted
// placeholders) and the chat (after a confirmation that says it cannot be undone; the widget
// is told chat_deleted; the API then answers 404). An agent without the delete-tickets
// permission sees neither button, and the API refuses them (the negative control).

type Visitor = ChatClient<VisitorServerMessage>;

/** Waits until the check holds (expect.poll works only inside a test, not in beforeAll). */
async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !(await check()); ) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}
const chatsOf = async (server: RunningServer) => (await ownerApi<{ chats: { id: string; status: string }[] }>(server, 'GET', '/chat/chats')).body.chats;
const AGENT_PASSWORD = 'agent password for tests';

/** Basic email:password, as the API accepts it. */
async function asAgent(server: RunningServer, email: string, method: string, path: string): Promise<number> {
  const auth = Buffer.from(`${email}:${AGENT_PASSWORD}`).toString('base64');
  const res = await fetch(`${server.baseUrl}/api/v2${path}`, { method, headers: { authorization: `Basic ${auth}` } });
  await res.arrayBuffer();
  return res.status;
}

describeEachDb('deleting chats in the Chats page', (kind) => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Page;
  let visitor: Visitor;
  let chatId = '';
  const agentEmail = 'nadia@delete.test';

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startServer(kind);
    await setPasswordByCli(server, server.ownerEmail, OWNER_PASSWORD);
    const a = await ownerApi(server, 'POST', '/users', { user: { name: 'Nadia Nodelete', email: agentEmail, role: 'agent' } });
    expect(a.status).toBe(201);
    await setPasswordByCli(server, agentEmail, AGENT_PASSWORD);
    browser = await launchChromium();
    owner = (await newContext(browser, server)).page;
    await signIn(owner, server.ownerEmail, OWNER_PASSWORD);

    // A visitor writes and sends a file: a waiting chat with a file in it.
    visitor = await openChatSocket<VisitorServerMessage>(server.baseUrl, '/api/v2/chat/visitor', { 'user-agent': 'VisitorBrowser/1.0 (test)' });
    visitor.send({ type: 'hello', page: { url: 'http://shop.test/help', title: 'Help' } });
    const w = (await visitor.next((m) => m.type === 'welcome')) as Extract<VisitorServerMessage, { type: 'welcome' }>;
    visitor.send({ type: 'identify', name: 'Dora Deletable' });
    const up = await fetch(`${server.baseUrl}/api/v2/chat/visitor/files?filename=invoice.txt`, { method: 'POST', headers: { 'x-chat-visitor-token': w.token, 'content-type': 'text/plain' }, body: 'invoice bytes' });
    expect(up.status).toBe(201);
    const file = ((await up.json()) as { file: { id: string } }).file;
    visitor.send({ type: 'message', text: 'Here is my invoice', file_ids: [file.id] });
    const list = await ownerApi<{ chats: { id: string }[] }>(server, 'GET', '/chat/chats');
    chatId = list.body.chats[0]!.id;
  }, 180_000);

  afterAll(async () => {
    await visitor?.close();
    await browser?.close();
    await server?.stop();
  });

  it('shows an agent without the delete-tickets permission no delete button, and the API refuses them', async () => {
    const { context, page } = await newContext(browser, server);
    await signIn(page, agentEmail, AGENT_PASSWORD);
    await page.goto(`/chats/${chatId}`);
    await page.getByRole('log', { name: 'Chat lines' }).getByText('Here is my invoice').waitFor({ timeout: 10_000 });
    const actions = page.getByRole('group', { name: 'Chat actions' });
    await actions.getByRole('button', { name: 'Take chat' }).waitFor();
    expect(await actions.getByRole('button', { name: 'Delete chat' }).count()).toBe(0);
    expect(await actions.getByRole('button', { name: 'Delete files' }).count()).toBe(0);
    // The same credentials read the chat (so the 403 below is the permission, not the sign-in).
    expect(await asAgent(server, agentEmail, 'GET', `/chat/chats/${chatId}`)).toBe(200);
    expect(await asAgent(server, agentEmail, 'DELETE', `/chat/chats/${chatId}`)).toBe(403);
    expect(await asAgent(server, agentEmail, 'DELETE', `/chat/chats/${chatId}/attachments`)).toBe(403);
    // Nothing changed: the chat and its file are still there.
    const c = await ownerApi(server, 'GET', `/chat/chats/${chatId}`);
    expect(c.status).toBe(200);
    expect(JSON.stringify(c.body)).toContain('invoice.txt');
    await context.close();
  }, 60_000);

  it('lets the admin delete the files: they become redacted placeholders in the pane', async () => {
    await owner.goto(`/chats/${chatId}`);
    const log = owner.getByRole('log', { name: 'Chat lines' });
    await log.getByRole('link', { name: /invoice\.txt/ }).or(log.getByText('invoice.txt')).first().waitFor({ timeout: 10_000 });
    await owner.getByRole('button', { name: 'Delete files' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Delete every file of this chat?' });
    await dialog.getByText('This cannot be undone.', { exact: false }).waitFor();
    // Focus starts on Cancel.
    expect(await dialog.getByRole('button', { name: 'Cancel' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await dialog.getByRole('button', { name: 'Delete files' }).click();
    await log.getByText('redacted.txt (file removed)').waitFor();
    expect(await log.getByText('invoice.txt').count()).toBe(0);
    expect(await owner.getByRole('button', { name: 'Delete files' }).count()).toBe(0);
    const c = await ownerApi(server, 'GET', `/chat/chats/${chatId}`);
    expect(JSON.stringify(c.body)).not.toContain('invoice.txt');
  }, 60_000);

  it('lets the admin delete the chat after confirming: gone from the page, the widget told, the API 404', async () => {
    await owner.getByRole('button', { name: 'Delete chat' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Delete this chat for good?' });
    await dialog.getByText('This cannot be undone.', { exact: false }).waitFor();
    const confirm = dialog.getByRole('button', { name: 'Delete chat' });
    // The box must be ticked first.
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('checkbox', { name: /erased for good/ }).check();
    await shot(owner, `chat-delete-confirm-${kind}`);
    await confirm.click();
    await visitor.next((m) => m.type === 'chat_deleted');
    await owner.getByText('Chat deleted.').waitFor();
    await expect.poll(() => owner.url()).toMatch(/\/chats$/);
    expect(await owner.getByRole('link', { name: /Dora Deletable/ }).count()).toBe(0);
    // The focus is not lost with the button: it is on the page's "choose a chat" line.
    await expect.poll(() => owner.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Choose a chat');
    expect((await ownerApi(server, 'GET', `/chat/chats/${chatId}`)).status).toBe(404);
  }, 60_000);
});

describeEachDb('the chat history in the Chats page', (kind) => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let visitor: Visitor;
  const ids: string[] = [];

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startServer(kind);
    await setPasswordByCli(server, server.ownerEmail, OWNER_PASSWORD);
    browser = await launchChromium();
    page = (await newContext(browser, server)).page;
    await signIn(page, server.ownerEmail, OWNER_PASSWORD);
    // Two chats of one visitor: the first ended (with a file), the second still waiting.
    visitor = await openChatSocket<VisitorServerMessage>(server.baseUrl, '/api/v2/chat/visitor', { 'user-agent': 'HistoryBrowser/2.0 (test)' });
    visitor.send({ type: 'hello', page: { url: 'http://shop.test/returns', title: 'Returns' } });
    const w = (await visitor.next((m) => m.type === 'welcome')) as Extract<VisitorServerMessage, { type: 'welcome' }>;
    visitor.send({ type: 'identify', name: 'Hana History', email: 'hana@shop.test' });
    const up = await fetch(`${server.baseUrl}/api/v2/chat/visitor/files?filename=label.txt`, { method: 'POST', headers: { 'x-chat-visitor-token': w.token, 'content-type': 'text/plain' }, body: 'label bytes' });
    const file = ((await up.json()) as { file: { id: string } }).file;
    visitor.send({ type: 'message', text: 'My parcel went to the wrong kettle shop', file_ids: [file.id] });
    await until(async () => (await chatsOf(server)).length === 1);
    visitor.send({ type: 'end' });
    await until(async () => (await chatsOf(server))[0]?.status === 'ended');
    visitor.send({ type: 'message', text: 'Another question about invoices' });
    await until(async () => (await chatsOf(server)).length === 2);
    ids.push(...(await chatsOf(server)).map((c) => c.id));
  }, 180_000);

  afterAll(async () => {
    await visitor?.close();
    await browser?.close();
    await server?.stop();
  });

  it('lists past chats, finds one by a word, and opens it read-only with its visitor and file', async () => {
    await page.goto('/chats');
    await page.getByRole('link', { name: 'History', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Chat history' }).waitFor();
    const list = page.getByRole('navigation', { name: 'Past chats' });
    await expect.poll(() => list.getByRole('link').count()).toBe(2);
    await page.getByRole('searchbox', { name: 'Search chats' }).fill('kettle');
    await page.getByRole('button', { name: 'Search' }).click();
    await list.getByRole('heading', { name: /matching “kettle”/ }).waitFor();
    // The search's negative control: the other chat (no "kettle") is not listed.
    await expect.poll(() => list.getByRole('link').count()).toBe(1);
    await list.getByRole('link', { name: /Hana History/ }).click();
    const transcript = page.getByRole('list', { name: 'Transcript' });
    await transcript.getByText('My parcel went to the wrong kettle shop').waitFor();
    await transcript.getByRole('link', { name: 'label.txt' }).waitFor();
    expect(await page.getByText('Another question about invoices').count()).toBe(0);
    const panel = page.getByRole('region', { name: 'Visitor' });
    await panel.getByText('hana@shop.test').waitFor();
    // A chat opened by a file upload (HTTP, not the socket) has no session: the panel then
    // shows no IP, browser or pages (the API's session is null), never another visit's.
    const s = (await ownerApi<{ session: unknown }>(server, 'GET', `/chat/chats/${ids.find((i) => page.url().endsWith(`/${i}`))}`)).body.session;
    expect(await panel.getByText('HistoryBrowser/2.0 (test)').count()).toBe(s ? 1 : 0);
    // Read-only: no composer, no taking or ending.
    expect(await page.getByRole('textbox', { name: 'Message to the visitor' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Take chat|End chat/ }).count()).toBe(0);
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await shot(page, `chat-history-${kind}`);
  }, 60_000);

  it('deletes the files and then the chat from the history', async () => {
    await page.getByRole('button', { name: 'Delete files' }).click();
    await page.getByRole('dialog', { name: 'Delete every file of this chat?' }).getByRole('button', { name: 'Delete files' }).click();
    await page.getByRole('list', { name: 'Transcript' }).getByText('redacted.txt (file removed)').waitFor();
    await page.getByRole('button', { name: 'Delete chat' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this chat for good?' });
    await dialog.getByText('This cannot be undone.', { exact: false }).waitFor();
    await dialog.getByRole('checkbox').check();
    await dialog.getByRole('button', { name: 'Delete chat' }).click();
    await expect.poll(() => page.url()).toMatch(/\/chats\/history$/);
    const list = page.getByRole('navigation', { name: 'Past chats' });
    await expect.poll(() => list.getByRole('link').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName ?? '')).toBe('H2');
    const statuses = await Promise.all(ids.map(async (id) => (await ownerApi(server, 'GET', `/chat/chats/${id}`)).status));
    // One chat was deleted, the other (the waiting one) stays.
    expect(statuses.sort()).toEqual([200, 404]);
    await page.getByRole('button', { name: 'Show all' }).click();
    await expect.poll(() => list.getByRole('link').count()).toBe(1);
  }, 60_000);
});
