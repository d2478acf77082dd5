import type { FastifyInstance } from 'fastify';
import { getMacro, listRules } from '../../db/queries/workspace.ts';
import { applyMacro } from '../../domain/macros/apply-macro.ts';
import { createMacro } from '../../domain/macros/create-macro.ts';
import { deleteMacro } from '../../domain/macros/delete-macro.ts';
import { updateMacro } from '../../domain/macros/update-macro.ts';
import { authorize, canWorkTickets } from '../../domain/policy.ts';
import { visibleRule } from '../../domain/views/rules.ts';
import { MacroCreateSchema, MacroListQuerySchema, MacroUpdateSchema } from '../../shared/macros.ts';
import { idParam, parseRoot } from '../body.ts';
import { apiBase } from '../presenters/common.ts';
import { presentMacro } from '../presenters/workspace.ts';
import { parseQuery } from '../query-schema.ts';

type IdParams = { Params: { id: string } };

/** Macros (Zendesk): canned replies that also set fields; shared ones by admins, personal ones by any agent. */
export default async function routes(app: FastifyInstance): Promise<void> {
  const list = (activeOnly: boolean) => async (req: import('fastify').FastifyRequest) => {
    authorize(canWorkTickets(req.ctx.actor!));
    const q = parseQuery(MacroListQuerySchema, req.query);
    const active = activeOnly ? true : q.active === undefined ? undefined : q.active === 'true';
    const rows = await listRules(req.ctx.db, 'macros', req.ctx.actor!.id, { active });
    return { macros: rows.map((m) => presentMacro(req, m)), next_page: null, previous_page: null, count: rows.length };
  };
  app.get('/macros', list(false));
  app.get('/macros/active', list(true));

  app.post('/macros', async (req, reply) => {
    const input = parseRoot(MacroCreateSchema, 'macro', req.body);
    const id = await createMacro(req.ctx, input);
    reply.status(201);
    return { macro: presentMacro(req, (await getMacro(req.ctx.db, id))!) };
  });

  app.get<IdParams>('/macros/:id', async (req) => {
    authorize(canWorkTickets(req.ctx.actor!));
    return { macro: presentMacro(req, visibleRule(req.ctx.actor!, await getMacro(req.ctx.db, idParam(req.params.id)))) };
  });

  app.put<IdParams>('/macros/:id', async (req) => {
    const id = idParam(req.params.id);
    const input = parseRoot(MacroUpdateSchema, 'macro', req.body);
    await updateMacro(req.ctx, id, input);
    return { macro: presentMacro(req, (await getMacro(req.ctx.db, id))!) };
  });

  app.delete<IdParams>('/macros/:id', async (req, reply) => {
    await deleteMacro(req.ctx, idParam(req.params.id));
    reply.status(204).send();
  });

  app.get<{ Params: { id: string; mid: string } }>('/tickets/:id/macros/:mid/apply', async (req) => {
    const ticketId = idParam(req.params.id);
    const r = await applyMacro(req.ctx, ticketId, idParam(req.params.mid));
    return { result: { ticket: { ...r.ticket, url: `${apiBase(req)}/tickets/${ticketId}.json` }, ...(r.comment ? { comment: r.comment } : {}) } };
  });
}
