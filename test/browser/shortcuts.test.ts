import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../server.ts';
import { launchChromium, newContext, OWNER_PASSWORD, requireChromium, shot, signIn, startAppServer } from './helpers.ts';

// Keyboard shortcuts (issue 11 item 7, web/src/lib/shortcuts.tsx): "?" lists the ones that
// work on this page in a real dialog (focus stays in it, Escape closes it, focus goes back);
// "g h", "g c", "g v" and "c" go places; "/" focuses the search box when there is one; and
// nothing fires while typing in a field, except mod+Enter.

requireChromium();

describe('keyboard shortcuts in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const help = (p: Page) => p.getByRole('dialog', { name: 'Keyboard shortcuts' });
  const path = (p: Page) => new URL(p.url()).pathname;
  const inDialog = (p: Page) => p.evaluate(() => !!document.activeElement?.closest('dialog[open]'));

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchChromium();
    ({ page, errors } = await newContext(browser, server));
    await signIn(page, server.ownerEmail, OWNER_PASSWORD);
    await page.getByRole('heading', { name: 'Home' }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the help dialog with "?", listing what works on this page, with focus kept inside', async () => {
    await page.locator('body').press('?');
    await help(page).waitFor();
    const everywhere = help(page).getByRole('region', { name: 'Everywhere' });
    for (const words of ['Show keyboard shortcuts', 'Search', 'Go to Home', 'Go to the ticket views', 'Go to Contacts', 'New ticket']) {
      await everywhere.getByText(words, { exact: true }).waitFor();
    }
    // On the home page there is no form to submit: its shortcut is not listed.
    expect(await help(page).getByText('Create the ticket').count()).toBe(0);
    expect(await inDialog(page)).toBe(true);
    // Tab and Shift+Tab go round inside the dialog: the page behind is inert.
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      expect(await inDialog(page), `after Tab ${i + 1}`).toBe(true);
    }
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await inDialog(page), `after Shift+Tab ${i + 1}`).toBe(true);
    }
    // Shortcuts wait while it is open: "g c" does not navigate behind it.
    await page.keyboard.press('g');
    await page.keyboard.press('c');
    expect(path(page)).toBe('/');
    await shot(page, 'shortcuts-help');
    await page.keyboard.press('Escape');
    await help(page).waitFor({ state: 'hidden' });
  }, 60_000);

  it('gives focus back to the button that opened it, and lists a page’s own shortcuts there', async () => {
    await page.goto('/tickets/new');
    await page.getByRole('heading', { name: 'New ticket' }).waitFor();
    const button = page.getByRole('button', { name: 'Keyboard shortcuts' });
    await button.click();
    await help(page).waitFor();
    await help(page).getByRole('region', { name: 'New ticket' }).getByText('Create the ticket').waitFor();
    await help(page).getByRole('region', { name: 'New ticket' }).getByText('Ctrl', { exact: true }).waitFor();
    await page.keyboard.press('Escape');
    await help(page).waitFor({ state: 'hidden' });
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true);
    // The Close button closes it too.
    await page.keyboard.press('?');
    await help(page).getByRole('button', { name: 'Close' }).click();
    await help(page).waitFor({ state: 'hidden' });
  }, 60_000);

  it('goes places with g h, g c, g v and c', async () => {
    await page.goto('/contacts');
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();
    await page.locator('body').press('g');
    await page.keyboard.press('h');
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    await page.keyboard.press('g');
    await page.keyboard.press('c');
    await page.waitForURL(/\/contacts$/);
    await page.keyboard.press('g');
    await page.keyboard.press('v');
    await page.waitForURL(/\/views\//);
    await page.keyboard.press('c');
    await page.waitForURL(/\/tickets\/new$/);
    // A lone "g" followed, later, by "h" is no sequence.
    await page.goto('/contacts');
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();
    await page.keyboard.press('g');
    await page.waitForTimeout(1500);
    await page.keyboard.press('h');
    await page.waitForTimeout(300);
    expect(path(page)).toBe('/contacts');
    expect(errors).toEqual([]);
  }, 60_000);

  it('does not fire while typing in a field', async () => {
    await page.goto('/contacts');
    const search = page.getByLabel('Search contacts by name, email or phone');
    await search.click();
    await page.keyboard.type('g h c ? g c');
    await page.waitForTimeout(300);
    expect(await search.inputValue()).toBe('g h c ? g c');
    expect(path(page)).toBe('/contacts');
    expect(await help(page).count()).toBe(0);

    // In a textarea too; but mod+Enter submits the form it is in.
    await page.goto('/tickets/new');
    const body = page.getByLabel(/Your message to/);
    await body.click();
    await page.keyboard.type('c?');
    expect(await body.inputValue()).toBe('c?');
    expect(path(page)).toBe('/tickets/new');
    await page.keyboard.press('Control+Enter');
    // Submitted: with no requester chosen, the form says so.
    await page.getByText('Choose who this ticket is for').waitFor();
  }, 60_000);

  it('focuses the search box with "/" when the page has one, and leaves the key alone when not', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    const hasBox = await page.evaluate(() => !!document.getElementById('global-search'));
    if (!hasBox) {
      // No search box in the top bar yet: "/" does nothing (and no error).
      await page.locator('body').press('/');
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BODY');
      // The slot is where the box goes; with one there, "/" focuses it.
      await page.evaluate(() => {
        const box = document.createElement('input');
        box.id = 'global-search';
        box.setAttribute('aria-label', 'Search');
        document.querySelector('.topbar__search')!.append(box);
      });
    }
    await page.locator('body').press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('global-search');
    // The "/" went to focusing, not into the box.
    expect(await page.locator('#global-search').inputValue()).toBe('');
  }, 30_000);
});
