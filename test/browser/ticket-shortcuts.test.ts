import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../server.ts';
import { launchChromium, newContext, OWNER_PASSWORD, ownerApi, requireChromium, shot, signIn, startAppServer } from './helpers.ts';

// The ticket page by keyboard (issue 11): r / n write a reply or a note, Ctrl+Enter submits
// with the status on the button, Esc leaves the box, a assigns to me, j / k step through the
// view; none of the letters fire while typing in the box; the help dialog lists them only on
// a ticket page; a reply reached and sent with Tab alone. Also the sign-in page after a
// session ended, the toasts and the top bar's hovered buttons.

type Any = any;

requireChromium();

describe('ticket shortcuts in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let ownerId: number;
  let viewId: number;
  const tickets: number[] = [];
  const get = async (path: string) => (await ownerApi<Any>(server, 'GET', path)).body;
  const help = (p: Page) => p.getByRole('dialog', { name: 'Keyboard shortcuts' });
  const box = () => page.getByRole('textbox', { name: /Reply to the requester|Note for your team/ });
  const boxFocused = () => box().evaluate((el) => el === document.activeElement);
  const heading = () => page.getByRole('heading', { level: 1 }).textContent();
  const draftSaved = () => page.locator('.reply__draft').getByText('Draft saved.').waitFor({ timeout: 10_000 });
  const open = async (id: number, query = '') => {
    await page.goto(`/tickets/${id}${query}`);
    await page.getByRole('region', { name: 'Ticket fields' }).waitFor();
    await expect.poll(() => box().isDisabled()).toBe(false);
  };

  beforeAll(async () => {
    server = await startAppServer();
    const rosa = (await ownerApi<Any>(server, 'POST', '/users', { user: { name: 'Rosa Keys', email: 'rosa@keys.test' } })).body.user.id;
    for (const subject of ['Keys one', 'Keys two', 'Keys three']) {
      const r = await ownerApi<Any>(server, 'POST', '/tickets', { ticket: { subject, comment: { body: `About ${subject}.` }, requester_id: rosa } });
      expect(r.status).toBe(201);
      tickets.push(r.body.ticket.id);
    }
    ownerId = (await get('/users/me')).user.id;
    viewId = (await get('/views')).views.find((v: Any) => v.title === 'All unsolved tickets').id;
    browser = await launchChromium();
    ({ page, errors } = await newContext(browser, server));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('says nothing about an ended session when the sign-in page is simply where one starts', async () => {
    await page.goto(`/tickets/${tickets[0]}`);
    await page.waitForURL(/\/signin\?next=/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByText('Your session ended').count()).toBe(0);
    await signIn(page, server.ownerEmail, OWNER_PASSWORD);
  }, 60_000);

  it('lists the Ticket shortcuts in the help dialog on a ticket page, and not on Home', async () => {
    await page.goto(`/views/${viewId}`);
    await page.getByRole('link', { name: 'Keys two' }).click();
    await page.getByRole('navigation', { name: 'Tickets in this view' }).waitFor();
    await expect.poll(() => box().isDisabled()).toBe(false);
    await page.locator('body').press('?');
    const group = help(page).getByRole('region', { name: 'Ticket' });
    for (const words of ['Write a public reply', 'Write an internal note', 'Submit with the status shown on the button', 'Leave the reply box', 'Assign to me', 'Next ticket in the view', 'Previous ticket in the view']) {
      await group.getByText(words, { exact: true }).waitFor();
    }
    await shot(page, 'ticket-shortcuts-help');
    await page.keyboard.press('Escape');
    await help(page).waitFor({ state: 'hidden' });
    await page.goto('/');
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    await page.locator('body').press('?');
    await help(page).getByRole('region', { name: 'Everywhere' }).waitFor();
    expect(await help(page).getByRole('region', { name: 'Ticket' }).count()).toBe(0);
    expect(await help(page).getByText('Assign to me').count()).toBe(0);
    await page.keyboard.press('Escape');
  }, 60_000);

  it('j and k go to the next and previous ticket of the view', async () => {
    await page.goto(`/views/${viewId}`);
    await page.getByRole('link', { name: 'Keys two' }).click();
    const nav = page.getByRole('navigation', { name: 'Tickets in this view' });
    const next = await nav.getByRole('link', { name: 'Next ticket in the view' }).getAttribute('href');
    const prev = await nav.getByRole('link', { name: 'Previous ticket in the view' }).getAttribute('href');
    await page.locator('body').press('j');
    await page.waitForURL((u) => u.pathname + u.search === next);
    await expect.poll(heading).not.toBe('Keys two');
    await page.locator('body').press('k');
    await expect.poll(heading).toBe('Keys two');
    await page.locator('body').press('k');
    await page.waitForURL((u) => u.pathname + u.search === prev);
  }, 60_000);

  it('r and n start a reply or a note; while typing, only Ctrl+Enter and Esc act; a assigns to me', async () => {
    const id = tickets[0]!;
    await open(id, `?view=${viewId}&at=0`);
    const url = page.url();
    await page.locator('body').press('n');
    expect(await boxFocused()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Internal note' }).isChecked()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await boxFocused()).toBe(false);
    await page.keyboard.press('r');
    expect(await boxFocused()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Public reply' }).isChecked()).toBe(true);

    // Every other shortcut is just a letter while typing.
    await page.keyboard.type('a j k n r ? / g h c');
    await draftSaved();
    expect(await box().inputValue()).toBe('a j k n r ? / g h c');
    expect(page.url()).toBe(url);
    expect(await page.getByRole('radio', { name: 'Public reply' }).isChecked()).toBe(true);
    expect(await help(page).count()).toBe(0);
    expect((await get(`/tickets/${id}`)).ticket.assignee_id).toBeNull();

    // Esc leaves the box (the draft stays); then "a" assigns to me at once.
    await page.keyboard.press('Escape');
    expect(await boxFocused()).toBe(false);
    await page.keyboard.press('a');
    await page.locator('.toasts').getByText('Assigned to you.').waitFor();
    await expect.poll(async () => (await get(`/tickets/${id}`)).ticket.assignee_id).toBe(ownerId);
    await shot(page, 'ticket-shortcuts-assigned-toast');
    expect(await box().inputValue()).toBe('a j k n r ? / g h c');

    // Ctrl+Enter from inside the box submits with the status on the button.
    const button = page.getByRole('button', { name: /^Submit as / });
    const label = (await button.textContent())!.replace('Submit as ', '').toLowerCase().replace('on-hold', 'hold');
    await box().fill('Sent with Ctrl+Enter.');
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await get(`/tickets/${id}/comments`)).comments.at(-1).body).toBe('Sent with Ctrl+Enter.');
    expect((await get(`/tickets/${id}`)).ticket.status).toBe(label);
    await expect.poll(() => box().inputValue()).toBe('');
  }, 60_000);

  it('success toasts close themselves after a few seconds, and can be closed at once', async () => {
    const toast = page.locator('.toasts .toast');
    await expect.poll(() => toast.count(), { timeout: 12_000 }).toBe(0);
    await page.keyboard.press('Escape'); // out of the reply box, where the last test left focus
    await page.keyboard.press('a'); // already assigned: says so
    await toast.getByText('This ticket is already assigned to you.').waitFor();
    expect(await page.locator('.toasts').getAttribute('role')).toBe('status');
    await toast.getByRole('button', { name: 'Close message' }).click();
    expect(await toast.count()).toBe(0);
  }, 60_000);

  it('reaches the reply and submits it with the keyboard alone', async () => {
    const id = tickets[2]!;
    await open(id);
    await page.locator('body').focus();
    let steps = 0;
    while (!(await boxFocused())) {
      expect(++steps, 'Tab presses to reach the reply box').toBeLessThan(60);
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type('Typed without a mouse.');
    const onSubmit = () => page.evaluate(() => /^Submit as /.test(document.activeElement?.textContent ?? ''));
    while (!(await onSubmit())) {
      expect(++steps, 'Tab presses to reach Submit').toBeLessThan(80);
      await page.keyboard.press('Tab');
      // Whatever has focus shows it.
      const outlined = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        // A hidden radio or file input shows its focus on the label around it (:focus-within).
        return [el, el.closest('label')].some((x) => x && getComputedStyle(x).outlineStyle !== 'none');
      });
      expect(outlined, `focus visible after Tab ${steps}`).toBe(true);
    }
    await shot(page, 'ticket-shortcuts-keyboard-submit');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await get(`/tickets/${id}/comments`)).comments.at(-1).body).toBe('Typed without a mouse.');
  }, 60_000);

  it('keeps a visible border on the top bar’s buttons under the pointer', async () => {
    const bar = page.locator('.topbar');
    const barColour = await bar.evaluate((el) => getComputedStyle(el).backgroundColor);
    for (const b of [bar.getByRole('link', { name: 'New ticket' }), bar.getByRole('button', { name: 'Sign out' })]) {
      await b.hover();
      await expect.poll(() => b.evaluate((el) => getComputedStyle(el).borderTopColor)).not.toBe(barColour);
    }
    await bar.getByRole('link', { name: 'New ticket' }).hover();
    await shot(page, 'topbar-hover');
    expect(errors).toEqual([]);
  }, 60_000);
});
