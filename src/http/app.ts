import { PublicLimits } from './public-limits.ts';
import Fastify, { type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { Ctx, Logger } from '../context.ts';
import type { Store } from '../db/connect.ts';
import { AppError } from '../errors.ts';
import type { ApiRoute } from './access.ts';
import { registerNoStore } from './no-store.ts';
import { errorHandler, notFoundHandler } from './errors.ts';
import { registerSecurityHeaders, withSecurityHeaders } from './headers.ts';
import { registerInputGuard } from './input-guard.ts';
import { registerRoutes } from './routes/index.ts';
import helpCentreFiles from './routes/help-centre-files.ts';
import { loggerOptions } from '../logging.ts';
import { registerSessionSupport } from './session.ts';
import staticPlugin from './static.ts';
import { LiveHub } from './live/hub.ts';
import { ChatHubs } from './chat/hubs.ts';
import { CHAT_FRAME_MAX } from './chat/socket-io.ts';
import chatWidget from './chat/widget-script.ts';
import hcRoutes from './hc/index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every API route with the access it declares, in registration order. */
    apiRoutes: readonly ApiRoute[];
    /** Every page route of the public help centre (/hc), as `METHOD /path`: public on purpose. */
    hcRoutes: readonly string[];
    /** The live feed's connected sockets (routes/live.ts). */
    live: LiveHub;
    /** Live chat's visitor and agent sockets (routes/chat-live.ts). */
    chat: ChatHubs;
    /** How often one network may use what needs no sign-in (public-limits.ts). */
    publicLimits: PublicLimits;
    /** The relay `oubli serve` was given (--smtp-relay), in force while Settings names none. */
    mailRelayDefault: string | null;
  }
  interface FastifyRequest {
    /** The action context for this request: database, clock, logger and the caller. */
    ctx: Ctx;
  }
}

export interface AppDeps {
  store: Store;
  now: () => Date;
  /** The log level (and, for tests, where lines go); false for no log at all. */
  logger?: false | { level?: string; stream?: { write(line: string): void } };
  /** Largest request body, in bytes (uploads). */
  bodyLimit?: number;
  /** Where the built web app is (web/dist by default). */
  webRoot?: string;
  /** Proxies whose X-Forwarded-* headers are believed (config `trustProxy`); none by default. */
  trustProxy?: string[];
  /** The relay given to `oubli serve` (--smtp-relay / OUBLI_SMTP_RELAY), so the API can say whether mail can go out. */
  smtpRelay?: string | null;
  /** Scales the limits on public endpoints (config `publicLimitScale`; 0: none). */
  publicLimitScale?: number;
  /** The From address of mail sent from a request (the help centre's sign-in link) while Settings names no support address. */
  mailFrom?: string | null;
  /** Wakes the outbox of this process after a request's transaction queued mail (Ctx.mailQueued). */
  mailQueued?: () => void;
  /** Wakes the recording fetcher of this process after a request queued a recording (Ctx.recordingQueued). */
  recordingQueued?: () => void;
  /** How webhooks go out (Ctx.webhooks): the test request of POST /webhooks/test, and endpoint checks. */
  webhooks?: { allowPrivate: boolean; timeoutMs: number };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Builds the HTTP app. Tests call it in-process with inject(); `serve` listens on a port. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // Whatever the caller asks for, only the level: the options themselves are fixed
    // (src/logging.ts), so no command can log a URL, a body or an error message.
    logger: deps.logger === false ? false : { ...loggerOptions(deps.logger?.level ?? 'info'), ...(deps.logger?.stream ? { stream: deps.logger.stream } : {}) },
    bodyLimit: deps.bodyLimit ?? 50 * 1024 * 1024,
    trustProxy: deps.trustProxy?.length ? deps.trustProxy : false,
    // `/users/5.json` and `/users/5` are the same resource (Zendesk clients append .json).
    rewriteUrl: (req) => (req.url ?? '/').replace(/\.json(?=$|\?)/, ''),
    // Clients join paths as `/api/v2//tickets.json`; both spellings reach the same route,
    // whose own hooks (authentication among them) run whatever the spelling.
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
    // A path that cannot be decoded (`/users/1%`) is refused before routing, in our error body.
    frameworkErrors: withSecurityHeaders(errorHandler),
  });

  // A body-less PUT/DELETE may still say application/json: accept it as no body.
  // Bytes that are not UTF-8 are refused, not replaced by U+FFFD (docs/api.md "Text").
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => {
    let text: string;
    try {
      text = UTF8.decode(body as Buffer);
    } catch {
      return done(new AppError('invalid_request', 'The request body is not valid UTF-8.'), undefined);
    }
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new AppError('invalid_request', 'The request body is not valid JSON.'), undefined);
    }
  });
  // Uploads arrive as raw bytes of any type.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.decorateRequest('ctx', null as unknown as Ctx);
  registerNoStore(app);
  // Cookies must be parsed before the auth hook below reads the session cookie.
  await registerSessionSupport(app);
  app.addHook('onRequest', async (req) => {
    const log = req.log as unknown as Logger;
    req.ctx = { db: deps.store.db, caps: deps.store.caps, now: deps.now, log, actor: null, checkpoint: deps.store.checkpoint, mailQueued: deps.mailQueued, recordingQueued: deps.recordingQueued, webhooks: deps.webhooks };
  });

  registerSecurityHeaders(app);
  registerInputGuard(app);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  app.get('/healthz', async () => ({ status: 'ok' }));
  // Small messages only come from clients: a larger frame closes the socket. Chat lines are
  // the largest (CHAT_MESSAGE_MAX characters); the live feed keeps its own 4 KB (live/hub.ts).
  await app.register(websocket, { options: { maxPayload: CHAT_FRAME_MAX } });
  const live = new LiveHub(deps.store.changes, deps.now);
  app.decorate('live', live);
  const publicLimits = new PublicLimits(deps.publicLimitScale ?? 1);
  app.decorate('publicLimits', publicLimits);
  const chat = new ChatHubs(deps.store.changes, publicLimits, () => ({ db: deps.store.db, caps: deps.store.caps, now: deps.now, log: app.log as unknown as Logger, actor: null, checkpoint: deps.store.checkpoint, mailQueued: deps.mailQueued }), deps.now);
  app.decorate('chat', chat);
  app.addHook('preClose', async () => chat.close());
  app.decorate('mailRelayDefault', deps.smtpRelay ?? null);
  // Before the server closes its connections: sockets are told the server is stopping.
  app.addHook('preClose', async () => live.close());
  const apiRoutes: ApiRoute[] = [];
  app.decorate('apiRoutes', apiRoutes);
  await app.register(registerRoutes, { prefix: '/api/v2', registry: apiRoutes });
  await app.register(helpCentreFiles, { registry: apiRoutes }); // /hc/article_attachments/… (docs/help-centre.md)
  const hcRouteList: string[] = [];
  app.decorate('hcRoutes', hcRouteList);
  await app.register(hcRoutes, { relayDefault: deps.smtpRelay ?? null, mailFrom: deps.mailFrom ?? null, registry: hcRouteList }); // the public help centre at /hc
  await app.register(chatWidget, { root: deps.webRoot });
  // The survey pages of survey mails (docs/satisfaction.md): public, the link's secret is the credential.
  await app.register((await import('./survey-pages.ts')).default);
  await app.register(staticPlugin, { root: deps.webRoot });
  return app;
}
