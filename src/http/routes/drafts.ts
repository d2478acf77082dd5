import type { FastifyInstance } from 'fastify';
import { getTicket } from '../../db/queries/tickets.ts';
import { getDraft } from '../../db/queries/workspace.ts';
import { discardDraft } from '../../domain/drafts/discard-draft.ts';
import { saveDraft } from '../../domain/drafts/save-draft.ts';
import { authorize, canWorkTickets } from '../../domain/policy.ts';
import { DraftInputSchema } from '../../shared/drafts.ts';
import { idParam, parseRoot } from '../body.ts';
import { presentDraft } from '../presenters/workspace.ts';
import { visibleTicket } from './tickets.ts';

type IdParams = { Params: { id: string } };

/** The signed-in agent's draft of a reply (Oubli extension): one per agent and ticket; `{draft: null}` when there is none. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get<IdParams>('/tickets/:id/draft', async (req) => {
    authorize(canWorkTickets(req.ctx.actor!));
    const t = visibleTicket(await getTicket(req.ctx.db, idParam(req.params.id)));
    const d = await getDraft(req.ctx.db, t.id, req.ctx.actor!.id);
    return { draft: d ? presentDraft(req, d) : null };
  });

  app.put<IdParams>('/tickets/:id/draft', async (req) => {
    const id = idParam(req.params.id);
    const input = parseRoot(DraftInputSchema, 'draft', req.body);
    await saveDraft(req.ctx, id, input);
    return { draft: presentDraft(req, (await getDraft(req.ctx.db, id, req.ctx.actor!.id))!) };
  });

  app.delete<IdParams>('/tickets/:id/draft', async (req, reply) => {
    await discardDraft(req.ctx, idParam(req.params.id));
    reply.status(204).send();
  });
}
