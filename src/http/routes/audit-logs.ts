import type { FastifyInstance } from 'fastify';
import { listAuditEvents } from '../../db/queries/audit-events.ts';
import { authorize, canAdminister } from '../../domain/policy.ts';
import { AppError } from '../../errors.ts';
import { apiBase, parseJson, ts } from '../presenters/common.ts';
import { selfUrl } from '../pagination.ts';

/** An optional id filter: absent, or a positive integer (400 otherwise). */
function idFilter(q: Record<string, string | undefined>, name: string): number | undefined {
  const v = q[name];
  if (v === undefined || v === '') return undefined;
  if (!/^[1-9]\d{0,14}$/.test(v)) throw new AppError('invalid_request', `${name} must be an id (a positive integer).`);
  return Number(v);
}

/** The audit log, newest first, for admins. Events hold ids and counts, never personal data. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Record<string, string | undefined> }>('/audit_logs', async (req) => {
    authorize(canAdminister(req.ctx.actor!));
    const q = req.query;
    const size = Math.min(Number(q['page[size]'] ?? q.per_page ?? 100) || 100, 100);
    const before = q['page[after]'] ? Number(Buffer.from(q['page[after]'], 'base64url').toString()) : undefined;
    if (before !== undefined && !Number.isInteger(before)) throw new AppError('invalid_request', 'page[after] is not a cursor this server gave out.');
    const actorId = idFilter(q, 'filter[actor_id]');
    const subjectId = idFilter(q, 'filter[source_id]');
    const rows = await listAuditEvents(req.ctx.db, {
      limit: size + 1,
      beforeId: before,
      action: q['filter[action]'],
      actorId,
      subjectType: q['filter[source_type]'],
      subjectId,
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
        details: parseJson(e.details, {}),
        created_at: ts(e.created_at),
      })),
      meta: { has_more: hasMore, after_cursor: after, before_cursor: null },
      links: { next: hasMore && after ? selfUrl(req, { 'page[after]': after, 'page[size]': String(size) }) : null, prev: null },
    };
  });
}
