import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeEachDb } from '../db.ts';
import { startServer, type RunningServer } from '../server.ts';
import { ensureWebBuild } from '../../web/scripts/ensure-build.ts';
import { fitsWidth, launchChromium, newContext, OWNER_PASSWORD, setPasswordByCli, shot, signIn } from './helpers.ts';

// The agent's Chats page (docs/web.md "Working chats in the web app"), in Chromium against
// the real server: its empty state, the top bar's link, and axe-core's WCAG 2.1 A/AA rules
// at 1280×800 and 390 px.

async function startChatServer(kind: 'sqlite' | 'postgres'): Promise<RunningServer> {
  await ensureWebBuild();
  const server = await startServer(kind);
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
