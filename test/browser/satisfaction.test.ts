import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeEachDb } from '../db.ts';
import { startServer, type RunningServer } from '../server.ts';
import { startRelay, type Relay } from '../smtp.ts';
import { ensureWebBuild } from '../../web/scripts/ensure-build.ts';
import { launchChromium, newContext, OWNER_PASSWORD, ownerApi, setPasswordByCli, shot, signIn } from './helpers.ts';

// Satisfaction in Chromium against the real server (docs/satisfaction.md): a requester rates
// a solved ticket from the survey mail (real SMTP to a local relay; the survey is offered by
// `oubli sweep`), and the agent sees the rating on the ticket; an admin creates and sends an
// NPS survey in the Satisfaction page, the contact answers from its mail, the admin sees the
// answer. The request log holds neither the links' secrets nor the comments.

async function until<T>(relay: Relay, get: () => T | undefined, ms = 20_000): Promise<T> {
  for (const end = Date.now() + ms; ; ) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeEachDb('satisfaction surveys in the browser', (kind) => {
  let server: RunningServer;
  let relay: Relay;
  let browser: Browser;
  let owner: Page;
  let requester: Page;
  let ticketId = 0;
  const linkOf = (to: string, kind: string) =>
    until(relay, () => {
      const mail = relay.caught.find((c) => c.to.includes(to) && c.parsed.text?.includes(`/${kind}/`));
      const m = mail && new RegExp(`https?://[^\\s]+/${kind}/[A-Za-z0-9_-]+`).exec(mail.parsed.text!);
      return m ? m[0] : undefined;
    });

  beforeAll(async () => {
    await ensureWebBuild();
    relay = await startRelay();
    server = await startServer(kind, [], { OUBLI_LOG_LEVEL: 'info', OUBLI_MAIL_POLL_MS: '200' });
    await setPasswordByCli(server, server.ownerEmail, OWNER_PASSWORD);
    const s = await ownerApi(server, 'PUT', '/account/settings', { settings: { smtp_relay: relay.url, satisfaction_enabled: true, satisfaction_delay_hours: 0, public_url: server.baseUrl } });
    expect(s.status).toBe(200);
    const u = await ownerApi(server, 'POST', '/users', { user: { name: 'Rita Rater', email: 'rita@example.test', tags: ['vip'] } });
    const t = await ownerApi(server, 'POST', '/tickets', { ticket: { subject: 'Broken kettle', requester_id: u.body.user.id, comment: { body: 'It leaks.' } } });
    ticketId = t.body.ticket.id;
    expect((await ownerApi(server, 'PUT', `/tickets/${ticketId}`, { ticket: { status: 'solved' } })).status).toBe(200);
    browser = await launchChromium();
    owner = (await newContext(browser, server)).page;
    requester = (await newContext(browser, server)).page;
    await signIn(owner, server.ownerEmail, OWNER_PASSWORD);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await relay?.close();
  });

  it('the requester rates the solved ticket from the survey mail, and the agent sees it on the ticket', async () => {
    // No delay: the sweep run now, by its own process, offers the survey; the server's outbox sends it.
    const swept = await server.cli(['sweep', '--data-dir', server.dataDir]);
    expect(swept.code, swept.stderr).toBe(0);
    expect(swept.stdout).toContain('offered the satisfaction survey of 1 solved tickets');
    const link = await linkOf('rita@example.test', 'satisfaction');
    await requester.goto(`${link}?score=bad`);
    await expect.poll(() => requester.getByLabel('Bad, I’m unsatisfied').isChecked()).toBe(true);
    await requester.getByLabel('If bad, why?').selectOption({ label: 'The issue was not resolved' });
    await requester.getByLabel('Comment (optional)').fill('Rita says: still leaking');
    await requester.getByRole('button', { name: 'Submit rating' }).click();
    await requester.getByRole('status').filter({ hasText: 'your rating was saved' }).waitFor();
    await shot(requester, `satisfaction-rated-${kind}`);

    await owner.goto(`/tickets/${ticketId}`);
    const panel = owner.getByRole('region', { name: 'Satisfaction' });
    await expect.poll(() => panel.textContent()).toContain('Bad, unsatisfied');
    expect(await panel.textContent()).toContain('Rita says: still leaking');
    expect(await panel.textContent()).toContain('The issue was not resolved');
    // A made-up link: a clear page, no form.
    const bad = await requester.goto(`${server.baseUrl}/satisfaction/not-a-link`);
    expect(bad?.status()).toBe(404);
    expect(await requester.textContent('body')).toContain('This survey link is not valid.');
  }, 90_000);

  it('an admin sends an NPS survey from the Satisfaction page; the contact answers it from the mail', async () => {
    await owner.goto('/settings');
    await owner.getByRole('link', { name: 'Satisfaction surveys and ratings' }).click();
    await owner.getByLabel('Name').fill('Spring NPS');
    await owner.getByLabel('Only contacts tagged').fill('vip');
    await owner.getByRole('button', { name: 'Create survey' }).click();
    await owner.getByRole('button', { name: 'Send “Spring NPS”' }).click();
    await owner.getByText('Survey sent to 1 contacts.').waitFor();
    const link = await linkOf('rita@example.test', 'nps');
    await requester.goto(`${link}?rating=9`);
    await expect.poll(() => requester.getByLabel('9', { exact: true }).isChecked()).toBe(true);
    await requester.getByLabel('What is the main reason for your score? (optional)').fill('Rita likes the kettle app');
    await requester.getByRole('button', { name: 'Send' }).click();
    await requester.getByRole('status').filter({ hasText: 'your answer was saved' }).waitFor();

    await owner.reload();
    const answers = owner.getByRole('region', { name: 'NPS answers' });
    await expect.poll(() => answers.textContent()).toContain('Rita likes the kettle app');
    expect(await answers.textContent()).toContain('Rita Rater');
    const surveys = owner.getByRole('region', { name: 'NPS surveys' });
    expect(await surveys.textContent()).toContain('100');
    await shot(owner, `satisfaction-admin-${kind}`);

    // The log has the routes' patterns, never a link's secret or a comment.
    const out = server.output();
    expect(out).toContain('/satisfaction/:token');
    for (const secret of [link.split('/').pop()!, (await linkOf('rita@example.test', 'satisfaction')).split('/').pop()!]) expect(out).not.toContain(secret);
    expect(out).not.toContain('still leaking');
    expect(out).not.toContain('kettle app');
  }, 90_000);
});
