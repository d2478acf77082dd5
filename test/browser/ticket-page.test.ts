import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../server.ts';
import { startRelay, type Relay } from '../smtp.ts';
import { sqliteFile } from '../../src/db/dialects/sqlite.ts';
import { fitsWidth, launchChromium, newContext, OWNER_PASSWORD, ownerApi, requireChromium, setPasswordByCli, shot, signIn, startAppServer } from './helpers.ts';

// The ticket page as an agent works it (issue 11, part 1 and 5): fields saved alone and with
// the reply, a closed ticket read-only, the requester panel, macros, the draft kept on the
// server through navigation, a redaction and a session that expired, the truth about the
// reply's mail, and all of it by keyboard. At 1280x800 and 390 px, against the real server.

type Any = any;

requireChromium();

describe('the ticket page in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let relay: Relay | null = null;
  type Key = 'ben' | 'gail' | 'billing' | 'rosa' | 'cara' | 'acme' | 'main' | 'older1' | 'older2' | 'macro';
  const ids = {} as Record<Key, number>;

  const get = async (path: string) => (await ownerApi<Any>(server, 'GET', path)).body;
  const ticketNow = async (id: number) => (await get(`/tickets/${id}`)).ticket;
  const newTicket = async (subject: string, extra: Record<string, unknown> = {}) => {
    const r = await ownerApi(server, 'POST', '/tickets', { ticket: { subject, comment: { body: `About ${subject}.` }, requester_id: ids.rosa, ...extra } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.ticket.id as number;
  };
  const open = async (id: number) => {
    await page.goto(`/tickets/${id}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Ticket fields' }).waitFor();
  };
  const fields = () => page.getByRole('region', { name: 'Ticket fields' });
  const requesterPanel = () => page.getByRole('region', { name: 'Requester' });
  const replyBox = () => page.getByRole('textbox', { name: /Reply to the requester|Note for your team/ });
  const draftSaved = () => page.locator('.reply__draft').getByText('Draft saved.').waitFor({ timeout: 10_000 });

  beforeAll(async () => {
    server = await startAppServer();
    const must = async (method: string, path: string, body?: unknown) => {
      const r = await ownerApi<Any>(server, method, path, body);
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
      return r.body;
    };
    ids.ben = (await must('POST', '/users', { user: { name: 'Ben Agent', email: 'ben@e2e.test', role: 'agent' } })).user.id;
    await setPasswordByCli(server, 'ben@e2e.test', 'ben password for tests');
    ids.gail = (await must('POST', '/users', { user: { name: 'Gail Agent', email: 'gail@e2e.test', role: 'agent' } })).user.id;
    ids.billing = (await must('POST', '/groups', { group: { name: 'Billing' } })).group.id;
    await must('POST', '/group_memberships', { group_membership: { user_id: ids.ben, group_id: ids.billing } });
    ids.rosa = (await must('POST', '/users', { user: { name: 'Rosa Router', email: 'rosa@e2e.test', phone: '+44 20 7946 0958' } })).user.id;
    ids.cara = (await must('POST', '/users', { user: { name: 'Cara Colleague', email: 'cara@e2e.test' } })).user.id;
    // Made before Rosa joins Acme, so it has no organization yet (a ticket takes its requester's).
    ids.main = await newTicket('Router blinking', { tags: ['router', 'wifi'] });
    ids.acme = (await must('POST', '/organizations', { organization: { name: 'Acme Routers' } })).organization.id;
    await must('POST', '/organization_memberships', { organization_membership: { user_id: ids.rosa, organization_id: ids.acme } });
    ids.older1 = await newTicket('Invoice missing');
    ids.older2 = await newTicket('Cannot log in');
    ids.macro = (
      await must('POST', '/macros', {
        macro: {
          title: 'Refund on its way',
          actions: [
            { field: 'status', value: 'pending' },
            { field: 'priority', value: 'high' },
            { field: 'current_tags', value: 'refund' },
            { field: 'comment_value', value: 'Hi {{ticket.requester.first_name}}, your refund is on its way.' },
          ],
        },
      })
    ).macro.id;
    browser = await launchChromium();
    ({ page, errors } = await newContext(browser, server));
    await signIn(page, server.ownerEmail, OWNER_PASSWORD);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await relay?.close();
    await server?.stop();
  });

  it('shows the fields and the requester: identities, organization, other tickets as links', async () => {
    await open(ids.main);
    const panel = requesterPanel();
    await panel.getByRole('link', { name: 'Rosa Router' }).waitFor();
    await panel.getByText('rosa@e2e.test').waitFor();
    await panel.getByText('+44 20 7946 0958').waitFor();
    await panel.getByText('Acme Routers').waitFor();
    await panel.getByRole('link', { name: `#${ids.older1} Invoice missing` }).waitFor();
    expect(await panel.getByRole('link', { name: `#${ids.main} ` }).count()).toBe(0);
    expect(await fields().getByLabel('Tags of this ticket').textContent()).toContain('wifi');
    expect(await fields().getByText('No unsaved changes').count()).toBe(1);
    await shot(page, 'ticket-page-1280');
    await panel.getByRole('link', { name: `#${ids.older2} Cannot log in` }).click();
    await page.getByRole('heading', { name: 'Cannot log in' }).waitFor();
  }, 60_000);

  it('saves each field on its own with Update', async () => {
    await open(ids.main);
    const f = fields();
    await f.getByLabel('Priority').selectOption('high');
    await f.getByText('changed').waitFor();
    await f.getByText('1 field change not saved').waitFor();
    await f.getByRole('button', { name: 'Update' }).click();
    await page.getByText('Ticket updated.').first().waitFor();
    expect((await ticketNow(ids.main)).priority).toBe('high');

    await f.getByLabel('Type').selectOption('incident');
    await f.getByLabel('Group').selectOption({ label: 'Billing' });
    // The group's members come first.
    await expect.poll(() => f.getByLabel('Assignee').locator('optgroup[label="In Billing"] option').allTextContents()).toEqual(['Ben Agent']);
    expect(await f.getByLabel('Assignee').locator('optgroup[label="Other agents"] option').allTextContents()).toEqual(expect.arrayContaining(['Gail Agent', 'Olive Owner']));
    await f.getByLabel('Assignee').selectOption({ label: 'Ben Agent' });
    await f.getByLabel('Organization').selectOption({ label: 'Acme Routers' });
    await f.getByRole('button', { name: 'Remove tag wifi' }).click();
    await f.getByPlaceholder('Add a tag, then Enter').fill('vip');
    await f.getByPlaceholder('Add a tag, then Enter').press('Enter');
    await f.getByPlaceholder('Name or email').fill('Cara');
    await f.getByRole('button', { name: /Add Cara Colleague/ }).click();
    await f.getByPlaceholder('Field id').fill('42');
    await f.getByRole('button', { name: 'Add field' }).click();
    await f.getByLabel('Field 42').fill('ABC-1');
    await f.getByText('7 field changes not saved').waitFor();
    await shot(page, 'ticket-fields-pending');
    await f.getByRole('button', { name: 'Update' }).click();
    await f.getByText('No unsaved changes').waitFor();
    const t = await ticketNow(ids.main);
    expect(t).toMatchObject({ type: 'incident', group_id: ids.billing, assignee_id: ids.ben, organization_id: ids.acme, tags: ['router', 'vip'], collaborator_ids: [ids.cara] });
    expect(t.custom_fields).toEqual([{ id: 42, value: 'ABC-1' }]);
    // Nothing was commented, and what is shown is what the server has.
    expect((await get(`/tickets/${ids.main}/comments`)).comments).toHaveLength(1);
    await page.reload();
    await fields().getByLabel('Field 42').waitFor();
    expect(await fields().getByLabel('Field 42').inputValue()).toBe('ABC-1');
    await expect.poll(() => fields().getByLabel('CCs of this ticket').textContent()).toContain('Cara Colleague');
  }, 90_000);

  it('sends field changes with the reply and the status in one PUT, and tells the truth about the mail', async () => {
    await open(ids.main);
    const puts: string[] = [];
    const onRequest = (r: { method(): string; url(): string }) => {
      if (r.method() === 'PUT' && new URL(r.url()).pathname === `/api/v2/tickets/${ids.main}`) puts.push(r.url());
    };
    page.on('request', onRequest);
    await fields().getByLabel('Priority').selectOption('urgent');
    await fields().getByRole('button', { name: 'Remove CC Cara Colleague' }).click();
    await replyBox().fill('We are replacing the router.');
    await page.getByText('Submitting also saves 2 field changes from the sidebar.').waitFor();
    await page.getByRole('button', { name: 'Other statuses' }).click();
    await shot(page, 'ticket-submit-menu');
    await page.getByRole('menuitem', { name: 'Submit as Pending' }).click();
    // No relay is configured: the reply is on the ticket and its mail waits, and the page says so.
    await page.getByText('Queued — no mail relay configured', { exact: false }).waitFor();
    page.off('request', onRequest);
    expect(puts).toHaveLength(1);
    const t = await ticketNow(ids.main);
    expect(t).toMatchObject({ status: 'pending', priority: 'urgent', collaborator_ids: [] });
    const comments = (await get(`/tickets/${ids.main}/comments`)).comments;
    expect(comments.at(-1)).toMatchObject({ body: 'We are replacing the router.', public: true });
    expect(await replyBox().inputValue()).toBe('');
    expect(await fields().getByText('No unsaved changes').count()).toBe(1);
    expect((await get(`/tickets/${ids.main}/draft`)).draft).toBeNull();
    await shot(page, 'ticket-reply-queued');

    // With a relay, "Reply sent" comes once the relay took the mail, not before.
    relay = await startRelay();
    expect((await ownerApi(server, 'PUT', '/account/settings', { settings: { smtp_relay: relay.url } })).status).toBe(200);
    await replyBox().fill('It ships tomorrow.');
    await page.getByRole('button', { name: 'Submit as Pending' }).click();
    await page.getByText('Reply sent.').waitFor({ timeout: 20_000 });
    // By then the relay has it.
    expect(relay.caught.some((m) => m.parsed.text?.includes('It ships tomorrow.'))).toBe(true);
    await page.getByLabel('Internal note').check();
    await replyBox().fill('Courier booked.');
    await page.getByRole('button', { name: 'Submit as Pending' }).click();
    await page.getByText('Note added.').waitFor();
    expect((await get(`/tickets/${ids.main}/comments`)).comments.at(-1)).toMatchObject({ body: 'Courier booked.', public: false });
  }, 90_000);

  it('applies a macro: the reply and the field changes wait, and go out with the submit', async () => {
    const id = await newTicket('Refund please', { tags: ['billing'] });
    await open(id);
    await page.getByRole('button', { name: 'Apply macro' }).click();
    await page.getByRole('menuitem', { name: 'Refund on its way' }).click();
    await expect.poll(() => replyBox().inputValue()).toBe('Hi Rosa, your refund is on its way.');
    expect(await fields().getByLabel('Priority').inputValue()).toBe('high');
    expect(await fields().getByLabel('Tags of this ticket').textContent()).toContain('refund');
    await page.getByText(/Macro “Refund on its way” applied: 2 field changes and the reply wait/).waitFor();
    // Nothing is saved until submit.
    expect((await ticketNow(id)).priority).toBeNull();
    await shot(page, 'ticket-macro-applied');
    await page.getByRole('button', { name: 'Submit as Pending' }).click();
    await page.getByText('Reply sent.').waitFor({ timeout: 20_000 });
    const t = await ticketNow(id);
    expect(t).toMatchObject({ status: 'pending', priority: 'high', tags: ['billing', 'refund'] });
    expect((await get(`/tickets/${id}/comments`)).comments.at(-1).body).toBe('Hi Rosa, your refund is on its way.');
  }, 60_000);

  it('keeps the draft on the server across navigation and a redaction', async () => {
    const id = await newTicket('Call me back', { comment: { body: 'My number is 0161 496 0000, call after five.' } });
    await open(id);
    await replyBox().fill('Rosa, I will call 0161 496 0000 at six.');
    await fields().getByLabel('Priority').selectOption('low');
    await draftSaved();
    const saved = (await get(`/tickets/${id}/draft`)).draft;
    expect(saved).toMatchObject({ body: 'Rosa, I will call 0161 496 0000 at six.', public: true, fields: { priority: 'low' } });
    // Away and back: the words and the field change are there.
    await page.getByRole('link', { name: 'Contacts' }).click();
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();
    await page.goBack();
    await expect.poll(() => replyBox().inputValue()).toBe('Rosa, I will call 0161 496 0000 at six.');
    await page.getByText('Draft restored.').waitFor();
    expect(await fields().getByLabel('Priority').inputValue()).toBe('low');

    // Redacting the number in the conversation redacts it in the draft too; the draft stays.
    await replyBox().fill('Rosa, I will call 0161 496 0000 at six sharp.');
    await page.locator('.comment').first().getByRole('button', { name: 'Redact…' }).click();
    await page.locator('dialog[open]').getByLabel('Text to remove').fill('0161 496 0000');
    await page.locator('dialog[open]').getByRole('button', { name: 'Redact' }).click();
    await page.locator('.comment').first().getByText('▇▇▇▇').waitFor();
    await expect.poll(() => replyBox().inputValue()).toBe('Rosa, I will call ▇▇▇▇▇▇▇▇▇▇▇▇▇ at six sharp.');
    expect(await fields().getByLabel('Priority').inputValue()).toBe('low');
    expect(JSON.stringify((await get(`/tickets/${id}/draft`)).draft)).not.toContain('0161');
    await shot(page, 'ticket-draft-after-redaction');
  }, 60_000);

  it('keeps the draft on this device while the server cannot be reached, and sends it on', async () => {
    const id = await newTicket('Offline draft');
    await open(id);
    await page.route('**/api/v2/tickets/*/draft', (route) => (route.request().method() === 'PUT' ? route.abort('internetdisconnected') : route.continue()));
    await replyBox().fill('Written on a train.');
    await page.getByText('Draft saved on this device', { exact: false }).waitFor({ timeout: 10_000 });
    const key = `oubli:draft:${(await get('/users/me')).user.id}:${id}`;
    expect(await page.evaluate((k) => localStorage.getItem(k), key)).toContain('Written on a train.');
    await shot(page, 'ticket-draft-on-device');
    await page.unroute('**/api/v2/tickets/*/draft');
    await draftSaved();
    expect((await get(`/tickets/${id}/draft`)).draft.body).toBe('Written on a train.');
    // Once the server has it, this device keeps no copy.
    expect(await page.evaluate((k) => localStorage.getItem(k), key)).toBeNull();
  }, 60_000);

  it('keeps the draft through a session that expired: signing in again returns to it', async () => {
    const id = await newTicket('Session ends');
    await open(id);
    await replyBox().fill('First half.');
    await draftSaved();
    // The session runs out on the server while the agent types.
    const db = new Database(sqliteFile(server.dataDir));
    try {
      db.prepare("update sessions set expires_at = '2000-01-01T00:00:00.000Z'").run();
    } finally {
      db.close();
    }
    await replyBox().fill('First half. Second half, typed after the session ended.');
    await page.waitForURL(/\/signin\?next=/, { timeout: 15_000 });
    expect(decodeURIComponent(new URL(page.url()).searchParams.get('next') ?? '')).toBe(`/tickets/${id}`);
    // The sign-in page says why it is there.
    await page.getByText('Your session ended. Sign in to return to where you were.').waitFor();
    await shot(page, 'ticket-session-expired');
    await page.getByLabel('Email').fill(server.ownerEmail);
    await page.getByLabel('Password').fill(OWNER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(new RegExp(`/tickets/${id}$`));
    await expect.poll(() => replyBox().inputValue()).toBe('First half. Second half, typed after the session ended.');
    await draftSaved();
    expect((await get(`/tickets/${id}/draft`)).draft.body).toBe('First half. Second half, typed after the session ended.');
  }, 60_000);

  it('shows a closed ticket read-only and says why', async () => {
    const id = await newTicket('Old matter', { status: 'solved', priority: 'low' });
    expect((await ownerApi(server, 'PUT', `/tickets/${id}/close`)).status).toBe(200);
    await open(id);
    await page.getByRole('note').getByText(/closed, so it cannot be changed/).waitFor();
    expect(await page.getByRole('note').textContent()).toContain('follow-up ticket');
    expect(await replyBox().count()).toBe(0);
    expect(await fields().getByLabel('Priority').isDisabled()).toBe(true);
    expect(await fields().getByLabel('Assignee').isDisabled()).toBe(true);
    expect(await fields().getByRole('button', { name: 'Update' }).count()).toBe(0);
    expect(await fields().getByRole('button', { name: /Remove tag/ }).count()).toBe(0);
    await page.getByText('About Old matter.').waitFor();
    await requesterPanel().getByRole('link', { name: 'Rosa Router' }).waitFor();
    await shot(page, 'ticket-closed');
    // The server refuses too, whatever a page would send.
    const r = await ownerApi(server, 'PUT', `/tickets/${id}`, { ticket: { priority: 'high' } });
    expect(r.status).toBe(422);
  }, 60_000);

  it('works by keyboard alone: Tab to a field and Update, write, open the status menu and submit', async () => {
    const id = await newTicket('Keyboard only');
    await open(id);
    const focused = () => page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      const label = el?.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
      return `${el?.tagName}|${label ?? el?.getAttribute('aria-label') ?? el?.textContent ?? ''}`.trim();
    });
    const tabTo = async (want: RegExp, key = 'Tab') => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press(key);
        if (want.test(await focused())) return;
      }
      throw new Error(`never reached ${want} (last: ${await focused()})`);
    };
    await page.locator('body').focus();
    await tabTo(/^TEXTAREA/);
    await page.keyboard.type('Typed without a mouse.');
    await tabTo(/^BUTTON\|Other statuses/);
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Submit as Open' }).waitFor();
    expect(await focused()).toMatch(/Submit as Open/);
    await page.keyboard.press('Escape');
    expect(await focused()).toMatch(/Other statuses/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toMatch(/Submit as Pending/);
    await page.keyboard.press('Enter');
    await page.getByText('Reply sent.').waitFor({ timeout: 20_000 });
    expect((await ticketNow(id)).status).toBe('pending');

    await tabTo(/^SELECT\|Priority/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await tabTo(/^BUTTON\|Update/);
    await shot(page, 'ticket-keyboard-update');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await ticketNow(id)).priority).toBe('normal');
    expect(errors).toEqual([]);
  }, 90_000);

  it('fits a 390 px screen: the reply first, then the fields and the requester', async () => {
    const narrow = await newContext(browser, server, { width: 390, height: 844 });
    try {
      await signIn(narrow.page, 'ben@e2e.test', 'ben password for tests');
      const p = narrow.page;
      await p.goto(`/tickets/${ids.main}`);
      await p.getByRole('region', { name: 'Requester' }).getByText('Acme Routers').waitFor();
      expect(await fitsWidth(p)).toBe(true);
      await shot(p, 'ticket-page-390', { fullPage: true });
      await p.getByRole('textbox', { name: /Reply to the requester/ }).fill('From my phone.');
      const reply = await p.getByRole('form', { name: 'Reply' }).boundingBox();
      const side = await p.getByRole('region', { name: 'Ticket fields' }).boundingBox();
      expect(side!.y).toBeGreaterThan(reply!.y);
      await p.getByRole('button', { name: 'Other statuses' }).click();
      await shot(p, 'ticket-submit-menu-390');
      await p.getByRole('menuitem', { name: 'Submit as Open' }).click();
      await p.getByText('Reply sent.').waitFor({ timeout: 20_000 });
      expect(await fitsWidth(p)).toBe(true);
      expect(narrow.errors).toEqual([]);
    } finally {
      await narrow.context.close();
    }
  }, 90_000);
});
