import { admins, api, noStaff, staff, type Row } from './roles-table.ts';
import type { Who, World } from './world.ts';

// Views, macros and drafts (docs/views.md): shared ones are the admins' to change, personal
// ones their agent's alone (others are told they do not exist); drafts are each agent's own.

const cond = { all: [{ field: 'status', operator: 'less_than', value: 'solved' }] };
const actions = [{ field: 'status', value: 'pending' }];

/** A shared view or macro made by the owner. */
async function shared(w: World, kind: 'view' | 'macro'): Promise<number> {
  const body = kind === 'view' ? { view: { title: 'Team queue', restriction: null, ...cond } } : { macro: { title: 'Team reply', restriction: null, actions } };
  return (await w.must('POST', api(`/${kind}s`), body))[kind].id;
}

/** A personal one of `who` when they are staff (made by them), otherwise the owner's. */
async function personalOf(w: World, who: Who, kind: 'view' | 'macro'): Promise<number> {
  const p = w.people[who];
  const staffer = p && p.actor.role !== 'end-user' ? who : 'owner';
  const id = w.people[staffer]!.id;
  const body = kind === 'view' ? { view: { title: 'Mine', restriction: { type: 'User', id }, ...cond } } : { macro: { title: 'Mine', restriction: { type: 'User', id }, actions } };
  const r = await w.call(staffer, 'POST', api(`/${kind}s`), body);
  if (r.status !== 201) throw new Error(`fixture personal ${kind}: ${r.status}`);
  return r.body[kind].id;
}

/** A personal one of a colleague who is none of the table's people. */
async function colleagues(w: World, kind: 'view' | 'macro'): Promise<number> {
  const c = await w.colleague();
  const body = kind === 'view' ? { view: { title: 'Theirs', ...cond } } : { macro: { title: 'Theirs', actions } };
  return (await w.t.call('POST', api(`/${kind}s`), body, c)).body[kind].id;
}

const ownRestriction = (w: World, who: Who) => ({ type: 'User', id: w.people[who]?.id ?? w.t.owner.id });

function ruleRows(kind: 'view' | 'macro', area: string): Row[] {
  const path = `/${kind}s`;
  const body = (extra: object) => (kind === 'view' ? { view: { title: 'New', ...cond, ...extra } } : { macro: { title: 'New', actions, ...extra } });
  return [
    { area, action: `list ${kind}s`, method: 'GET', path, expect: staff(200) },
    { area, action: `create a personal ${kind}`, method: 'POST', path, expect: staff(201), make: async (w, who) => ({ url: api(path), body: body({ restriction: ownRestriction(w, who) }) }) },
    { area, action: `create a shared ${kind}`, method: 'POST', path, expect: admins(201), make: async () => ({ url: api(path), body: body({ restriction: null }) }) },
    { area, action: `show a shared ${kind}`, method: 'GET', path: `${path}/{id}`, expect: staff(200), shared: (w) => shared(w, kind), make: async (_w, _who, id) => ({ url: api(`${path}/${id}`) }) },
    { area, action: `show a colleague's personal ${kind}`, method: 'GET', path: `${path}/{id}`, expect: noStaff(404), shared: (w) => colleagues(w, kind), make: async (_w, _who, id) => ({ url: api(`${path}/${id}`) }) },
    { area, action: `update a shared ${kind}`, method: 'PUT', path: `${path}/{id}`, expect: admins(200), make: async (w) => ({ url: api(`${path}/${await shared(w, kind)}`), body: { [kind]: { title: 'Renamed' } } }) },
    { area, action: `update one's own personal ${kind}`, method: 'PUT', path: `${path}/{id}`, expect: staff(200), make: async (w, who) => ({ url: api(`${path}/${await personalOf(w, who, kind)}`), body: { [kind]: { title: 'Renamed' } } }) },
    { area, action: `delete a shared ${kind}`, method: 'DELETE', path: `${path}/{id}`, expect: admins(204), make: async (w) => ({ url: api(`${path}/${await shared(w, kind)}`) }) },
    { area, action: `delete one's own personal ${kind}`, method: 'DELETE', path: `${path}/{id}`, expect: staff(204), make: async (w, who) => ({ url: api(`${path}/${await personalOf(w, who, kind)}`) }) },
  ];
}

export const workspaceRows: Row[] = [
  ...ruleRows('view', 'Views'),
  { area: 'Views', action: 'delete a built-in view (deactivate it instead)', method: 'DELETE', path: '/views/{id}', expect: admins(422), shared: async (w) => (await w.must('GET', api('/views'))).views[0].id, make: async (_w, _who, id) => ({ url: api(`/views/${id}`) }) },
  { area: 'Views', action: 'execute a view', method: 'GET', path: '/views/{id}/execute', expect: staff(200), shared: (w) => shared(w, 'view'), make: async (_w, _who, id) => ({ url: api(`/views/${id}/execute`) }) },
  { area: 'Views', action: "a view's tickets", method: 'GET', path: '/views/{id}/tickets', expect: staff(200), shared: (w) => shared(w, 'view'), make: async (_w, _who, id) => ({ url: api(`/views/${id}/tickets`) }) },
  { area: 'Views', action: "a view's count", method: 'GET', path: '/views/{id}/count', expect: staff(200), shared: (w) => shared(w, 'view'), make: async (_w, _who, id) => ({ url: api(`/views/${id}/count`) }) },
  { area: 'Views', action: 'count many views', method: 'GET', path: '/views/count_many?ids=', expect: staff(200), shared: (w) => shared(w, 'view'), make: async (_w, _who, id) => ({ url: api(`/views/count_many?ids=${id}`) }) },
  { area: 'Views', action: 'preview conditions', method: 'POST', path: '/views/preview', expect: staff(200), make: async () => ({ url: api('/views/preview'), body: { view: cond } }) },

  ...ruleRows('macro', 'Macros'),
  { area: 'Macros', action: 'list active macros', method: 'GET', path: '/macros/active', expect: staff(200) },
  {
    area: 'Macros', action: 'apply a macro to a ticket (nothing saved)', method: 'GET', path: '/tickets/{id}/macros/{mid}/apply', expect: staff(200),
    shared: async (w) => ({ ticket: (await w.ticket()).ticketId, macro: await shared(w, 'macro') }),
    make: async (_w, _who, s) => ({ url: api(`/tickets/${s.ticket}/macros/${s.macro}/apply`) }),
  },

  { area: 'Drafts', action: 'read my draft of a reply', method: 'GET', path: '/tickets/{id}/draft', expect: staff(200), shared: async (w) => (await w.ticket()).ticketId, make: async (_w, _who, id) => ({ url: api(`/tickets/${id}/draft`) }) },
  { area: 'Drafts', action: 'save my draft of a reply', method: 'PUT', path: '/tickets/{id}/draft', expect: staff(200), shared: async (w) => (await w.ticket()).ticketId, make: async (_w, _who, id) => ({ url: api(`/tickets/${id}/draft`), body: { draft: { body: 'Dear customer,' } } }) },
  { area: 'Drafts', action: 'save a draft on a closed ticket', method: 'PUT', path: '/tickets/{id}/draft', expect: noStaff(422), shared: async (w) => (await w.ticket({ status: 'closed' })).ticketId, make: async (_w, _who, id) => ({ url: api(`/tickets/${id}/draft`), body: { draft: { body: 'Too late' } } }) },
  { area: 'Drafts', action: 'discard my draft', method: 'DELETE', path: '/tickets/{id}/draft', expect: staff(204), shared: async (w) => (await w.ticket()).ticketId, make: async (_w, _who, id) => ({ url: api(`/tickets/${id}/draft`) }) },
];
