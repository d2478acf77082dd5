import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../server.ts';
import { fitsWidth, launchChromium, newContext, OWNER_PASSWORD, ownerApi, requireChromium, shot, signIn, startAppServer } from './helpers.ts';

// The top bar on a 390 px screen (issue 11 item 7): the navigation folds into a Menu button
// that opens it, by pointer and by keyboard, and closes on Escape or on going somewhere;
// every page fits the width, with its tabs and table actions reachable.

requireChromium();

describe('the navigation on a 390 px screen, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const ids: Record<string, number> = {};
  const menu = (p: Page) => p.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Menu' });
  const link = (p: Page, name: string) => p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

  beforeAll(async () => {
    server = await startAppServer();
    const u = await ownerApi(server, 'POST', '/users', { user: { name: 'Nora Narrow', email: 'nora@narrow.test', phone: '+33 1 23 45 67 89' } });
    ids.nora = u.body.user.id;
    const t = await ownerApi(server, 'POST', '/tickets', { ticket: { subject: 'Screen too small to read the invoice', comment: { body: 'Zooming does not help.' }, requester_id: ids.nora } });
    ids.ticket = t.body.ticket.id;
    const er = await ownerApi(server, 'POST', '/erasure_requests', { erasure_request: { user_id: ids.nora } });
    ids.request = er.body.erasure_request.id;
    browser = await launchChromium();
    ({ page, errors } = await newContext(browser, server, { width: 390, height: 844 }));
    await signIn(page, server.ownerEmail, OWNER_PASSWORD);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('folds the links into a menu that opens and closes with the pointer', async () => {
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    expect(await menu(page).getAttribute('aria-expanded')).toBe('false');
    expect(await link(page, 'Contacts').isVisible()).toBe(false);
    await shot(page, 'nav-390-closed');
    await menu(page).click();
    expect(await menu(page).getAttribute('aria-expanded')).toBe('true');
    for (const name of ['Home', 'Tickets', 'Contacts', 'Erasure requests', 'Help centre', 'Audit log', 'Settings', 'New ticket']) expect(await link(page, name).isVisible(), name).toBe(true);
    // The open menu lies over the page, inside the screen.
    const box = (await page.locator('#mainnav-links').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await shot(page, 'nav-390-open');
    await link(page, 'Contacts').click();
    await page.waitForURL(/\/contacts$/);
    // Going somewhere closes it (on the render that follows the new address).
    await expect.poll(() => menu(page).getAttribute('aria-expanded')).toBe('false');
    expect(await link(page, 'Contacts').isVisible()).toBe(false);
  }, 60_000);

  it('works from the keyboard: Tab to Menu, Enter opens, Tab reaches the links, Escape closes and returns focus', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    await menu(page).focus();
    await page.keyboard.press('Enter');
    expect(await menu(page).getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Home');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Tickets');
    // The focus ring shows on the dark menu.
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(ring).toBe('solid');
    await page.keyboard.press('Escape');
    expect(await menu(page).getAttribute('aria-expanded')).toBe('false');
    expect(await menu(page).evaluate((el) => el === document.activeElement)).toBe(true);
    // Enter on a link goes there.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/contacts$/);
  }, 60_000);

  it('keeps every page inside 390 px, with its tabs and actions reachable', async () => {
    const pages: [string, string][] = [
      ['home', '/'],
      ['tickets', '/views/open'],
      ['ticket', `/tickets/${ids.ticket}`],
      ['new-ticket', '/tickets/new'],
      ['contacts', '/contacts'],
      ['contact', `/contacts/${ids.nora}`],
      ['erasure-requests', '/erasure-requests'],
      ['erasure-request', `/erasure-requests/${ids.request}`],
      ['new-erasure-request', '/erasure-requests/new'],
      ['audit-log', '/audit-log'],
      ['settings', '/settings'],
    ];
    for (const [name, path] of pages) {
      await page.goto(path);
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await fitsWidth(page), `${name} fits 390 px`).toBe(true);
      // What a page offers in tabs and tables can be reached: inside the screen or scrollable to.
      const clipped = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('main .tabs a, main .page-actions > *, main .bulkbar button')]
          .filter((el) => {
            const r = el.getBoundingClientRect();
            const scroller = el.closest('.tabs, .table-wrap');
            return r.width > 0 && (r.right > window.innerWidth + 1 || r.left < -1) && !(scroller && scroller.scrollWidth > scroller.clientWidth);
          })
          .map((el) => el.textContent),
      );
      expect(clipped, `${name}: out of reach`).toEqual([]);
      await shot(page, `narrow-390-${name}`, { fullPage: true });
    }
    expect(errors).toEqual([]);
  }, 120_000);

  it('shows every link of the bar, none scrolled or covered, on wider screens (an admin once lost Settings at 1280 px)', async () => {
    for (const width of [1440, 1280, 1241]) {
      const wide = await newContext(browser, server, { width, height: 800 });
      try {
        await signIn(wide.page, server.ownerEmail, OWNER_PASSWORD);
        await wide.page.getByRole('heading', { name: 'Home' }).waitFor();
        expect(await menu(wide.page).isVisible(), `${width}: no Menu button`).toBe(false);
        for (const name of ['Home', 'Tickets', 'Contacts', 'Erasure requests', 'Help centre', 'Audit log', 'Settings']) {
          const l = link(wide.page, name);
          const box = (await l.boundingBox())!;
          expect(box.x + box.width, `${width}: ${name} inside the screen`).toBeLessThanOrEqual(width);
          // The point in the link's middle belongs to the link: not clipped by a scrolling list, not under the search box.
          const hit = await wide.page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.closest('a')?.textContent ?? null, [box.x + box.width / 2, box.y + box.height / 2]);
          expect(hit, `${width}: ${name}`).toBe(name);
        }
        await shot(wide.page, `nav-${width}`);
      } finally {
        await wide.context.close();
      }
    }
    // Below that the links fold into the menu, with the search box still in the bar.
    const mid = await newContext(browser, server, { width: 1000, height: 800 });
    try {
      await signIn(mid.page, server.ownerEmail, OWNER_PASSWORD);
      await mid.page.getByRole('heading', { name: 'Home' }).waitFor();
      expect(await menu(mid.page).isVisible()).toBe(true);
      expect(await mid.page.locator('#global-search').isVisible()).toBe(true);
      await shot(mid.page, 'nav-1000');
    } finally {
      await mid.context.close();
    }
  }, 90_000);
});
