import type { FastifyInstance } from 'fastify';
import { HC_LINK_MS, HC_SESSION_COOKIE } from '../../domain/hc-auth/hc-auth-rules.ts';
import { redeemSigninLink } from '../../domain/hc-auth/redeem-signin-link.ts';
import { requestSigninLink } from '../../domain/hc-auth/request-signin-link.ts';
import { signOutHc } from '../../domain/hc-auth/sign-out-hc.ts';
import { readSettingsInForce } from '../../domain/settings.ts';
import { SESSION_MAX_MS } from '../../domain/auth/session-rules.ts';
import { sendSigninMail } from '../../mail/hc-signin-mail.ts';
import { isHttps } from '../session.ts';
import { pageCtx } from './index.ts';
import { readCheckedForm } from './forms.ts';
import { csrfField, h, originOf, page, seeOther, sendPage } from './render.ts';

// Signing in to the help centre by an emailed link (docs/help-centre-community.md "Signing
// in"). The form answers the same for every address. The link opens a page with a button:
// following the link changes nothing (a mail scanner that fetches it does not use it up),
// the button's POST uses the link once and starts the help-centre session. The token is in
// the link's query string, which no log line holds (src/logging.ts logs the route pattern).

const SENT = 'If that address belongs to an account here, a sign-in link is on its way. It works once, for 20 minutes.';

export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/hc/signin', async (req, reply) => {
    const p = await pageCtx(req, reply);
    const sent = (req.query as { sent?: unknown }).sent === '1';
    const body = `<h1>Sign in</h1>${sent ? `<p role="status">${h(SENT)}</p>` : ''}
<p>We mail you a link to sign in with: there is no password to remember.</p>
<form method="post" action="/hc/signin">${csrfField(p)}<label for="signin-email">Email</label><input id="signin-email" name="email" type="email" autocomplete="email" required maxlength="254"><button type="submit">Mail me a sign-in link</button></form>`;
    return sendPage(reply, page(p, 'Sign in', body));
  });

  app.post('/hc/signin', async (req, reply) => {
    const form = await readCheckedForm(app, req);
    const email = (form.fields.get('email') ?? '').slice(0, 254);
    const link = await requestSigninLink(req.ctx, { email, clientAddress: req.ip });
    if (link) {
      const s = await readSettingsInForce(req.ctx);
      const relay = s.smtp_relay ?? app.hcMail.relayDefault;
      const from = s.support_addresses[0] ?? app.hcMail.mailFrom ?? 'support@localhost';
      if (relay) {
        const url = `${originOf(req)}/hc/signin/link?token=${encodeURIComponent(link.token)}`;
        const ok = await sendSigninMail({ relayUrl: relay, from, to: link.to, link: url, minutes: HC_LINK_MS / 60_000 });
        if (!ok) req.log.warn({ userId: link.userId, code: 'relay_refused' }, 'help centre sign-in mail not sent');
      } else req.log.warn({ userId: link.userId, code: 'no_relay' }, 'help centre sign-in mail not sent');
    }
    return seeOther(reply, '/hc/signin?sent=1');
  });

  app.get('/hc/signin/link', async (req, reply) => {
    const p = await pageCtx(req, reply);
    const t = (req.query as { token?: unknown }).token;
    const token = typeof t === 'string' ? t.slice(0, 200) : '';
    const body = `<h1>Sign in</h1><p>Continue to sign in to the Help Center.</p>
<form method="post" action="/hc/signin/link">${csrfField(p)}<input type="hidden" name="token" value="${h(token)}"><button type="submit">Sign in</button></form>`;
    return sendPage(reply, page(p, 'Sign in', body));
  });

  app.post('/hc/signin/link', async (req, reply) => {
    const form = await readCheckedForm(app, req);
    const s = await redeemSigninLink(req.ctx, { token: form.fields.get('token') ?? '' });
    reply.setCookie(HC_SESSION_COOKIE, s.token, { path: '/hc', httpOnly: true, sameSite: 'lax', secure: isHttps(req), maxAge: Math.floor(SESSION_MAX_MS / 1000) });
    return seeOther(reply, '/hc');
  });

  app.post('/hc/signout', async (req, reply) => {
    await readCheckedForm(app, req);
    const token = req.cookies?.[HC_SESSION_COOKIE];
    if (token) await signOutHc(req.ctx, { token });
    reply.clearCookie(HC_SESSION_COOKIE, { path: '/hc', httpOnly: true, sameSite: 'lax', secure: isHttps(req) });
    return seeOther(reply, '/hc');
  });
}
