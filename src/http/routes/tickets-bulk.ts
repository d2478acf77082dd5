import type { FastifyInstance } from 'fastify';
import { authorize, canWorkTickets } from '../../domain/policy.ts';
import { checkBulkUpdate } from '../../domain/tickets/check-bulk-update.ts';
import { enqueueItemJob } from '../../jobs/item-runner.ts';
import { enqueueBulkJob } from '../../jobs/runner.ts';
import { TicketBulkUpdateSchema, TicketCreateSchema, TicketUpdateEntrySchema } from '../../shared/tickets.ts';
import { distinctIds, jobStatusAnswer, listBody, parseEach, updateManyForm } from '../bulk-bodies.ts';
import { idsParam, parseRoot } from '../body.ts';

/** Zendesk's bulk ticket endpoints: create_many and both forms of update_many, as jobs. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.post('/tickets/create_many', async (req) => {
    authorize(canWorkTickets(req.ctx.actor!));
    const tickets = parseEach(TicketCreateSchema, 'tickets', listBody(req.body, 'tickets'));
    return jobStatusAnswer(req, await enqueueItemJob(req.ctx, 'create_many_tickets', tickets));
  });

  // `?ids=` with `{ticket: {…}}`: the same changes on each ticket, as PUT /tickets/{id} would
  // make them (a closed ticket is refused in its result, the others go on). Or
  // `{tickets: [{id, …}, …]}`: each ticket its own changes, any field a single update takes.
  app.put('/tickets/update_many', async (req) => {
    authorize(canWorkTickets(req.ctx.actor!));
    if (updateManyForm(req, 'tickets') === 'ids') {
      const ids = idsParam((req.query as { ids?: unknown }).ids);
      const changes = parseRoot(TicketBulkUpdateSchema, 'ticket', req.body);
      await checkBulkUpdate(req.ctx, { changes });
      return jobStatusAnswer(req, await enqueueBulkJob(req.ctx, 'bulk_update_tickets', ids, { changes }));
    }
    const entries = parseEach(TicketUpdateEntrySchema, 'tickets', listBody(req.body, 'tickets'));
    const ids = distinctIds('tickets', entries.map((e) => e.id));
    const items = entries.map(({ id, ...changes }) => ({ id, changes }));
    return jobStatusAnswer(req, await enqueueBulkJob(req.ctx, 'bulk_update_tickets', ids, { items }));
  });
}
