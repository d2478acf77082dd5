import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  countMatches,
  countRequests,
  countTicketGroups,
  getRequest,
  listMatches,
  listRequests,
  ticketGroups,
  type MatchFilter,
  type RequestFilter,
} from '../../db/queries/erasure-requests.ts';
import { getJob } from '../../db/queries/jobs.ts';
import { cancelErasureRequest } from '../../domain/erasure-requests/cancel-erasure-request.ts';
import { DUE_SOON_DAYS } from '../../domain/erasure-requests/due-dates.ts';
import { executeErasureRequest } from '../../domain/erasure-requests/execute-erasure-request.ts';
import { fixErasureRequest } from '../../domain/erasure-requests/fix-erasure-request.ts';
import { openErasureRequest } from '../../domain/erasure-requests/open-erasure-request.ts';
import { updateErasureRequest } from '../../domain/erasure-requests/update-erasure-request.ts';
import { invalidField, notFound } from '../../errors.ts';
import {
  ErasureRequestCreateSchema,
  ErasureRequestListQuerySchema,
  ErasureRequestUpdateSchema,
  MatchListQuerySchema,
} from '../../shared/erasure-requests.ts';
import { idParam, parseRoot } from '../body.ts';
import { parseQuery } from '../query.ts';
import { paginate } from '../pagination.ts';
import { presentJob } from '../presenters/jobs.ts';
import { presentCertificate, presentErasureRequest, presentMatch, presentTicketGroup } from '../presenters/erasure-requests.ts';

/** Statuses that have a certificate: completed, and verification_failed (which says what was found, and is not completed). */
const CERTIFIED = ['completed', 'verification_failed'];

function requestFilter(req: FastifyRequest): RequestFilter {
  const { status, due } = parseQuery(ErasureRequestListQuerySchema, req.query);
  const f: RequestFilter = { status };
  const now = req.ctx.now();
  if (due === 'overdue') f.deadlineBefore = now.toISOString();
  if (due === 'soon') {
    f.deadlineFrom = now.toISOString();
    f.deadlineBefore = new Date(now.getTime() + DUE_SOON_DAYS * 86_400_000).toISOString();
  }
  return f;
}

async function loaded(req: FastifyRequest, id: number) {
  const r = await getRequest(req.ctx.db, id);
  if (!r) throw notFound();
  return r;
}

async function answer(req: FastifyRequest, id: number) {
  return { erasure_request: await presentErasureRequest(req, await loaded(req, id)) };
}

/** Erasure requests (API.md "Erasure requests"; docs/erasure-requests.md). */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.post('/erasure_requests', async (req, reply) => {
    const input = parseRoot(ErasureRequestCreateSchema, 'erasure_request', req.body);
    const id = await openErasureRequest(req.ctx, input);
    reply.status(201);
    return answer(req, id);
  });

  app.get('/erasure_requests', async (req) => {
    const f = requestFilter(req);
    const rows = { fetch: (p: Parameters<typeof listRequests>[2]) => listRequests(req.ctx.db, f, p), count: () => countRequests(req.ctx.db, f) };
    return paginate(req, 'erasure_requests', rows, (list) => Promise.all(list.map((r) => presentErasureRequest(req, r))));
  });

  app.get<{ Params: { id: string } }>('/erasure_requests/:id', async (req) => answer(req, idParam(req.params.id)));

  app.put<{ Params: { id: string } }>('/erasure_requests/:id', async (req) => {
    const id = idParam(req.params.id);
    const input = parseRoot(ErasureRequestUpdateSchema, 'erasure_request', req.body);
    await updateErasureRequest(req.ctx, id, input);
    return answer(req, id);
  });

  app.delete<{ Params: { id: string } }>('/erasure_requests/:id', async (req) => {
    const id = idParam(req.params.id);
    await cancelErasureRequest(req.ctx, id);
    return answer(req, id);
  });

  app.post<{ Params: { id: string } }>('/erasure_requests/:id/execute', async (req) => {
    const jobId = await executeErasureRequest(req.ctx, idParam(req.params.id));
    return { job_status: presentJob(req, (await getJob(req.ctx.db, jobId))!) };
  });

  app.post<{ Params: { id: string } }>('/erasure_requests/:id/fix', async (req) => {
    const jobId = await fixErasureRequest(req.ctx, idParam(req.params.id));
    return { job_status: presentJob(req, (await getJob(req.ctx.db, jobId))!) };
  });

  app.get<{ Params: { id: string } }>('/erasure_requests/:id/matches', async (req) => {
    const r = await loaded(req, idParam(req.params.id));
    const q = parseQuery(MatchListQuerySchema, req.query);
    const f: MatchFilter = { ticketId: q.ticket_id, decision: q.decision, action: q.proposed_action };
    const rows = { fetch: (p: Parameters<typeof listMatches>[3]) => listMatches(req.ctx.db, r.id, f, p), count: () => countMatches(req.ctx.db, r.id, f) };
    return paginate(req, 'matches', rows, (list) => list.map((m) => presentMatch(req, m)));
  });

  app.get<{ Params: { id: string; mid: string } }>('/erasure_requests/:id/matches/:mid', async (req) => {
    const r = await loaded(req, idParam(req.params.id));
    const [m] = await listMatches(req.ctx.db, r.id, {}, { limit: 1, afterId: idParam(req.params.mid) - 1 });
    if (!m || m.id !== Number(req.params.mid)) throw notFound();
    return { match: presentMatch(req, m) };
  });

  app.get<{ Params: { id: string } }>('/erasure_requests/:id/tickets', async (req) => {
    const r = await loaded(req, idParam(req.params.id));
    const rows = { fetch: (p: Parameters<typeof ticketGroups>[2]) => ticketGroups(req.ctx.db, r.id, p), count: () => countTicketGroups(req.ctx.db, r.id) };
    return paginate(req, 'tickets', rows, (list) => list.map((g) => presentTicketGroup(req, r.id, g)));
  });

  app.get<{ Params: { id: string } }>('/erasure_requests/:id/certificate', async (req) => {
    const r = await loaded(req, idParam(req.params.id));
    if (!CERTIFIED.includes(r.status)) throw invalidField('status', `This erasure request is ${r.status}: a certificate exists once it is completed (or its verification found something).`);
    return { certificate: presentCertificate(req, r) };
  });
}
