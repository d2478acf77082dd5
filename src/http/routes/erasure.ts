import type { FastifyInstance, FastifyRequest } from 'fastify';
import { eraseContact } from '../../domain/contacts/erase-contact.ts';
import { readUser } from '../../domain/contacts/read-user.ts';
import { readJob } from '../../domain/jobs/read-job.ts';
import { authorize, canBulkDeleteUsers, canDeleteTickets } from '../../domain/policy.ts';
import { readTicket } from '../../domain/tickets/read-ticket.ts';
import { enqueueBulkJob } from '../../jobs/runner.ts';
import { idParam, idsParam } from '../body.ts';
import { presentJob } from '../presenters/jobs.ts';
import { presentDeletedUser } from '../presenters/users.ts';

type IdRoute = { Params: { id: string } };
type IdsRoute = { Querystring: { ids?: string } };

/** Queues a bulk job and answers with its status, as every bulk endpoint does. */
async function jobAnswer(req: FastifyRequest, type: string, ids: number[]) {
  const jobId = await enqueueBulkJob(req.ctx, type, ids);
  return { job_status: presentJob(req, await readJob(req.ctx, { jobId })) };
}

/**
 * Permanent deletion (Delete Forever): of deleted contacts, and of tickets in Deleted
 * tickets or in Spam. Tickets are erased by a job, as Zendesk does, even for one id.
 */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.delete<IdsRoute>('/deleted_users/destroy_many', async (req) => {
    authorize(canBulkDeleteUsers(req.ctx.actor!));
    return jobAnswer(req, 'bulk_erase_users', idsParam(req.query.ids));
  });

  app.delete<IdRoute>('/deleted_users/:id', async (req) => {
    const id = idParam(req.params.id);
    await eraseContact(req.ctx, { userId: id });
    const row = await readUser(req.ctx, { userId: id, shown: 'any' });
    return { deleted_user: await presentDeletedUser(req, row) };
  });

  for (const [view, from, type] of [
    ['deleted_tickets', 'deleted', 'bulk_erase_deleted_tickets'],
    ['spam_tickets', 'spam', 'bulk_erase_spam_tickets'],
  ] as const) {
    app.delete<IdsRoute>(`/${view}/destroy_many`, async (req) => {
      authorize(canDeleteTickets(req.ctx.actor!));
      return jobAnswer(req, type, idsParam(req.query.ids));
    });

    app.delete<IdRoute>(`/${view}/:id`, async (req) => {
      const id = idParam(req.params.id);
      authorize(canDeleteTickets(req.ctx.actor!));
      // Refused at once when it is not in that view, rather than as a failed job later.
      await readTicket(req.ctx, { ticketId: id, inState: from });
      return jobAnswer(req, type, [id]);
    });
  }
}
