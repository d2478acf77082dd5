import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readUsers } from '../../domain/contacts/read-users.ts';
import type { TicketRow } from '../../domain/tickets/read-ticket.ts';
import { authorize, canWorkTickets } from '../../domain/policy.ts';
import { countViews } from '../../domain/views/count-views.ts';
import { listViews } from '../../domain/views/list-views.ts';
import { readView } from '../../domain/views/read-view.ts';
import { conditionsOf } from '../../domain/views/rules.ts';
import { createView } from '../../domain/views/create-view.ts';
import { deleteView } from '../../domain/views/delete-view.ts';
import { DEFAULT_EXECUTION } from '../../domain/views/create-view.ts';
import { countView, refuseCursor, runConditions, storedConditions, storedExecution } from '../../domain/views/run-view.ts';
import { updateView } from '../../domain/views/update-view.ts';
import { ViewCreateSchema, ViewExecuteQuerySchema, ViewListQuerySchema, ViewPreviewSchema, ViewUpdateSchema, type Conditions, type SORT_KEYS } from '../../shared/views.ts';
import { idParam, idsParam, parseRoot } from '../body.ts';
import { pageRequest, selfUrl } from '../pagination.ts';
import { presentColumns, presentView } from '../presenters/workspace.ts';
import { presentTickets } from '../presenters/tickets.ts';
import { parseQuery } from '../query.ts';
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
  const { rows, count } = await runConditions(req.ctx, { conditions, sort, page: { limit: per, offset: (n - 1) * per } });
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
  const users = (await readUsers(req.ctx, { userIds: people, shown: 'any' })).map((u) => ({ id: u.id, name: u.name, role: u.role }));
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
    const q = parseQuery(ViewListQuerySchema, req.query);
    const rows = await listViews(req.ctx, { active: q.active === undefined ? undefined : q.active === 'true' });
    return { views: rows.map((v) => presentView(req, v)), next_page: null, previous_page: null, count: rows.length };
  });

  app.post('/views', async (req, reply) => {
    const input = parseRoot(ViewCreateSchema, 'view', req.body);
    const id = await createView(req.ctx, input);
    reply.status(201);
    return { view: presentView(req, await readView(req.ctx, { viewId: id })) };
  });

  app.get('/views/count_many', async (req) => {
    const ids = idsParam((req.query as { ids?: string }).ids);
    return { view_counts: (await countViews(req.ctx, { viewIds: ids })).map((c) => countAnswer(req, c.id, c.value)) };
  });

  app.post('/views/preview', async (req) => {
    authorize(canWorkTickets(req.ctx.actor!));
    const input = parseRoot(ViewPreviewSchema, 'view', req.body);
    const execution = { ...DEFAULT_EXECUTION, ...input.output } as Execution;
    return executeAnswer(req, conditionsOf(input) ?? { all: [], any: [] }, execution, null);
  });

  app.get<IdParams>('/views/:id', async (req) => ({ view: presentView(req, await readView(req.ctx, { viewId: idParam(req.params.id) })) }));

  app.put<IdParams>('/views/:id', async (req) => {
    const id = idParam(req.params.id);
    const changes = parseRoot(ViewUpdateSchema, 'view', req.body);
    await updateView(req.ctx, { viewId: id, changes });
    return { view: presentView(req, await readView(req.ctx, { viewId: id })) };
  });

  app.delete<IdParams>('/views/:id', async (req, reply) => {
    await deleteView(req.ctx, { viewId: idParam(req.params.id) });
    reply.status(204).send();
  });

  app.get<IdParams>('/views/:id/execute', async (req) => {
    const v = await readView(req.ctx, { viewId: idParam(req.params.id) });
    return executeAnswer(req, storedConditions(v), storedExecution(v), v);
  });

  app.get<IdParams>('/views/:id/tickets', async (req) => {
    const v = await readView(req.ctx, { viewId: idParam(req.params.id) });
    const { rows, links } = await page(req, storedConditions(v), storedExecution(v));
    return { tickets: await presentTickets(req, rows), ...links };
  });

  app.get<IdParams>('/views/:id/count', async (req) => {
    const v = await readView(req.ctx, { viewId: idParam(req.params.id) });
    return { view_count: countAnswer(req, v.id, await countView(req.ctx, v)) };
  });
}
