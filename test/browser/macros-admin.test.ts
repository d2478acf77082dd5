import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../server.ts';
import { fitsWidth, launchChromium, newContext, OWNER_PASSWORD, ownerApi, requireChromium, setPasswordByCli, shot, signIn, startAppServer } from './helpers.ts';

// Settings → Macros, as an admin uses it: create a macro with a reply and field changes,
// see bad input refused with the field named, edit, deactivate, make a personal one,
// delete. An agent has no such section. What the page did is read back through the API.

requireChromium();

type Any = any;

describe('Settings → Macros in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let groupId = 0;
  let ownerId = 0;
  const AGENT = { name: 'Agnes Agent', email: 'agnes@e2e.test', password: 'agnes password 123' };

  beforeAll(async () => {
    server = await startAppServer();
    groupId = (await ownerApi(server, 'POST', '/groups', { group: { name: 'Billing' } })).body.group.id;
    ownerId = (await ownerApi(server, 'GET', '/users/me')).body.user.id;
    expect((await ownerApi(server, 'POST', '/invitations', { invitation: { name: AGENT.name, email: AGENT.email, role: 'agent' } })).status).toBe(201);
    await setPasswordByCli(server, AGENT.email, AGENT.password);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const dialog = (p: Page) => p.locator('dialog[open]');
  const macros = async () => (await ownerApi(server, 'GET', '/macros')).body.macros as Any[];
  const row = (p: Page, title: string) => p.locator('section[aria-labelledby="macros-title"] tr', { hasText: title });

  async function serious(page: Page): Promise<string[]> {
    const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  }

  it('creates, edits, deactivates and deletes macros', async () => {
    const { context, page, errors } = await newContext(browser, server);
    try {
      await signIn(page, server.ownerEmail, OWNER_PASSWORD);
      await page.goto('/settings');
      const section = page.getByRole('region', { name: 'Macros' });
      await section.getByText('No macros yet.').waitFor();

      // Bad input changes nothing and says which field.
      await section.getByRole('button', { name: 'New macro' }).click();
      await dialog(page).getByRole('button', { name: 'Create macro' }).click();
      await expect.poll(() => dialog(page).getByRole('alert').textContent()).toMatch(/blank|title/i);
      expect(await macros()).toEqual([]);

      const d = dialog(page);
      await d.getByLabel('Title').fill('Refund approved');
      await d.getByLabel('Description (for agents choosing a macro)').fill('When billing has approved the refund');
      await d.getByLabel('Text of the reply').fill('Hello {{ticket.requester.first_name}}, your refund is on its way.');
      await d.getByLabel('Status').selectOption('solved');
      await d.getByLabel('Priority').selectOption('high');
      await d.getByLabel('Type').selectOption('question');
      await d.getByLabel('Assignee').selectOption('current_user');
      await d.getByLabel('Group').selectOption(String(groupId));
      await d.getByLabel('Add tags').fill('refund approved');
      await d.getByLabel('Remove tags').fill('refund_pending');
      expect(await serious(page)).toEqual([]);
      await shot(page, 'macros-dialog-1280');
      await d.getByRole('button', { name: 'Create macro' }).click();
      await row(page, 'Refund approved').waitFor();
      expect(await dialog(page).count()).toBe(0);

      const [m] = await macros();
      expect(m).toMatchObject({ title: 'Refund approved', description: 'When billing has approved the refund', active: true, restriction: null });
      expect(m.actions).toEqual([
        { field: 'status', value: 'solved' },
        { field: 'priority', value: 'high' },
        { field: 'type', value: 'question' },
        { field: 'assignee_id', value: 'current_user' },
        { field: 'group_id', value: groupId },
        { field: 'current_tags', value: ['refund', 'approved'] },
        { field: 'remove_tags', value: ['refund_pending'] },
        { field: 'comment_value', value: 'Hello {{ticket.requester.first_name}}, your refund is on its way.' },
        { field: 'comment_mode_is_public', value: true },
      ]);
      expect(await row(page, 'Refund approved').textContent()).toContain('public reply · status solved · priority high · type question · assign to the agent applying it · group Billing');

      // Edit: the form shows what is saved; an internal note that leaves the status alone.
      await row(page, 'Refund approved').getByRole('button', { name: 'Edit Refund approved' }).click();
      expect(await d.getByLabel('Status').inputValue()).toBe('solved');
      expect(await d.getByLabel('Group').inputValue()).toBe(String(groupId));
      expect(await d.getByLabel('Add tags').inputValue()).toBe('refund approved');
      await d.getByLabel('Status').selectOption('');
      await d.getByLabel('Sent as').selectOption('note');
      await d.getByRole('button', { name: 'Save macro' }).click();
      await expect.poll(async () => (await macros())[0].actions.map((a: Any) => a.field)).not.toContain('status');
      const edited = (await macros())[0];
      expect(edited.actions).toContainEqual({ field: 'comment_mode_is_public', value: false });
      expect(edited.actions).toContainEqual({ field: 'priority', value: 'high' });
      await expect.poll(() => row(page, 'Refund approved').textContent()).toContain('internal note');

      // Deactivate hides it from agents (GET /macros/active), Activate brings it back.
      await row(page, 'Refund approved').getByRole('button', { name: 'Deactivate Refund approved' }).click();
      await expect.poll(() => row(page, 'Refund approved').textContent()).toContain('Inactive');
      expect((await ownerApi(server, 'GET', '/macros/active')).body.macros).toEqual([]);
      await row(page, 'Refund approved').getByRole('button', { name: 'Activate Refund approved' }).click();
      await expect.poll(async () => (await macros())[0].active).toBe(true);

      // A personal macro: only this admin has it.
      await section.getByRole('button', { name: 'New macro' }).click();
      await d.getByLabel('Title').fill('My sign-off');
      await d.getByLabel('Available to').selectOption('me');
      await d.getByLabel('Text of the reply').fill('Best, {{current_user.first_name}}');
      await d.getByRole('button', { name: 'Create macro' }).click();
      await row(page, 'My sign-off').waitFor();
      expect(await row(page, 'My sign-off').textContent()).toContain('Only you (personal)');
      expect((await macros()).find((x) => x.title === 'My sign-off').restriction).toMatchObject({ type: 'User', id: ownerId });
      await shot(page, 'macros-list-1280', { fullPage: true });
      expect(await serious(page)).toEqual([]);

      // Delete asks first; Cancel keeps it.
      await row(page, 'My sign-off').getByRole('button', { name: 'Delete My sign-off' }).click();
      await dialog(page).getByRole('button', { name: 'Cancel' }).click();
      expect((await macros()).length).toBe(2);
      await row(page, 'My sign-off').getByRole('button', { name: 'Delete My sign-off' }).click();
      await dialog(page).getByRole('button', { name: 'Delete macro' }).click();
      await expect.poll(() => row(page, 'My sign-off').count()).toBe(0);
      expect((await macros()).map((x) => x.title)).toEqual(['Refund approved']);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('fits a 390 px screen, list and dialog', async () => {
    const { context, page } = await newContext(browser, server, { width: 390, height: 844 });
    try {
      await signIn(page, server.ownerEmail, OWNER_PASSWORD);
      await page.goto('/settings');
      await row(page, 'Refund approved').waitFor();
      await row(page, 'Refund approved').scrollIntoViewIfNeeded();
      expect(await fitsWidth(page)).toBe(true);
      await shot(page, 'macros-list-390');
      await row(page, 'Refund approved').getByRole('button', { name: 'Edit Refund approved' }).click();
      await dialog(page).getByLabel('Title').waitFor();
      expect(await fitsWidth(page)).toBe(true);
      expect(await serious(page)).toEqual([]);
      await shot(page, 'macros-dialog-390');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('shows an agent no Macros section', async () => {
    const { context, page } = await newContext(browser, server);
    try {
      await signIn(page, AGENT.email, AGENT.password);
      expect(await page.getByRole('navigation', { name: 'Main' }).textContent()).not.toContain('Settings');
      await page.goto('/settings');
      await page.getByRole('alert').filter({ hasText: 'Only admins can open this page.' }).waitFor();
      expect(await page.getByRole('heading', { name: 'Macros' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'New macro' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 60_000);
});
