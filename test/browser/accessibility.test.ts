import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../server.ts';
import { launchChromium, newContext, OWNER_PASSWORD, ownerApi, shot, signIn, startAppServer } from './helpers.ts';

// Every page of the web app through axe-core (WCAG 2.1 A and AA rules), at 1280×800 and at
// 390 px: no serious or critical violation. And the keyboard focus is visible everywhere,
// the top bar included: the ring must differ from the unfocused look.

type Impact = 'minor' | 'moderate' | 'serious' | 'critical';

describe('accessibility of every page, in Chromium with axe-core', () => {
  let server: RunningServer;
  let browser: Browser;
  const pages: { name: string; path: string }[] = [];

  beforeAll(async () => {
    server = await startAppServer();
    const u = await ownerApi(server, 'POST', '/users', { user: { name: 'Ada Access', email: 'ada@a11y.test', phone: '+33 1 23 45 67 89' } });
    const t = await ownerApi(server, 'POST', '/tickets', { ticket: { subject: 'Cannot read the invoice', comment: { body: 'The PDF is blank.' }, requester_id: u.body.user.id } });
    await ownerApi(server, 'PUT', `/tickets/${t.body.ticket.id}`, { ticket: { comment: { body: 'Internal: check the renderer.', public: false } } });
    const er = await ownerApi(server, 'POST', '/erasure_requests', { erasure_request: { user_id: u.body.user.id } });
    pages.push(
      { name: 'open tickets', path: '/views/open' },
      { name: 'home', path: '/' },
      { name: 'new ticket', path: `/tickets/new?requester_id=${u.body.user.id}` },
      { name: 'open tickets, sorted and filtered', path: '/views/open?sort=priority&order=desc&status=new&tags=vip' },
      { name: 'spam view', path: '/views/spam' },
      { name: 'search', path: '/search?q=invoice' },
      { name: 'ticket', path: `/tickets/${t.body.ticket.id}` },
      { name: 'contacts', path: '/contacts' },
      { name: 'contact', path: `/contacts/${u.body.user.id}` },
      { name: 'erasure requests', path: '/erasure-requests' },
      { name: 'new erasure request', path: '/erasure-requests/new' },
      { name: 'erasure request', path: `/erasure-requests/${er.body.erasure_request?.id ?? 1}` },
      { name: 'audit log', path: '/audit-log' },
      { name: 'settings', path: '/settings' },
    );
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function violations(page: Page): Promise<string[]> {
    const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact as Impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  }

  for (const size of [
    { label: '1280×800', width: 1280, height: 800 },
    { label: '390 px', width: 390, height: 844 },
  ]) {
    it(`has no serious or critical violation on any page at ${size.label}`, async () => {
      const { context, page } = await newContext(browser, server, { width: size.width, height: size.height });
      const found: string[] = [];
      try {
        await page.goto('/signin');
        await page.getByLabel('Email').waitFor();
        found.push(...(await violations(page)).map((v) => `sign in: ${v}`));
        await signIn(page, server.ownerEmail, OWNER_PASSWORD);
        for (const p of pages) {
          await page.goto(p.path);
          await page.locator('main h1, main [role=alert]').first().waitFor();
          // Let queries settle so that what is checked is the page as read.
          await page.waitForLoadState('networkidle');
          found.push(...(await violations(page)).map((v) => `${p.name}: ${v}`));
          if (size.width < 500) await shot(page, `a11y-390-${p.name.replace(/ /g, '-')}`);
        }
      } finally {
        await context.close();
      }
      expect(found).toEqual([]);
    }, 180_000);
  }

  it('has no serious or critical violation in the shortcuts dialog, the new-contact dialog and the open menu at 390 px', async () => {
    const { context, page } = await newContext(browser, server, { width: 390, height: 844 });
    const found: string[] = [];
    try {
      await signIn(page, server.ownerEmail, OWNER_PASSWORD);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Menu' }).click();
      await page.locator('#mainnav-links').waitFor();
      found.push(...(await violations(page)).map((v) => `open menu: ${v}`));
      await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      found.push(...(await violations(page)).map((v) => `shortcuts: ${v}`));
      await page.keyboard.press('Escape');
      await page.goto('/contacts');
      await page.getByRole('button', { name: 'New contact' }).click();
      await page.getByRole('dialog', { name: 'New contact' }).getByRole('button', { name: 'Create contact' }).click();
      await page.getByRole('dialog', { name: 'New contact' }).getByRole('alert').first().waitFor();
      found.push(...(await violations(page)).map((v) => `new contact with errors: ${v}`));
      await shot(page, 'a11y-390-new-contact-errors');
    } finally {
      await context.close();
    }
    expect(found).toEqual([]);
  }, 60_000);

  it('shows where the keyboard focus is, on the top bar and in the page', async () => {
    const { context, page } = await newContext(browser, server);
    try {
      await signIn(page, server.ownerEmail, OWNER_PASSWORD);
      await page.goto(pages[0]!.path);
      await page.locator('main h1').first().waitFor();
      const look = (sel: string) =>
        page.locator(sel).first().evaluate((el) => {
          const s = getComputedStyle(el);
          return `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} | ${s.boxShadow}`;
        });
      for (const sel of ['.mainnav a', '.whoami .btn', 'main a, main button']) {
        const before = await look(sel);
        // Focus by keyboard, as :focus-visible needs.
        await page.locator(sel).first().evaluate((el) => (el as HTMLElement).blur());
        await page.keyboard.press('Tab');
        for (let i = 0; i < 40 && !(await page.locator(sel).first().evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
        const after = await look(sel);
        expect(after, sel).not.toBe(before);
        // The ring must not be a see-through shadow on the dark top bar.
        if (sel !== 'main a, main button') expect(after, sel).toMatch(/solid/);
      }
      await shot(page, 'focus-ring');
    } finally {
      await context.close();
    }
  }, 60_000);
});
