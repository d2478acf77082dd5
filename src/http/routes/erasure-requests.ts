import type { FastifyInstance, FastifyRequest } from 'fastify';
import { cancelErasureRequest } from '../../domain/erasure-requests/cancel-erasure-request.ts';
import { executeErasureRequest } from '../../domain/erasure-requests/execute-erasure-request.ts';
import { fixErasureRequest } from '../../domain/erasure-requests/fix-erasure-request.ts';
import { listErasureMatches } from '../../domain/erasure-requests/list-erasure-matches.ts';
import { listErasureRequests } from '../../domain/erasure-requests/list-erasure-requests.ts';
import { listErasureTicketGroups } from '../../domain/erasure-requests/list-erasure-ticket-groups.ts';
import { openErasureRequest } from '../../domain/erasure-requests/open-erasure-request.ts';
import { readErasureCertificate } from '../../domain/erasure-requests/read-erasure-certificate.ts';
import { readErasureMatch } from '../../domain/erasure-requests/read-erasure-match.ts';
import { readErasureRequest } from '../../domain/erasure-requests/read-erasure-request.ts';
import { updateErasureRequest } from '../../domain/erasure-requests/update-erasure-request.ts';
import { readJob } from '../../domain/jobs/read-job.ts';
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

async function answer(req: FastifyRequest, requestId: number) {
  return { erasure_request: await presentErasureRequest(req, await readErasureRequest(req.ctx, { requestId })) };
}

/** A request's job (execute, fix) as its status. */
async function jobAnswer(req: FastifyRequest, jobId: string) {
  return { job_status: presentJob(req, await readJob(req.ctx, { jobId })) };
}

/** Erasure requests (docs/erasure-requests.md, "Endpoints"). */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.post('/erasure_requests', async (req, reply) => {
    const input = parseRoot(ErasureRequestCreateSchema, 'erasure_request', req.body);
    const id = await openErasureRequest(req.ctx, input);
    reply.status(201);
    return answer(req, id);
  });

  app.get('/erasure_requests', async (req) => {
    const { status, due } = parseQuery(ErasureRequestListQuerySchema, req.query);
    const rows = listErasureRequests(req.ctx, { status, due });
    return paginate(req, 'erasure_requests', rows, (list) => Promise.all(list.map((r) => presentErasureRequest(req, r))));
  });

  app.get<{ Params: { id: string } }>('/erasure_requests/:id', async (req) => answer(req, idParam(req.params.id)));

  app.put<{ Params: { id: string } }>('/erasure_requests/:id', async (req) => {
    const requestId = idParam(req.params.id);
    const changes = parseRoot(ErasureRequestUpdateSchema, 'erasure_request', req.body);
    await updateErasureRequest(req.ctx, { requestId, changes });
    return answer(req, requestId);
  });

  app.delete<{ Params: { id: string } }>('/erasure_requests/:id', async (req) => {
    const requestId = idParam(req.params.id);
    await cancelErasureRequest(req.ctx, { requestId });
    return answer(req, requestId);
  });

  app.post<{ Params: { id: string } }>('/erasure_requests/:id/execute', async (req) => {
    return jobAnswer(req, await executeErasureRequest(req.ctx, { requestId: idParam(req.params.id) }));
  });

  app.post<{ Params: { id: string } }>('/erasure_requests/:id/fix', async (req) => {
    return jobAnswer(req, await fixErasureRequest(req.ctx, { requestId: idParam(req.params.id) }));
  });

  app.get<{ Params: { id: string } }>('/erasure_requests/:id/matches', async (req) => {
    const requestId = idParam(req.params.id);
    const q = parseQuery(MatchListQuerySchema, req.query);
    const rows = await listErasureMatches(req.ctx, { requestId, ticketId: q.ticket_id, decision: q.decision, proposedAction: q.proposed_action });
    return paginate(req, 'matches', rows, (list) => list.map((m) => presentMatch(req, m)));
  });

  app.get<{ Params: { id: string; mid: string } }>('/erasure_requests/:id/matches/:mid', async (req) => {
    const m = await readErasureMatch(req.ctx, { requestId: idParam(req.params.id), matchId: idParam(req.params.mid) });
    return { match: presentMatch(req, m) };
  });

  app.get<{ Params: { id: string } }>('/erasure_requests/:id/tickets', async (req) => {
    const requestId = idParam(req.params.id);
    const rows = await listErasureTicketGroups(req.ctx, { requestId });
    return paginate(req, 'tickets', rows, (list) => list.map((g) => presentTicketGroup(req, requestId, g)));
  });

  app.get<{ Params: { id: string } }>('/erasure_requests/:id/certificate', async (req) => {
    return { certificate: presentCertificate(req, await readErasureCertificate(req.ctx, { requestId: idParam(req.params.id) })) };
  });
}
