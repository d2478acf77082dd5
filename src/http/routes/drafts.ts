import type { FastifyInstance } from 'fastify';
import { discardDraft } from '../../domain/drafts/discard-draft.ts';
import { readDraft } from '../../domain/drafts/read-draft.ts';
import { saveDraft } from '../../domain/drafts/save-draft.ts';
import { DraftInputSchema } from '../../shared/drafts.ts';
import { idParam, parseRoot } from '../body.ts';
import { presentDraft } from '../presenters/workspace.ts';

type IdParams = { Params: { id: string } };

/** The signed-in agent's draft of a reply (Oubli extension): one per agent and ticket; `{draft: null}` when there is none. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get<IdParams>('/tickets/:id/draft', async (req) => {
    const d = await readDraft(req.ctx, { ticketId: idParam(req.params.id) });
    return { draft: d ? presentDraft(req, d) : null };
  });

  app.put<IdParams>('/tickets/:id/draft', async (req) => {
    const ticketId = idParam(req.params.id);
    const draft = parseRoot(DraftInputSchema, 'draft', req.body);
    await saveDraft(req.ctx, { ticketId, draft });
    return { draft: presentDraft(req, (await readDraft(req.ctx, { ticketId }))!) };
  });

  app.delete<IdParams>('/tickets/:id/draft', async (req, reply) => {
    await discardDraft(req.ctx, { ticketId: idParam(req.params.id) });
    reply.status(204).send();
  });
}
