import type { FastifyInstance } from 'fastify';
import { applyMacro } from '../../domain/macros/apply-macro.ts';
import { createMacro } from '../../domain/macros/create-macro.ts';
import { deleteMacro } from '../../domain/macros/delete-macro.ts';
import { updateMacro } from '../../domain/macros/update-macro.ts';
import { listMacros } from '../../domain/macros/list-macros.ts';
import { readMacro } from '../../domain/macros/read-macro.ts';
import { MacroCreateSchema, MacroListQuerySchema, MacroUpdateSchema } from '../../shared/macros.ts';
import { idParam, parseRoot } from '../body.ts';
import { apiBase } from '../presenters/common.ts';
import { presentMacro } from '../presenters/workspace.ts';
import { parseQuery } from '../query.ts';

type IdParams = { Params: { id: string } };

/** Macros (Zendesk): canned replies that also set fields; shared ones by admins, personal ones by any agent. */
export default async function routes(app: FastifyInstance): Promise<void> {
  const list = (activeOnly: boolean) => async (req: import('fastify').FastifyRequest) => {
    const q = parseQuery(MacroListQuerySchema, req.query);
    const active = activeOnly ? true : q.active === undefined ? undefined : q.active === 'true';
    const rows = await listMacros(req.ctx, { active });
    return { macros: rows.map((m) => presentMacro(req, m)), next_page: null, previous_page: null, count: rows.length };
  };
  app.get('/macros', list(false));
  app.get('/macros/active', list(true));

  app.post('/macros', async (req, reply) => {
    const input = parseRoot(MacroCreateSchema, 'macro', req.body);
    const id = await createMacro(req.ctx, input);
    reply.status(201);
    return { macro: presentMacro(req, await readMacro(req.ctx, { macroId: id })) };
  });

  app.get<IdParams>('/macros/:id', async (req) => ({ macro: presentMacro(req, await readMacro(req.ctx, { macroId: idParam(req.params.id) })) }));

  app.put<IdParams>('/macros/:id', async (req) => {
    const id = idParam(req.params.id);
    const changes = parseRoot(MacroUpdateSchema, 'macro', req.body);
    await updateMacro(req.ctx, { macroId: id, changes });
    return { macro: presentMacro(req, await readMacro(req.ctx, { macroId: id })) };
  });

  app.delete<IdParams>('/macros/:id', async (req, reply) => {
    await deleteMacro(req.ctx, { macroId: idParam(req.params.id) });
    reply.status(204).send();
  });

  app.get<{ Params: { id: string; mid: string } }>('/tickets/:id/macros/:mid/apply', async (req) => {
    const ticketId = idParam(req.params.id);
    const r = await applyMacro(req.ctx, { ticketId, macroId: idParam(req.params.mid) });
    return { result: { ticket: { ...r.ticket, url: `${apiBase(req)}/tickets/${ticketId}.json` }, ...(r.comment ? { comment: r.comment } : {}) } };
  });
}
