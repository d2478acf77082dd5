import type { FastifyInstance } from 'fastify';
import { acknowledgeErasureNotification } from '../../domain/recipients/acknowledge-erasure-notification.ts';
import { listErasureNotifications } from '../../domain/recipients/list-erasure-notifications.ts';
import { decodeCursor, selfUrl } from '../pagination.ts';
import { idParam } from '../body.ts';
import { parseQuery } from '../query.ts';
import { ts } from '../presenters/common.ts';
import { ErasureNotificationsQuerySchema } from '../../shared/webhooks.ts';

// Erasure notifications for API-token consumers (docs/webhooks.md "Who was told"): each
// erasure of a person whose data a token pulled (an incremental export) waits here, ids
// only, until the token's holder acknowledges it. An Oubli extension: Zendesk has none.

/** Erasure notifications: the pending list and the acknowledge call. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/erasure_notifications', async (req) => {
    const q = parseQuery(ErasureNotificationsQuerySchema, req.query);
    const size = q['page[size]'] ?? 100;
    const rows = await listErasureNotifications(req.ctx, { afterId: decodeCursor(q['page[after]'], 'page[after]'), limit: size + 1 });
    const page = rows.slice(0, size);
    const more = rows.length > size;
    const after = page.length ? Buffer.from(String(page[page.length - 1]!.id), 'utf8').toString('base64url') : null;
    return {
      erasure_notifications: page.map((r) => ({ id: r.id, type: 'user.permanently_deleted', user_id: r.user_id, api_token_id: r.api_token_id, notified_at: ts(r.notified_at), acknowledged_at: null })),
      meta: { has_more: more, after_cursor: more ? after : null },
      links: { next: more && after ? selfUrl(req, { 'page[after]': after }) : null },
    };
  });

  app.post<{ Params: { id: string } }>('/erasure_notifications/:id/acknowledge', async (req) => {
    const r = await acknowledgeErasureNotification(req.ctx, { notificationId: idParam(req.params.id) });
    return { erasure_notification: { id: r.id, acknowledged_at: ts(r.acknowledged_at) } };
  });
}
