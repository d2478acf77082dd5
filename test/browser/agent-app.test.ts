import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningServer } from '../server.ts';
import { fitsWidth, launchChromium, newContext, OWNER_PASSWORD, ownerApi, requireChromium, shot, signIn, startAppServer } from './helpers.ts';

// The agent web app in a real Chromium against the real server (`oubli setup`, then
// `oubli user set-password`, then `oubli serve`), as a person would use it. Screenshots
// of each main page go to test-artifacts/screenshots/. The API is covered per database
// elsewhere; this runs on SQLite.

type Any = any;
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

requireChromium();

describe('the agent web app in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  const ids: Record<string, number> = {};
  const tickets: Record<string, number> = {};
  const LONG_NAME = `Maximiliana ${'Wolfeschlegelsteinhausenbergerdorff'.repeat(4)} the ${'Very '.repeat(15)}Long-Named`;
  const LONG_SUBJECT = `Subject ${'withoutanyspaces'.repeat(8)} then ${'many words '.repeat(8)}`;

  const contact = async (key: string, name: string, email: string, subject: string, comment = 'Hello, please help.') => {
    const u = await ownerApi(server, 'POST', '/users', { user: { name, email } });
    expect(u.status).toBe(201);
    ids[key] = u.body.user.id;
    const t = await ownerApi(server, 'POST', '/tickets', { ticket: { subject, comment: { body: comment }, requester_id: ids[key] } });
    expect(t.status).toBe(201);
    tickets[key] = t.body.ticket.id;
  };
  /** Waits for the bulk job in the corner to finish, then closes it as a person would. */
  const jobDone = async (p: Page, screenshot?: string) => {
    await p.locator('.jobtray').getByText(/^Done:/).last().waitFor({ timeout: 20_000 });
    if (screenshot) await shot(p, screenshot);
    for (const b of await p.locator('.jobtray').getByRole('button', { name: /^Dismiss/ }).all()) await b.click();
  };
  const dialog = (p: Page) => p.locator('dialog[open]');
  // Tab from the dialog's last control comes back to its first, Shift+Tab from the first goes
  // to the last: focus never leaves for the browser's toolbar (lib/focus.ts trapTab).
  const FOCUSABLE = 'button:not(:disabled), [href], input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';
  const tabStaysIn = async (p: Page) => {
    const isAt = (end: 'first' | 'last') =>
      p.evaluate(([sel, which]) => {
        const all = [...document.querySelectorAll<HTMLElement>(`dialog[open] :is(${sel})`)];
        return all.length > 1 && document.activeElement === (which === 'first' ? all[0] : all[all.length - 1]);
      }, [FOCUSABLE, end] as const);
    await p.evaluate((sel) => [...document.querySelectorAll<HTMLElement>(`dialog[open] :is(${sel})`)].pop()!.focus(), FOCUSABLE);
    expect(await isAt('last')).toBe(true);
    await p.keyboard.press('Tab');
    expect(await isAt('first'), 'Tab from the last control').toBe(true);
    await p.keyboard.press('Shift+Tab');
    expect(await isAt('last'), 'Shift+Tab from the first control').toBe(true);
  };

  beforeAll(async () => {
    server = await startAppServer();
    await contact('sam', 'Sam Spammer', 'sam@spam.test', 'Cheap watches, best prices');
    await contact('dana', 'Dana Doe', 'dana@e2e.test', 'Printer on fire', 'The printer at 221B Baker Street is on fire.');
    await contact('rita', 'Rita Restore', 'rita@e2e.test', 'Refund please');
    await contact('evan', 'Evan Erase', 'evan@e2e.test', 'Forget me');
    await contact('long', LONG_NAME, 'long@e2e.test', LONG_SUBJECT);
    browser = await launchChromium();
    ({ context, page, errors } = await newContext(browser, server));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in with email and password into an HttpOnly, SameSite session', async () => {
    await page.goto('/contacts');
    await page.waitForURL(/\/signin\?next=%2Fcontacts/);
    await shot(page, 'sign-in');
    await page.getByLabel('Email').fill(server.ownerEmail);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong email or password');
    await page.getByLabel('Password').fill(OWNER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/contacts$/);
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'oubli_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    expect(await page.evaluate(() => document.cookie)).not.toContain('oubli_session');
  }, 60_000);

  it('marks a ticket as spam, and its requester shows in Suspended', async () => {
    await page.goto(`/tickets/${tickets.sam}`);
    await page.getByRole('heading', { name: 'Cheap watches, best prices' }).waitFor();
    await page.locator('.page-actions').getByRole('button', { name: 'Mark as spam' }).click();
    await expect.poll(() => dialog(page).textContent()).toContain('Sam Spammer will be suspended');
    await shot(page, 'confirm-mark-spam');
    await tabStaysIn(page);
    await dialog(page).getByRole('button', { name: 'Mark as spam' }).click();
    await page.waitForURL(/\/views\/spam$/);
    await page.getByRole('link', { name: 'Cheap watches, best prices' }).waitFor();
    await page.goto('/contacts?tab=suspended');
    await page.getByRole('link', { name: 'Sam Spammer' }).waitFor();
    await shot(page, 'contacts-suspended');
    const u = await ownerApi(server, 'GET', `/users/${ids.sam}`);
    expect(u.body.user.suspended).toBe(true);
  }, 60_000);

  it('deletes a contact, and their tickets are in Spam', async () => {
    await page.goto('/contacts');
    await page.getByLabel('Search contacts by name, email or phone').fill('Rita');
    await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await page.getByLabel('Select Rita Restore').check();
    await page.getByRole('region', { name: /Bulk actions/ }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => dialog(page).textContent()).toContain('Each ticket they requested moves to Spam');
    await shot(page, 'confirm-delete-contact');
    await dialog(page).getByRole('button', { name: 'Delete' }).click();
    await jobDone(page, 'job-tray');
    await page.goto('/views/spam');
    const row = page.getByRole('row', { name: /Refund please/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Requester deleted');
    await shot(page, 'tickets-spam');
  }, 60_000);

  it('restores the deleted contact, and with them the tickets the deletion moved', async () => {
    await page.goto('/contacts?tab=deleted');
    await page.getByLabel('Select Rita Restore').check();
    await shot(page, 'contacts-deleted-selected');
    await page.getByRole('region', { name: /Bulk actions/ }).getByRole('button', { name: 'Restore' }).click();
    await jobDone(page);
    await page.goto('/contacts');
    await page.getByRole('link', { name: 'Rita Restore' }).waitFor();
    await page.goto('/views/open');
    await page.getByRole('link', { name: 'Refund please' }).waitFor();
  }, 60_000);

  it('deletes forever only after a confirmation that says what is erased and that it is final', async () => {
    await page.goto(`/contacts/${ids.evan}`);
    await page.locator('.page-actions').getByRole('button', { name: 'Delete' }).click();
    await dialog(page).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('status').getByText(/moved to Deleted contacts/).waitFor();
    await page.goto('/contacts?tab=deleted');
    await page.getByLabel('Select Evan Erase').check();
    await page.getByRole('region', { name: /Bulk actions/ }).getByRole('button', { name: 'Delete forever' }).click();
    const text = await dialog(page).textContent();
    expect(text).toContain('This cannot be undone');
    expect(text).toContain('every ticket they requested');
    const confirmButton = dialog(page).getByRole('button', { name: 'Delete forever' });
    expect(await confirmButton.isDisabled()).toBe(true);
    await shot(page, 'confirm-delete-forever');
    await dialog(page).getByLabel('I understand this cannot be undone.').check();
    await confirmButton.click();
    await jobDone(page);
    await expect.poll(async () => (await ownerApi(server, 'GET', `/deleted_users/${ids.evan}`)).status).toBe(404);
    expect((await ownerApi(server, 'GET', `/tickets/${tickets.evan}`)).status).toBe(404);

    // A ticket in Spam, erased from the Spam view.
    await page.goto('/views/spam');
    await page.getByLabel(/Select ticket #\d+ Cheap watches/).check();
    await page.getByRole('region', { name: /Bulk actions/ }).getByRole('button', { name: 'Delete forever' }).click();
    expect(await dialog(page).textContent()).toContain('attachments and inline images');
    await dialog(page).getByLabel('I understand this cannot be undone.').check();
    await dialog(page).getByRole('button', { name: 'Delete forever' }).click();
    await jobDone(page);
    await expect.poll(() => page.getByRole('link', { name: 'Cheap watches, best prices' }).count()).toBe(0);
  }, 90_000);

  it('asks before destroying, with focus on Cancel, and Escape changes nothing', async () => {
    await page.goto(`/tickets/${tickets.dana}`);
    await page.getByRole('heading', { name: 'Printer on fire' }).waitFor();
    const spam = page.locator('.page-actions').getByRole('button', { name: 'Mark as spam' });
    await spam.focus();
    await page.keyboard.press('Enter');
    await dialog(page).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog(page).count()).toBe(0);
    const u = await ownerApi(server, 'GET', `/users/${ids.dana}`);
    expect(u.body.user.suspended).toBe(false);
  }, 60_000);

  it('replies and adds an internal note, and changes the status', async () => {
    await page.goto(`/tickets/${tickets.dana}`);
    await page.getByPlaceholder('Reply to the requester…').fill('We are on our way with an extinguisher.');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('We are on our way with an extinguisher.').waitFor();
    await page.getByLabel('Internal note').check();
    await page.getByPlaceholder(/Note for your team/).fill('Check the warranty first.');
    await page.getByRole('button', { name: 'Other statuses' }).click();
    await page.getByRole('menuitem', { name: 'Submit as Pending' }).click();
    await page.getByText('Check the warranty first.').waitFor();
    // The note's own answer first (the live feed can show the note before it): what follows
    // is a new submit, not a race with this one (the late-answer test below is that race).
    await page.getByText(/^Note added\./).waitFor();
    // A file attached to a reply, shown as an image loaded with the session cookie.
    await page.getByLabel('Public reply').check();
    await page.getByLabel('Attach files').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1PX, 'base64') });
    await page.getByRole('button', { name: 'Submit' }).click();
    const img = page.getByRole('img', { name: 'dot.png' });
    await img.waitFor();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(1);
    const t = await ownerApi(server, 'GET', `/tickets/${tickets.dana}`);
    expect(t.body.ticket.status).toBe('pending');
    const c = await ownerApi(server, 'GET', `/tickets/${tickets.dana}/comments`);
    expect(c.body.comments.map((x: Any) => x.public)).toEqual([true, true, false, true]);
    expect(c.body.comments[3].attachments[0].file_name).toBe('dot.png');
    await shot(page, 'ticket', { fullPage: true });
  }, 60_000);

  it('keeps what the agent chose after sending, when the answer comes after the live feed showed the reply', async () => {
    const t = await ownerApi(server, 'POST', '/tickets', { ticket: { subject: 'Late answer', comment: { body: 'Hello?' }, requester_id: ids.dana } });
    const id = t.body.ticket.id as number;
    await page.goto(`/tickets/${id}`);
    await page.getByRole('heading', { name: 'Late answer' }).waitFor();
    // The server's answer to the submit is held until the reply is already on the page.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route(`**/api/v2/tickets/${id}`, async (route) => {
      if (route.request().method() !== 'PUT') return route.fallback();
      const response = await route.fetch();
      await held;
      await route.fulfill({ response });
    });
    try {
      await page.getByPlaceholder('Reply to the requester…').fill('On it.');
      await page.getByRole('button', { name: 'Submit' }).click();
      await page.locator('article.comment', { hasText: 'On it.' }).waitFor();
      await page.getByLabel('Internal note').check();
      await page.getByLabel('Attach files').setInputFiles({ name: 'later.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1PX, 'base64') });
      release();
      // The outcome line follows the mail: "Reply added; sending…", then "Queued — …" (no relay here).
      await page.getByText(/^(Reply added|Reply sent|Queued)/).first().waitFor();
      // The answer cleared what was sent, not the choice made since.
      expect(await page.getByLabel('Internal note').isChecked()).toBe(true);
      expect(await page.getByPlaceholder(/Note for your team/).inputValue()).toBe('');
      expect(await page.locator('.reply__bar').textContent()).toContain('later.png');
    } finally {
      release();
      await page.unroute(`**/api/v2/tickets/${id}`);
    }
  }, 60_000);

  it('shows comment HTML only after sanitizing it, even if the server sent it raw', async () => {
    const evil =
      '<p>Hello from <b>Dana</b></p><img src=x onerror="window.__xss=1"><script>window.__xss=2</script>' +
      '<a href="javascript:window.__xss=3">click</a><img src="https://tracker.example/pixel.gif" alt="pixel">' +
      '<iframe src="https://example.com"></iframe><p style="position:fixed;inset:0">cover</p>';
    await page.route(`**/api/v2/tickets/${tickets.rita}/comments**`, async (route) => {
      const res = await route.fetch();
      const body = await res.json();
      body.comments[0].html_body = evil;
      await route.fulfill({ response: res, json: body });
    });
    await page.goto(`/tickets/${tickets.rita}`);
    await page.getByText('Hello from').waitFor();
    await page.locator('a', { hasText: 'click' }).click({ trial: true });
    const html = await page.locator('.comment__body').first().innerHTML();
    expect(html).not.toMatch(/onerror|<script|javascript:|<iframe|style=/i);
    expect(html).not.toContain('tracker.example');
    expect(await page.evaluate(() => (window as Any).__xss)).toBeUndefined();
    // Chromium reports the handler the second line of defence (the content security policy)
    // blocked while the sanitizer parsed the HTML: expected here, and nothing ran.
    for (let i = errors.length - 1; i >= 0; i--) if (/Content Security Policy/.test(errors[i]!)) errors.splice(i, 1);
    await page.unroute(`**/api/v2/tickets/${tickets.rita}/comments**`);
  }, 60_000);

  it('invites an agent, who sets a password with the link and sees only what an agent may do', async () => {
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Invite agent' }).click();
    await dialog(page).getByLabel('Name').fill('Ada Agent');
    await dialog(page).getByLabel('Email').fill('ada@e2e.test');
    await tabStaysIn(page);
    await dialog(page).getByRole('button', { name: 'Invite and get link' }).click();
    const link = await page.getByTestId('one-time-link').inputValue();
    expect(link).toMatch(/\/set-password#token=/);
    await shot(page, 'invite-link');
    await tabStaysIn(page);
    await dialog(page).getByRole('button', { name: 'Done' }).click();
    await page.getByRole('link', { name: 'Ada Agent' }).waitFor();
    await shot(page, 'settings', { fullPage: true });

    const agent = await newContext(browser, server);
    try {
      await agent.page.goto(link);
      await agent.page.getByLabel('New password').fill('ada chooses this one');
      await agent.page.getByLabel('Again').fill('ada chooses this one');
      await agent.page.getByRole('button', { name: 'Set password and sign in' }).click();
      await agent.page.getByRole('navigation', { name: 'Main' }).waitFor();
      expect(agent.page.url()).not.toContain('token');
      const nav = await agent.page.getByRole('navigation', { name: 'Main' }).textContent();
      expect(nav).toContain('Contacts');
      expect(nav).not.toContain('Settings');
      expect(nav).not.toContain('Audit log');
      await agent.page.goto(`/tickets/${tickets.rita}`);
      await agent.page.getByRole('heading', { name: 'Refund please' }).waitFor();
      const actions = agent.page.locator('.page-actions');
      expect(await actions.getByRole('button', { name: 'Mark as spam' }).count()).toBe(1);
      expect(await actions.getByRole('button', { name: 'Delete' }).count()).toBe(0);
      const tabs = await agent.page.goto('/views/open').then(() => agent.page.getByRole('navigation', { name: 'Ticket views' }).textContent());
      expect(tabs).not.toContain('Deleted');
      // The link worked once.
      const again = await newContext(browser, server);
      await again.page.goto(link);
      await again.page.getByLabel('New password').fill('someone else tries');
      await again.page.getByLabel('Again').fill('someone else tries');
      await again.page.getByRole('button', { name: 'Set password and sign in' }).click();
      await expect.poll(() => again.page.getByRole('alert').textContent()).toContain('expired or was already used');
      await again.context.close();
    } finally {
      await agent.context.close();
    }
  }, 90_000);

  it('keeps long names and subjects inside the page, at 1280×800 and on a narrow screen', async () => {
    const pages: [string, string][] = [
      ['tickets-open', '/views/open'],
      ['ticket-long', `/tickets/${tickets.long}`],
      ['contacts', '/contacts'],
      ['contact-long', `/contacts/${ids.long}`],
      ['contact', `/contacts/${ids.dana}`],
      ['audit-log', '/audit-log'],
    ];
    for (const [name, path] of pages) {
      await page.goto(path);
      await page.locator('.page-title').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await fitsWidth(page), `${name} at 1280`).toBe(true);
      await shot(page, name);
    }
    const narrow = await newContext(browser, server, { width: 390, height: 844 });
    try {
      await signIn(narrow.page, server.ownerEmail, OWNER_PASSWORD);
      for (const [name, path] of [...pages, ['settings', '/settings'] as [string, string]]) {
        await narrow.page.goto(path);
        await narrow.page.locator('.page-title').first().waitFor();
        await narrow.page.waitForLoadState('networkidle');
        expect(await fitsWidth(narrow.page), `${name} at 390`).toBe(true);
        await shot(narrow.page, `narrow-${name}`);
      }
    } finally {
      await narrow.context.close();
    }
  }, 120_000);

  it('redacts a string from a comment', async () => {
    await page.goto(`/tickets/${tickets.dana}`);
    const first = page.locator('.comment').first();
    await first.getByText('221B Baker Street', { exact: false }).waitFor();
    await page.evaluate(() => {
      const body = document.querySelector('.comment .comment__body')!;
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.textContent!.indexOf('221B Baker Street');
        if (i >= 0) {
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + '221B Baker Street'.length);
          window.getSelection()!.removeAllRanges();
          window.getSelection()!.addRange(r);
          return;
        }
      }
    });
    await first.getByRole('button', { name: 'Redact…' }).click();
    // The dialog fills the field from the selection once it has opened: wait for it, not
    // for the first paint (under load the two are apart).
    const textField = dialog(page).getByLabel('Text to remove');
    await textField.waitFor();
    await page.waitForFunction(
      (el) => (el as HTMLInputElement).value === '221B Baker Street',
      await textField.elementHandle(),
      { timeout: 10_000 },
    );
    await shot(page, 'confirm-redact');
    await dialog(page).getByRole('button', { name: 'Redact' }).click();
    await first.getByText('▇▇▇▇').waitFor();
    expect(await first.textContent()).not.toContain('221B Baker Street');
    const c = await ownerApi(server, 'GET', `/tickets/${tickets.dana}/comments`);
    expect(JSON.stringify(c.body)).not.toContain('221B Baker Street');

    // A closed ticket cannot be redacted: the button is off and the page says why.
    const t = await ownerApi(server, 'POST', '/tickets', { ticket: { subject: 'Closed matter', status: 'solved', comment: { body: 'Call me on 0161 496 0000.' }, requester_id: ids.dana } });
    expect((await ownerApi(server, 'PUT', `/tickets/${t.body.ticket.id}/close`)).status).toBe(200);
    await page.goto(`/tickets/${t.body.ticket.id}`);
    await page.getByRole('heading', { name: 'Closed matter' }).waitFor();
    expect(await page.locator('.comment').first().getByRole('button', { name: 'Redact…' }).isDisabled()).toBe(true);
    await page.getByText('Closed tickets cannot be changed or redacted. To remove personal data from it, delete the ticket.').waitFor();
  }, 60_000);

  // An erasure request run to its certificate: test/browser/erasure-request.test.ts.

  it('signs out, and the app asks to sign in again', async () => {
    await page.goto('/views/open');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.goto('/contacts');
    await page.waitForURL(/\/signin/);
    expect((await context.cookies()).find((c) => c.name === 'oubli_session')).toBeUndefined();
    expect(errors).toEqual([]);
  }, 60_000);
});
