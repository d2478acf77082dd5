import { createServer, type Server } from 'node:http';
import { crc32, deflateSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuild } from '../../web/scripts/ensure-build.ts';
import { startServer, type RunningServer } from '../server.ts';
import { freePort, smtpClient } from '../smtp.ts';
import { fitsWidth, launchChromium, newContext, OWNER_PASSWORD, ownerApi, requireChromium, setPasswordByCli, shot, signIn } from './helpers.ts';

// The conversation as an agent reads it: customer comments, public replies and internal
// notes look different and say so in words; a mail's inline image (cid:) shows in place,
// from a real MIME message sent to the SMTP port; a remote image makes no request at all
// until the agent presses "Show images" on that comment, and then exactly one.

/** A solid-colour PNG of w×h pixels, so that a loaded image has a size to check and to see. */
function png(w: number, h: number, [r, g, b]: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3).map((_, i) => [r, g, b][i % 3]!)]);
  const pixels = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}
const SCREENSHOT = png(240, 90, [45, 140, 90]);
const LOGO = png(120, 40, [200, 60, 40]);

requireChromium();

describe('the conversation in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let images: Server;
  let imagePort: number;
  /** Requests the remote image server got, by path. */
  const hits: Record<string, number> = {};
  let ticketId = 0;

  beforeAll(async () => {
    images = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0]!;
      hits[path] = (hits[path] ?? 0) + 1;
      res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' }).end(LOGO);
    });
    await new Promise<void>((r) => images.listen(0, '127.0.0.1', r));
    imagePort = (images.address() as { port: number }).port;

    await ensureWebBuild();
    const smtpPort = await freePort();
    server = await startServer('sqlite', ['--smtp-port', String(smtpPort)]);
    await setPasswordByCli(server, server.ownerEmail, OWNER_PASSWORD);

    // A real MIME message: HTML with an inline image (multipart/related) and a remote one.
    const mail = smtpClient(smtpPort);
    try {
      await mail.sendMail({
        from: 'Carla Customer <carla@example.test>',
        to: 'support@oubli.test',
        subject: 'The login page looks broken',
        text: 'See the screenshot. [image] And the logo [remote image].',
        html:
          '<p>See the screenshot:</p><p><img src="cid:screenshot.1@carla" alt="screen"></p>' +
          `<p>And our logo: <img src="http://127.0.0.1:${imagePort}/logo-one.png?u=carla" alt="logo"></p>`,
        attachments: [{ filename: 'screenshot.png', content: SCREENSHOT, contentType: 'image/png', cid: 'screenshot.1@carla' }],
      });
      const list = await ownerApi(server, 'GET', '/tickets');
      ticketId = list.body.tickets[0].id;
      // Her second message, on the same ticket, with a remote image of its own.
      await mail.sendMail({
        from: 'Carla Customer <carla@example.test>',
        to: 'support@oubli.test',
        subject: `Re: The login page looks broken [#${ticketId}]`,
        text: 'Still broken.',
        html: `<p>Still broken, see <img src="http://127.0.0.1:${imagePort}/logo-two.png"></p>`,
      });
    } finally {
      mail.close();
    }
    expect((await ownerApi(server, 'PUT', `/tickets/${ticketId}`, { ticket: { comment: { body: 'Thanks Carla, we are looking at it.' } } })).status).toBe(200);
    expect((await ownerApi(server, 'PUT', `/tickets/${ticketId}`, { ticket: { comment: { body: 'Looks like the CSS bundle failed.', public: false } } })).status).toBe(200);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise<void>((r) => (images ? images.close(() => r()) : r()));
  });

  const comment = (page: Page, text: string) => page.locator('article.comment', { hasText: text });

  async function seriousViolations(page: Page): Promise<string[]> {
    const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  }

  for (const size of [
    { label: '1280', width: 1280, height: 800 },
    { label: '390', width: 390, height: 844 },
  ]) {
    it(`tells customer comments, public replies and internal notes apart, in words too, at ${size.label}`, async () => {
      const { context, page, errors } = await newContext(browser, server, size);
      try {
        await signIn(page, server.ownerEmail, OWNER_PASSWORD);
        await page.goto(`/tickets/${ticketId}`);
        await comment(page, 'Looks like the CSS bundle failed.').waitFor();
        const kinds = await page.locator('article.comment').evaluateAll((els) =>
          els.map((el) => ({
            kind: el.getAttribute('data-kind'),
            label: el.querySelector('.comment__kind')?.textContent,
            author: el.querySelector('.comment__author strong')?.textContent,
            role: el.querySelector('.comment__role')?.textContent ?? null,
            background: getComputedStyle(el).backgroundColor,
            edge: `${getComputedStyle(el).borderLeftStyle} ${getComputedStyle(el).borderLeftColor}`,
          })),
        );
        expect(kinds.map((k) => [k.kind, k.label, k.author, k.role])).toEqual([
          ['customer', 'Customer', 'Carla Customer', null],
          ['customer', 'Customer', 'Carla Customer', null],
          ['reply', 'Public reply', 'Olive Owner', 'Admin'],
          ['note', 'Internal note', 'Olive Owner', 'Admin'],
        ]);
        // The name is shown whole, not clipped, when there is room.
        const clipped = await page.locator('.comment__author strong').first().evaluate((el) => el.scrollWidth > el.clientWidth);
        expect(clipped).toBe(false);
        // Three looks: background and left edge differ between the kinds.
        expect(new Set(kinds.map((k) => `${k.background} ${k.edge}`)).size).toBe(3);
        expect(await fitsWidth(page)).toBe(true);
        await page.waitForLoadState('networkidle');
        expect(await seriousViolations(page)).toEqual([]);
        await shot(page, `conversation-kinds-${size.label}`, { fullPage: true });
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 90_000);
  }

  it('shows the inline image in place, and loads a remote image only after "Show images", for that comment only', async () => {
    const { context, page, errors } = await newContext(browser, server);
    const seen: string[] = [];
    page.on('request', (r) => seen.push(r.url()));
    try {
      await signIn(page, server.ownerEmail, OWNER_PASSWORD);
      await page.goto(`/tickets/${ticketId}`);
      const first = comment(page, 'See the screenshot');
      const second = comment(page, 'Still broken');
      // The cid: image is the attachment, from our server, loaded with the session cookie.
      const inline = first.getByRole('img', { name: 'Inline image screenshot.png' });
      await inline.waitFor();
      await expect.poll(() => inline.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(240);
      expect(await inline.getAttribute('src')).toMatch(/^\/api\/v2\/attachments\/\d+\/content$/);
      expect(await first.locator('.comment__body img').count()).toBe(1);
      // The remote images are placeholders, and nothing asked for them.
      await expect.poll(() => first.locator('.image-placeholder').textContent()).toBe('Remote image blocked to protect your privacy');
      await second.locator('.image-placeholder').waitFor();
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(500);
      expect(hits).toEqual({});
      expect(seen.filter((u) => u.includes(`:${imagePort}/`))).toEqual([]);
      expect(await page.locator('article.comment').first().innerHTML()).not.toContain(`${imagePort}`);
      expect(await seriousViolations(page)).toEqual([]);
      await shot(page, 'conversation-images-blocked');

      await first.getByRole('button', { name: 'Show images' }).click();
      // The sender's alt text is not kept (it would be text search never sees): the app names it.
      const logo = first.getByRole('img', { name: 'Remote image' });
      await expect.poll(() => logo.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(120);
      await expect.poll(() => hits['/logo-one.png']).toBe(1);
      expect(await logo.getAttribute('referrerpolicy')).toBe('no-referrer');
      // The other comment's image is still blocked: no request for it.
      await page.waitForTimeout(500);
      expect(hits).toEqual({ '/logo-one.png': 1 });
      expect(await second.locator('.image-placeholder').count()).toBe(1);
      expect(await second.getByRole('button', { name: 'Show images' }).count()).toBe(1);
      expect(await first.getByRole('button', { name: 'Show images' }).count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      await shot(page, 'conversation-images-shown', { fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('blocks the remote image again on a new visit', async () => {
    const before = { ...hits };
    const { context, page } = await newContext(browser, server, { width: 390, height: 844 });
    try {
      await signIn(page, server.ownerEmail, OWNER_PASSWORD);
      await page.goto(`/tickets/${ticketId}`);
      await comment(page, 'See the screenshot').locator('.image-placeholder').waitFor();
      await page.waitForLoadState('networkidle');
      expect(hits).toEqual(before);
      expect(await fitsWidth(page)).toBe(true);
      await shot(page, 'conversation-images-390', { fullPage: true });
    } finally {
      await context.close();
    }
  }, 60_000);

  it('says an inline image is not available once it is redacted, and loads nothing for it', async () => {
    const c = (await ownerApi(server, 'GET', `/tickets/${ticketId}/comments`)).body.comments[0];
    const a = c.attachments.find((x: { content_id: string | null }) => x.content_id === 'screenshot.1@carla');
    expect((await ownerApi(server, 'PUT', `/tickets/${ticketId}/comments/${c.id}/attachments/${a.id}/redact`)).status).toBe(200);
    const { context, page } = await newContext(browser, server);
    try {
      await signIn(page, server.ownerEmail, OWNER_PASSWORD);
      await page.goto(`/tickets/${ticketId}`);
      const first = comment(page, 'See the screenshot');
      await first.getByText('Inline image not available').waitFor();
      expect(await first.locator('.comment__body img').count()).toBe(0);
      expect(await first.getByRole('img').count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 60_000);
});
