import type { FastifyInstance } from 'fastify';
import { listAuditEvents } from '../../domain/audit/list-audit-events.ts';
import { authorize, canAdminister } from '../../domain/policy.ts';
import type { AuditLogPage } from '../../shared/audit.ts';
import { AuditLogQuerySchema } from '../../shared/query.ts';
import { parseQuery } from '../query.ts';
import { apiBase, parseJson, ts } from '../presenters/common.ts';
import { decodeCursor, selfUrl } from '../pagination.ts';

/** The audit log, newest first, for admins. Events hold ids and counts, never personal data. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/audit_logs', async (req): Promise<AuditLogPage> => {
    authorize(canAdminister(req.ctx.actor!));
    const q = parseQuery(AuditLogQuerySchema, req.query);
    const size = q['page[size]'] ?? q.per_page ?? 100;
    const rows = await listAuditEvents(req.ctx, {
      limit: size + 1,
      beforeId: decodeCursor(q['page[after]'], 'page[after]'),
      action: q['filter[action]'],
      actorId: q['filter[actor_id]'],
      subjectType: q['filter[source_type]'],
      subjectId: q['filter[source_id]'],
    });
    const page = rows.slice(0, size);
    const hasMore = rows.length > size;
    const last = page[page.length - 1];
    const after = last ? Buffer.from(String(last.id)).toString('base64url') : null;
    return {
      audit_logs: page.map((e) => ({
        id: e.id,
        url: `${apiBase(req)}/audit_logs/${e.id}.json`,
        actor_id: e.actor_id,
        action: e.action,
        source_type: e.subject_type,
        source_id: e.subject_id,
        source_label: e.subject_id ? `${e.subject_type} #${e.subject_id}` : e.subject_type,
        change_description: e.action,
        details: parseJson<Record<string, unknown>>(e.details, {}),
        created_at: ts(e.created_at),
      })),
      meta: { has_more: hasMore, after_cursor: after, before_cursor: null },
      links: { next: hasMore && after ? selfUrl(req, { 'page[after]': after, 'page[size]': String(size) }) : null, prev: null },
    };
  });
}
