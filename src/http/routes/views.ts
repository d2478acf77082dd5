import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getUsers } from '../../db/queries/users.ts';
import { getViews, listRules } from '../../db/queries/workspace.ts';
import type { TicketRow } from '../../db/queries/tickets.ts';
import { authorize, canWorkTickets, ruleVisible } from '../../domain/policy.ts';
import { conditionsOf } from '../../domain/views/rules.ts';
import { createView } from '../../domain/views/create-view.ts';
import { deleteView } from '../../domain/views/delete-view.ts';
import { DEFAULT_EXECUTION } from '../../domain/views/create-view.ts';
import { countView, refuseCursor, runConditions, storedConditions, storedExecution, viewToRun } from '../../domain/views/run-view.ts';
import { updateView } from '../../domain/views/update-view.ts';
import { ViewCreateSchema, ViewExecuteQuerySchema, ViewListQuerySchema, ViewPreviewSchema, ViewUpdateSchema, type Conditions, type SORT_KEYS } from '../../shared/views.ts';
import { idParam, idsParam, parseRoot } from '../body.ts';
import { pageRequest, selfUrl } from '../pagination.ts';
import { presentColumns, presentView } from '../presenters/workspace.ts';
import { presentTickets } from '../presenters/tickets.ts';
import { parseQuery } from '../query-schema.ts';
import { apiBase } from '../presenters/common.ts';

type IdParams = { Params: { id: string } };

type Execution = { columns: string[]; sort_by: keyof typeof SORT_KEYS; sort_order: 'asc' | 'desc' };

/** Runs conditions for one offset page, with the sort the query asks for or the view's own. */
async function page(req: FastifyRequest, conditions: Conditions, execution: Execution) {
  refuseCursor(req.query as Record<string, unknown>);
  const q = parseQuery(ViewExecuteQuerySchema, req.query);
  const pr = pageRequest(req.query as Record<string, unknown>);
  const per = pr.mode === 'offset' ? pr.perPage : 100;
  const n = pr.mode === 'offset' ? pr.page : 1;
  const sort = { by: q.sort_by ?? execution.sort_by, order: q.sort_order ?? execution.sort_order };
  const { rows, count } = await runConditions(req.ctx, conditions, sort, { limit: per, offset: (n - 1) * per });
  const links = {
    next_page: (n - 1) * per + rows.length < count ? selfUrl(req, { page: String(n + 1), per_page: String(per) }) : null,
    previous_page: n > 1 ? selfUrl(req, { page: String(n - 1), per_page: String(per) }) : null,
    count,
  };
  return { rows, links, sort };
}

/** Zendesk's execute answer: a row per ticket with the columns' values, the columns, and the people they name. */
async function executeAnswer(req: FastifyRequest, conditions: Conditions, execution: Execution, view: { id: number } | null) {
  const { rows, links, sort } = await page(req, conditions, execution);
  const tickets = await presentTickets(req, rows);
  const value = (t: TicketRow, shown: (typeof tickets)[number], c: string): [string, unknown][] => {
    switch (c) {
      case 'requester':
        return [['requester_id', t.requester_id]];
      case 'assignee':
        return [['assignee_id', t.assignee_id]];
      case 'group':
        return [['group_id', t.group_id]];
      case 'organization':
        return [['organization_id', t.organization_id]];
      case 'created':
        return [['created', shown.created_at]];
      case 'updated':
        return [['updated', shown.updated_at]];
      case 'via':
        return [['via', t.channel]];
      case 'tags':
        return [['tags', shown.tags]];
      default:
        return [[c, (t as unknown as Record<string, unknown>)[c]]];
    }
  };
  const out = rows.map((t, i) => ({ ticket_id: t.id, ...Object.fromEntries(execution.columns.flatMap((c) => value(t, tickets[i]!, c))), ticket: tickets[i] }));
  const people = [...new Set(rows.flatMap((t) => [t.requester_id, ...(t.assignee_id ? [t.assignee_id] : [])]))];
  const users = (await getUsers(req.ctx.db, people)).map((u) => ({ id: u.id, name: u.name, role: u.role }));
  return {
    rows: out,
    columns: presentColumns(execution.columns),
    view: view ? { id: view.id, url: `${apiBase(req)}/views/${view.id}.json` } : null,
    users,
    sort_by: sort.by,
    sort_order: sort.order,
    ...links,
  };
}

function countAnswer(req: FastifyRequest, id: number, value: number) {
  return { view_id: id, url: `${apiBase(req)}/views/${id}/count.json`, value, pretty: String(value), fresh: true };
}

/** Views (Zendesk): saved conditions over active tickets, shared or personal, and their runs. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/views', async (req) => {
    authorize(canWorkTickets(req.ctx.actor!));
    const q = parseQuery(ViewListQuerySchema, req.query);
    const rows = await listRules(req.ctx.db, 'views', req.ctx.actor!.id, { active: q.active === undefined ? undefined : q.active === 'true' });
    return { views: rows.map((v) => presentView(req, v)), next_page: null, previous_page: null, count: rows.length };
  });

  app.post('/views', async (req, reply) => {
    const input = parseRoot(ViewCreateSchema, 'view', req.body);
    const id = await createView(req.ctx, input);
    reply.status(201);
    return { view: presentView(req, await viewToRun(req.ctx, id)) };
  });

  app.get('/views/count_many', async (req) => {
    authorize(canWorkTickets(req.ctx.actor!));
    const ids = idsParam((req.query as { ids?: string }).ids);
    const views = (await getViews(req.ctx.db, ids)).filter((v) => ruleVisible(req.ctx.actor!, v.owner_id));
    const counts = [];
    for (const v of views) counts.push(countAnswer(req, v.id, await countView(req.ctx, v)));
    return { view_counts: counts };
  });

  app.post('/views/preview', async (req) => {
    authorize(canWorkTickets(req.ctx.actor!));
    const input = parseRoot(ViewPreviewSchema, 'view', req.body);
    const execution = { ...DEFAULT_EXECUTION, ...input.output } as Execution;
    return executeAnswer(req, conditionsOf(input) ?? { all: [], any: [] }, execution, null);
  });

  app.get<IdParams>('/views/:id', async (req) => ({ view: presentView(req, await viewToRun(req.ctx, idParam(req.params.id))) }));

  app.put<IdParams>('/views/:id', async (req) => {
    const id = idParam(req.params.id);
    const input = parseRoot(ViewUpdateSchema, 'view', req.body);
    await updateView(req.ctx, id, input);
    return { view: presentView(req, await viewToRun(req.ctx, id)) };
  });

  app.delete<IdParams>('/views/:id', async (req, reply) => {
    await deleteView(req.ctx, idParam(req.params.id));
    reply.status(204).send();
  });

  app.get<IdParams>('/views/:id/execute', async (req) => {
    const v = await viewToRun(req.ctx, idParam(req.params.id));
    return executeAnswer(req, storedConditions(v), storedExecution(v), v);
  });

  app.get<IdParams>('/views/:id/tickets', async (req) => {
    const v = await viewToRun(req.ctx, idParam(req.params.id));
    const { rows, links } = await page(req, storedConditions(v), storedExecution(v));
    return { tickets: await presentTickets(req, rows), ...links };
  });

  app.get<IdParams>('/views/:id/count', async (req) => {
    const v = await viewToRun(req.ctx, idParam(req.params.id));
    return { view_count: countAnswer(req, v.id, await countView(req.ctx, v)) };
  });
}
