import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../server.ts';
import { sqliteFile } from '../../src/db/dialects/sqlite.ts';
import { fitsWidth, launchChromium, newContext, OWNER_PASSWORD, ownerApi, requireChromium, setPasswordByCli, shot, signIn, startAppServer } from './helpers.ts';

// The home dashboard (issue 11 item 8) against real data: the signed-in agent's unsolved
// tickets, unassigned tickets in their groups (and the count of all unassigned ones), and
// erasure requests due within 7 days or overdue, with the days left. No "Waiting chats" card:
// Oubli has no chat channel yet.

type Any = any;

requireChromium();

describe('the home dashboard in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const ids: Record<string, number> = {};
  const card = (p: Page, title: string) => p.getByRole('region', { name: new RegExp(`^${title}`) });
  const countOf = async (p: Page, title: string) => Number(await card(p, title).locator('.home-card__count').textContent());

  const ticket = async (subject: string, extra: Record<string, unknown>) => {
    const r = await ownerApi(server, 'POST', '/tickets', { ticket: { subject, requester_id: ids.rita, comment: { body: `${subject}.` }, ...extra } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.ticket.id as number;
  };

  beforeAll(async () => {
    server = await startAppServer();
    const me = (await ownerApi(server, 'GET', '/users/me')).body.user;
    ids.owner = me.id;
    ids.ben = (await ownerApi(server, 'POST', '/users', { user: { name: 'Ben Agent', email: 'ben@home.test', role: 'agent' } })).body.user.id;
    await setPasswordByCli(server, 'ben@home.test', 'ben password for tests');
    ids.rita = (await ownerApi(server, 'POST', '/users', { user: { name: 'Rita Requester', email: 'rita@home.test' } })).body.user.id;
    ids.erin = (await ownerApi(server, 'POST', '/users', { user: { name: 'Erin Erasable', email: 'erin@home.test' } })).body.user.id;
    ids.olaf = (await ownerApi(server, 'POST', '/users', { user: { name: 'Olaf Overdue', email: 'olaf@home.test' } })).body.user.id;
    ids.fay = (await ownerApi(server, 'POST', '/users', { user: { name: 'Fay Faraway', email: 'fay@home.test' } })).body.user.id;
    ids.billing = (await ownerApi(server, 'POST', '/groups', { group: { name: 'Billing' } })).body.group.id;
    ids.shipping = (await ownerApi(server, 'POST', '/groups', { group: { name: 'Shipping' } })).body.group.id;
    const m = await ownerApi(server, 'POST', '/group_memberships', { group_membership: { user_id: ids.owner, group_id: ids.billing } });
    expect(m.status).toBe(201);

    // Olive's own: three unsolved, one solved (not shown).
    await ticket('Mine: invoice wrong', { assignee_id: ids.owner });
    await ticket('Mine: refund pending', { assignee_id: ids.owner, status: 'pending' });
    await ticket('Mine: on hold', { assignee_id: ids.owner, status: 'hold' });
    await ticket('Mine: solved already', { assignee_id: ids.owner, status: 'solved' });
    // Unassigned: two in her group, one in another group, one in none.
    await ticket('Billing: card declined', { group_id: ids.billing });
    await ticket('Billing: VAT number', { group_id: ids.billing, status: 'open' });
    await ticket('Shipping: parcel lost', { group_id: ids.shipping });
    await ticket('Nobody: a question', {});
    // Ben's.
    await ticket('Ben: his ticket', { assignee_id: ids.ben });

    // Erasure requests: one due in 3 days, one 2 days overdue, one due in a month (not shown).
    const open = async (userId: number) => {
      const r = await ownerApi(server, 'POST', '/erasure_requests', { erasure_request: { user_id: userId } });
      expect(r.status).toBe(201);
      return r.body.erasure_request.id as number;
    };
    ids.soonRequest = await open(ids.erin!);
    ids.overdueRequest = await open(ids.olaf!);
    ids.farRequest = await open(ids.fay!);
    // Let their searches finish before their dates are moved under them.
    for (const id of [ids.soonRequest, ids.overdueRequest, ids.farRequest]) {
      for (let i = 0; (await ownerApi(server, 'GET', `/erasure_requests/${id}`)).body.erasure_request.status !== 'ready'; i++) {
        if (i > 300) throw new Error(`erasure request ${id} never got ready`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    // The deadline is a month after receipt: move two receipts back, as time would.
    const db = new Database(sqliteFile(server.dataDir));
    try {
      db.pragma('busy_timeout = 5000');
      const day = 86_400_000;
      const move = db.prepare('update erasure_requests set received_at = ?, due_at = ? where id = ?');
      // Half a day past the whole days, so that "3 days left" does not flip while the test runs.
      move.run(new Date(Date.now() - 27 * day).toISOString(), new Date(Date.now() + 3.5 * day).toISOString(), ids.soonRequest);
      move.run(new Date(Date.now() - 33 * day).toISOString(), new Date(Date.now() - 1.5 * day).toISOString(), ids.overdueRequest);
    } finally {
      db.close();
    }

    browser = await launchChromium();
    ({ page, errors } = await newContext(browser, server));
    await signIn(page, server.ownerEmail, OWNER_PASSWORD);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens on the dashboard after signing in, with the counts and rows of each card', async () => {
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await expect.poll(() => countOf(page, 'Your unsolved tickets')).toBe(3);
    const mine = card(page, 'Your unsolved tickets');
    for (const s of ['Mine: invoice wrong', 'Mine: refund pending', 'Mine: on hold']) await mine.getByRole('link', { name: s }).waitFor();
    expect(await mine.getByText('Mine: solved already').count()).toBe(0);
    expect(await mine.getByText('Rita Requester').count()).toBe(3);

    await expect.poll(() => countOf(page, 'Unassigned in your groups')).toBe(2);
    const unassigned = card(page, 'Unassigned in your groups');
    await unassigned.getByRole('link', { name: 'Billing: card declined' }).waitFor();
    await unassigned.getByRole('link', { name: 'Billing: VAT number' }).waitFor();
    expect(await unassigned.getByText('Shipping: parcel lost').count()).toBe(0);
    expect(await unassigned.getByText('Nobody: a question').count()).toBe(0);
    // All unassigned ones, in her groups or not, behind the link.
    await unassigned.getByRole('link', { name: 'All unassigned tickets (4)' }).waitFor();

    await expect.poll(() => countOf(page, 'Erasure requests due soon')).toBe(2);
    const erasure = card(page, 'Erasure requests due soon');
    const items = erasure.getByRole('listitem');
    // Most urgent first, with the days left.
    await expect.poll(() => items.allTextContents()).toEqual([
      expect.stringMatching(new RegExp(`^2 days overdueErasure request #${ids.overdueRequest}for Olaf Overdue`)),
      expect.stringMatching(new RegExp(`^3 days leftErasure request #${ids.soonRequest}for Erin Erasable`)),
    ]);
    expect(await erasure.getByText(`#${ids.farRequest}`).count()).toBe(0);

    // Chats have their own page (the top bar links it, with its waiting count); Home shows no chat card.
    await page.getByRole('navigation').getByRole('link', { name: /^Chats/ }).first().waitFor();
    expect(await page.getByRole('main').getByText(/chat/i).count()).toBe(0);
    expect(await fitsWidth(page)).toBe(true);
    await shot(page, 'home', { fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);

  it('links each card to its whole list: the built-in views by id, and the erasure requests', async () => {
    const views: Any[] = (await ownerApi(server, 'GET', '/views')).body.views;
    const id = (title: string) => views.find((v) => v.title === title && v.default).id as number;
    const mine = card(page, 'Your unsolved tickets').getByRole('link', { name: 'Open “Your unsolved tickets”' });
    expect(await mine.getAttribute('href')).toBe(`/views/${id('Your unsolved tickets')}`);
    const all = card(page, 'Unassigned in your groups').getByRole('link', { name: /All unassigned tickets/ });
    expect(await all.getAttribute('href')).toBe(`/views/${id('Unassigned tickets')}`);
    await card(page, 'Erasure requests due soon').getByRole('link', { name: 'All overdue (1)' }).click();
    await page.waitForURL(/\/erasure-requests\?due=overdue$/);
    await page.goto('/');
    await card(page, 'Erasure requests due soon').getByRole('link', { name: `Erasure request #${ids.soonRequest}` }).click();
    await page.waitForURL(new RegExp(`/erasure-requests/${ids.soonRequest}`));
  }, 60_000);

  it('follows changes as they happen: a ticket assigned to her elsewhere shows without a reload', async () => {
    await page.goto('/');
    await expect.poll(() => countOf(page, 'Your unsolved tickets')).toBe(3);
    await ticket('Mine: arrived while she looked', { assignee_id: ids.owner });
    await expect.poll(() => countOf(page, 'Your unsolved tickets'), { timeout: 10_000 }).toBe(4);
    await card(page, 'Your unsolved tickets').getByRole('link', { name: 'Mine: arrived while she looked' }).waitFor();
  }, 60_000);

  it("shows another agent their own queue: Ben's ticket, and no group of his", async () => {
    const ben = await newContext(browser, server);
    try {
      await signIn(ben.page, 'ben@home.test', 'ben password for tests');
      await expect.poll(() => countOf(ben.page, 'Your unsolved tickets')).toBe(1);
      await card(ben.page, 'Your unsolved tickets').getByRole('link', { name: 'Ben: his ticket' }).waitFor();
      await expect.poll(() => countOf(ben.page, 'Unassigned in your groups')).toBe(0);
      await card(ben.page, 'Unassigned in your groups').getByText('You are in no group').waitFor();
      expect(ben.errors).toEqual([]);
    } finally {
      await ben.context.close();
    }
  }, 60_000);

  it('fits a 390 px screen, one card under another', async () => {
    const narrow = await newContext(browser, server, { width: 390, height: 844 });
    try {
      await signIn(narrow.page, server.ownerEmail, OWNER_PASSWORD);
      await expect.poll(() => countOf(narrow.page, 'Erasure requests due soon')).toBe(2);
      await narrow.page.waitForLoadState('networkidle');
      expect(await fitsWidth(narrow.page)).toBe(true);
      const boxes = await Promise.all(['Your unsolved tickets', 'Unassigned in your groups'].map((t) => card(narrow.page, t).boundingBox()));
      expect(boxes[1]!.y).toBeGreaterThan(boxes[0]!.y + boxes[0]!.height - 1);
      await shot(narrow.page, 'home-390', { fullPage: true });
    } finally {
      await narrow.context.close();
    }
  }, 60_000);
});
