import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { RunningServer } from '../server.ts';
import { fitsWidth, launchChromium, newContext, OWNER_PASSWORD, ownerApi, setPasswordByCli, shot, signIn, startAppServer } from './helpers.ts';

// The Reports page in Chromium against a real server (docs/reports.md): reached from the top
// navigation, its figures follow the group filter, the CSV download is the API's CSV, the
// charts are in the keyboard's reach, and axe finds no serious or critical violation.

describe('the Reports page', () => {
  let server: RunningServer;
  let browser: Browser;
  let group: number;

  beforeAll(async () => {
    server = await startAppServer();
    group = (await ownerApi(server, 'POST', '/groups', { group: { name: 'Billing' } })).body.group.id;
    const u = await ownerApi(server, 'POST', '/users', { user: { name: 'Rita Reports', email: 'rita@reports.test' } });
    for (const g of [group, null, null]) {
      const t = await ownerApi(server, 'POST', '/tickets', { ticket: { subject: 'Invoice', comment: { body: 'Wrong total' }, requester_id: u.body.user.id, ...(g ? { group_id: g } : {}) } });
      expect(t.status).toBe(201);
      await ownerApi(server, 'PUT', `/tickets/${t.body.ticket.id}`, { ticket: { comment: { body: 'Looking into it', public: true } } });
      if (g) await ownerApi(server, 'PUT', `/tickets/${t.body.ticket.id}`, { ticket: { status: 'solved' } });
    }
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the figures, filters by group, downloads CSV, and passes axe', async () => {
    const { context, page, errors } = await newContext(browser, server);
    await signIn(page, server.ownerEmail, OWNER_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    const tickets = page.getByRole('region', { name: 'Tickets created and solved' });
    await expect.poll(() => tickets.getByRole('definition').first().textContent()).toBe('3');
    await expect.poll(() => tickets.getByRole('definition').nth(1).textContent()).toBe('1');
    await page.getByRole('region', { name: 'Retention watchdog' }).getByText('Every retention rule is in time').waitFor();
    // Two charts of tickets, drawn as SVG with recharts' accessibility layer (focusable).
    await expect.poll(() => tickets.locator('.recharts-wrapper').count()).toBe(2);
    expect(await tickets.locator('.recharts-wrapper svg[tabindex="0"], .recharts-surface[tabindex="0"]').count()).toBeGreaterThan(0);

    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
    await shot(page, 'reports', { fullPage: true });

    // The group filter, by keyboard: choose the group, Tab to Show, Enter.
    await page.getByLabel('Group').selectOption({ label: 'Billing' });
    await page.getByLabel('Group').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Show');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`group_id=${group}`));
    await expect.poll(() => tickets.getByRole('definition').first().textContent()).toBe('1');
    const reply = page.getByRole('region', { name: 'First reply time' });
    await expect.poll(() => reply.getByRole('definition').first().textContent()).toBe('1');

    // The CSV download is the API's CSV for the same range and group.
    const link = tickets.getByRole('link', { name: /as CSV/ });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const csv = await (await import('node:fs/promises')).readFile((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('day,channel,created,solved');
    expect(csv).toMatch(/,api,1,1\r\n/);
    expect(download.suggestedFilename()).toMatch(/^tickets-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);

    // A chart takes the keyboard's focus (recharts' accessibility layer).
    const chart = tickets.locator('[tabindex="0"]').first();
    await chart.focus();
    await page.keyboard.press('ArrowRight');
    expect(await chart.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('fits a 390 px screen and stays axe-clean there', async () => {
    const { context, page, errors } = await newContext(browser, server, { width: 390, height: 844 });
    await signIn(page, server.ownerEmail, OWNER_PASSWORD);
    await page.goto('/reports');
    await page.getByRole('region', { name: 'Retention watchdog' }).waitFor();
    await expect.poll(() => page.locator('.recharts-wrapper').count()).toBeGreaterThan(5);
    expect(await fitsWidth(page)).toBe(true);
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await shot(page, 'reports-390', { fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('is not offered to agents, and says what is wrong with a bad range', async () => {
    const agent = await ownerApi(server, 'POST', '/users', { user: { name: 'Andy Agent', email: 'andy@reports.test', role: 'agent' } });
    expect(agent.status).toBe(201);
    await setPasswordByCli(server, 'andy@reports.test', 'agent password for tests');
    const a = await newContext(browser, server);
    await signIn(a.page, 'andy@reports.test', 'agent password for tests');
    expect(await a.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).count()).toBe(0);
    await a.page.goto('/reports');
    await expect.poll(() => a.page.getByRole('alert').first().textContent()).toBe('Only admins can open this page.');
    await a.context.close();

    const { context, page } = await newContext(browser, server);
    await signIn(page, server.ownerEmail, OWNER_PASSWORD);
    await page.goto('/reports?start=2026-02-30&end=2026-03-01');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/start .*calendar day/);
    await context.close();
  }, 60_000);
});
