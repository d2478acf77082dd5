import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../domain/auth/actor.ts';
import { readUser } from '../../domain/contacts/read-user.ts';
import { inviteAgent } from '../../domain/auth/invite-agent.ts';
import { issuePasswordLink, type PasswordLink } from '../../domain/auth/issue-password-link.ts';
import { redeemPasswordLink } from '../../domain/auth/redeem-password-link.ts';
import { openSession, signIn } from '../../domain/auth/sign-in.ts';
import { signOut } from '../../domain/auth/sign-out.ts';
import { abilitiesFor } from '../../domain/policy.ts';
import { InvitationSchema, PasswordLinkRedeemSchema, SignInSchema, type PasswordLink as PasswordLinkBody, type SessionBody } from '../../shared/auth.ts';
import { idParam, parseRoot } from '../body.ts';
import { ts } from '../presenters/common.ts';
import { presentUser } from '../presenters/users.ts';
import { csrfToken, endBrowserSession, requireCsrf, SESSION_COOKIE, startBrowserSession } from '../session.ts';

// Signing in and out of the web app, and the one-time links that let agents choose a
// password. The session design is described in src/http/session.ts and docs/web.md.

async function sessionBody(req: FastifyRequest, csrf: string, userId: number | null): Promise<SessionBody> {
  const actor = req.ctx.actor;
  const row = userId !== null ? await readUser(req.ctx, { userId, shown: 'any' }) : undefined;
  if (!row || !actor) return { session: null, csrf_token: csrf };
  return {
    session: {
      user: await presentUser(req, row),
      abilities: abilitiesFor(actor),
      owner: actor.isOwner,
      via: req.headers.authorization ? 'header' : 'cookie',
    },
    csrf_token: csrf,
  };
}

function linkBody(req: FastifyRequest, link: PasswordLink): PasswordLinkBody {
  // The token travels in the fragment: browsers never send it to a server or in a Referer.
  const origin = `${req.protocol}://${req.headers.host ?? 'localhost'}`;
  return {
    user_id: link.userId,
    purpose: link.purpose,
    token: link.token,
    url: `${origin}/set-password#token=${link.token}`,
    expires_at: ts(link.expiresAt.toISOString()),
  };
}

/** Opens the browser session of a just-authenticated user and answers like GET /session. */
async function answerSignedIn(req: FastifyRequest, reply: FastifyReply, token: string, userId: number) {
  const csrf = startBrowserSession(req, reply, token);
  req.ctx.actor = actorOf(await readUser(req.ctx, { userId, shown: 'any' }));
  return sessionBody(req, csrf, userId);
}

// Signing in must work before one is signed in.
const PUBLIC = { config: { access: 'public' as const } };

export default async function routes(app: FastifyInstance): Promise<void> {
  /** Who is signed in (or `session: null`), their abilities, and a CSRF token for changes. */
  app.get('/session', PUBLIC, async (req, reply) => {
    // A dead cookie is left alone here: this answer may arrive after a sign-in in the same tab
    // has set a new one (a request sent during sign-out, answered late), and clearing then
    // would remove the new session's cookie. Sign-out clears it; the next sign-in replaces it.
    return sessionBody(req, csrfToken(req, reply), req.ctx.actor?.id ?? null);
  });

  app.post('/session', PUBLIC, async (req, reply) => {
    await requireCsrf(app, req);
    const input = parseRoot(SignInSchema, 'session', req.body);
    const s = await signIn(req.ctx, { ...input, clientAddress: req.ip });
    return answerSignedIn(req, reply, s.token, s.userId);
  });

  app.delete('/session', PUBLIC, async (req, reply) => {
    const token = req.cookies?.[SESSION_COOKIE];
    // With a live session the auth hook has already checked the CSRF token; a dead cookie is just cleared.
    if (token && req.ctx.actor) await signOut(req.ctx, { token });
    endBrowserSession(req, reply);
    return reply.status(204).send();
  });

  /** Choose a password with a one-time link, and be signed in. */
  app.post('/session/password', PUBLIC, async (req, reply) => {
    await requireCsrf(app, req);
    const input = parseRoot(PasswordLinkRedeemSchema, 'password_link', req.body);
    const { userId } = await redeemPasswordLink(req.ctx, input);
    const s = await openSession(req.ctx, { userId });
    return answerSignedIn(req, reply, s.token, s.userId);
  });

  /** An admin invites an agent or admin: the answer carries the one-time link to pass on. */
  app.post('/invitations', async (req, reply) => {
    const input = parseRoot(InvitationSchema, 'invitation', req.body);
    const link = await inviteAgent(req.ctx, input);
    return reply.status(201).send({ invitation: linkBody(req, link) });
  });

  /** A new one-time link for an existing agent or admin (a forgotten password). */
  app.post<{ Params: { id: string } }>('/users/:id/password_link', async (req, reply) => {
    const link = await issuePasswordLink(req.ctx, { userId: idParam(req.params.id), purpose: 'reset' });
    return reply.status(201).send({ password_link: linkBody(req, link) });
  });
}
