import { z } from 'zod';
import { oneLine } from './text.ts';

// Webhooks (docs/webhooks.md): request shapes and the event types, shared by the API and the
// web app. Spelled as Zendesk spells them; Oubli's own events use the `oubli:` prefix.

/** Every event type a webhook can subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  'zen:event-type:user.created',
  'zen:event-type:user.deleted',
  'zen:event-type:user.permanently_deleted',
  'zen:event-type:organization.created',
  'zen:event-type:organization.deleted',
  'zen:event-type:ticket.created',
  'zen:event-type:ticket.status_changed',
  'zen:event-type:ticket.marked_as_spam',
  'zen:event-type:ticket.soft_deleted',
  'zen:event-type:ticket.undeleted',
  'zen:event-type:ticket.permanently_deleted',
  'oubli:event-type:comment.redacted',
  'oubli:event-type:attachment.redacted',
  'oubli:event-type:erasure_request.completed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const Authentication = z.discriminatedUnion('type', [
  z.object({ type: z.literal('basic_auth'), add_position: z.literal('header').default('header'), data: z.object({ username: z.string().min(1).max(255), password: z.string().min(1).max(255) }) }),
  z.object({ type: z.literal('bearer_token'), add_position: z.literal('header').default('header'), data: z.object({ token: z.string().min(1).max(1024) }) }),
]);

const Endpoint = z.string().trim().min(1, 'cannot be blank').max(2048);

/** POST /webhooks: a webhook subscribed to Zendesk events (Oubli has no triggers). */
export const WebhookCreateSchema = z.object({
  name: oneLine(z.string().trim().min(1, 'cannot be blank').max(255)),
  description: z.string().max(1024).nullish(),
  endpoint: Endpoint,
  http_method: z.literal('POST').default('POST'),
  request_format: z.literal('json').default('json'),
  status: z.enum(['active', 'inactive']),
  subscriptions: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, 'must name at least one event type').max(WEBHOOK_EVENT_TYPES.length),
  authentication: Authentication.nullish(),
});
export type WebhookCreate = z.infer<typeof WebhookCreateSchema>;

/** PUT/PATCH /webhooks/{id}: any of the fields. */
export const WebhookUpdateSchema = WebhookCreateSchema.partial();
export type WebhookUpdate = z.infer<typeof WebhookUpdateSchema>;

/** POST /webhooks/test: an endpoint to try, or an existing webhook's. */
export const WebhookTestSchema = z.object({
  webhook_id: z.union([z.string(), z.number()]).optional(),
  request: z
    .object({
      endpoint: Endpoint,
      http_method: z.literal('POST').default('POST'),
      request_format: z.literal('json').default('json'),
    })
    .optional(),
});
export type WebhookTest = z.infer<typeof WebhookTestSchema>;

/** How the certificate of an erasure request counts whom her data had been handed to. */
export const RecipientsSummarySchema = z.object({
  /** Machine recipients told of the erasure (webhooks, API tokens). */
  notified: z.number(),
  acknowledged: z.number(),
  webhooks: z.array(z.object({ webhook_id: z.number(), notified_at: z.string().nullable(), acknowledged_at: z.string().nullable() })),
  api_tokens: z.array(z.object({ api_token_id: z.number(), notified_at: z.string().nullable(), acknowledged_at: z.string().nullable() })),
  /** People who were sent mail about her tickets, and who took her right-of-access export: counts only. */
  mail_recipients: z.number(),
  access_exports: z.number(),
});
export type RecipientsSummary = z.infer<typeof RecipientsSummarySchema>;

/** GET /erasure_notifications: cursor pages (the cursor is the last id, base64url). */
export const ErasureNotificationsQuerySchema = z.object({
  'page[size]': z.coerce.number().int().min(1).max(1000).optional(),
  'page[after]': z.string().optional(),
});
