import type { FastifyInstance } from 'fastify';
import users from './users.ts';
import identities from './identities.ts';
import organizations from './organizations.ts';
import groups from './groups.ts';
import tickets from './tickets.ts';
import ticketViews from './ticket-views.ts';
import uploads from './uploads.ts';
import erasure from './erasure.ts';
import jobs from './jobs.ts';
import auditLogs from './audit-logs.ts';
import settings from './settings.ts';
import search from './search.ts';
import redaction from './redaction.ts';
import exports_ from './exports.ts';
import erasureRequests from './erasure-requests.ts';
import live from './live.ts';
import chatLive from './chat-live.ts';
import views from './views.ts';
import macros from './macros.ts';
import drafts from './drafts.ts';
import outboundMail from './outbound-mail.ts';
import voice from './voice.ts';
import chats from './chats.ts';
import satisfaction from './satisfaction.ts';
import helpCentreStructure from './help-centre-structure.ts';
import helpCentreArticles from './help-centre-articles.ts';
import helpCentreTranslations from './help-centre-translations.ts';
import helpCentreAttachments from './help-centre-attachments.ts';
import community from './community.ts';
import communityVotes from './community-votes.ts';
import incremental from './incremental.ts';
import webhooks from './webhooks.ts';
import erasureNotifications from './erasure-notifications.ts';
import usersBulk from './users-bulk.ts';
import ticketsBulk from './tickets-bulk.ts';
import counts from './counts.ts';
import ticketAudits from './ticket-audits.ts';
import relatedLists from './related-lists.ts';
import reports from './reports.ts';
import { protectRoutes, type ApiRoute } from '../access.ts';
import { registerLocation } from '../location.ts';
import { registerFixedWords } from '../fixed-words.ts';

/** Every resource of the API (docs/api.md, "Endpoints"), one plugin each, under /api/v2; each route is for staff unless it says otherwise. */
export async function registerRoutes(app: FastifyInstance, opts: { registry?: ApiRoute[] }): Promise<void> {
  protectRoutes(app, opts.registry);
  registerLocation(app);
  registerFixedWords(app);
  for (const plugin of [users, identities, organizations, groups, tickets, ticketViews, uploads, erasure, jobs, auditLogs, settings, search, redaction, exports_, erasureRequests, live, chatLive, views, macros, drafts, outboundMail, voice, chats, satisfaction, helpCentreStructure, helpCentreArticles, helpCentreTranslations, helpCentreAttachments, community, communityVotes, incremental, webhooks, erasureNotifications, usersBulk, ticketsBulk, counts, ticketAudits, relatedLists, reports]) {
    await app.register(plugin);
  }
  await app.register((await import('./session.ts')).default); // browser sign-in (web app)
}
