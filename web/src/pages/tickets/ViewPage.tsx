import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorText } from '../../lib/api.ts';
import { plural } from '../../lib/bulk.ts';
import { ticketInQueue } from '../../lib/queue.ts';
import { useMe } from '../../lib/session.tsx';
import { allTicketIds, fetchViewPage, filterConditions, hasFilters, listParams, PER_PAGE, readListState, sameSort, sortOf, viewPageKey, type ListState } from '../../lib/views.ts';
import { canManageRule } from '../../../../src/shared/policy.ts';
import type { View } from '../../../../src/shared/workspace-shapes.ts';
import { BulkBar } from '../../components/BulkBar.tsx';
import { useConfirm } from '../../components/Confirm.tsx';
import { ErrorBox, Loading } from '../../components/Misc.tsx';
import { Pager } from '../../components/Pager.tsx';
import { SelectableTable } from '../../components/SelectableTable.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { FiltersForm } from './Filters.tsx';
import { SaveViewDialog } from './SaveViewDialog.tsx';
import { TicketBulkActions } from './TicketBulkActions.tsx';
import { useViewColumns, type PlacedRow } from './viewColumns.tsx';

// One view as a queue: its tickets with the view's columns, sortable headers, filters,
// paging, selection across pages ("all N matching") and bulk actions, and the view's own
// actions (save as a new view, rename, save the filters into it, delete). Everything about
// the list is in the URL.

/** Dates and priorities read best newest or highest first; the rest A to Z. */
const FIRST_ORDER: Record<string, 'asc' | 'desc'> = { created: 'desc', updated: 'desc', priority: 'desc' };

export function ViewPage({ view }: { view: View }) {
  const me = useMe();
  const navigate = useNavigate();
  const confirm = useConfirm();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const state = readListState(params);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [dialog, setDialog] = useState<'create' | 'rename' | null>(null);

  // A new view, sort or set of filters is a new list: what was selected does not carry over.
  const listKey = `${view.id}?${listParams({ ...state, page: 1 }).toString()}`;
  const [lastList, setLastList] = useState(listKey);
  if (lastList !== listKey) {
    setLastList(listKey);
    setSelected(new Set());
    setAllMatching(false);
  }

  const page = useQuery({ queryKey: viewPageKey(view.id, state), queryFn: () => fetchViewPage(view, state), placeholderData: keepPreviousData });
  const data = page.data;
  const offset = (state.page - 1) * PER_PAGE;
  const rows: PlacedRow[] = (data?.rows ?? []).map((r, i) => ({ id: r.ticket_id, at: offset + i, row: r }));
  const columns = useViewColumns(view, data, (row) => ticketInQueue(row.id, { viewId: view.id, state, at: row.at }));
  const sort = sortOf(view, state);
  const total = data?.count ?? 0;

  const go = (next: ListState) => setParams(listParams(next));
  const onSort = (key: string) => {
    const order = sameSort(key, sort.by) ? (sort.order === 'asc' ? 'desc' : 'asc') : (FIRST_ORDER[key] ?? 'asc');
    go({ ...state, sort: key, order, page: 1 });
  };

  const ownerId = view.restriction ? view.restriction.id : null;
  const editable = canManageRule({ id: me.user.id, role: me.user.role, canDeleteTickets: me.abilities.delete_tickets }, ownerId).ok;
  const isAdmin = me.user.role === 'admin';
  const merged = () => ({
    all: [...view.conditions.all, ...filterConditions(state.filters)],
    any: view.conditions.any,
    output: { columns: view.execution.columns.map((c) => c.id), sort_by: sort.by, sort_order: sort.order },
  });
  const refreshViews = () => queryClient.invalidateQueries({ queryKey: ['views'] });

  const saveAs = async (title: string, shared: boolean) => {
    const restriction = shared ? null : { type: 'User', id: me.user.id };
    const r = await api<{ view: View }>('POST', '/views', { view: { title, restriction, ...merged() } });
    await refreshViews();
    setDialog(null);
    toast(`View “${title}” saved${shared ? ' for every agent' : ''}.`);
    void navigate(`/views/${r.view.id}`);
  };
  const rename = async (title: string) => {
    await api('PUT', `/views/${view.id}`, { view: { title } });
    await refreshViews();
    setDialog(null);
    toast('View renamed.');
  };
  const saveFilters = async () => {
    const ok = await confirm({
      title: `Change “${view.title}”?`,
      body: <p>The filters and the sort you have now become part of the view{ownerId === null ? ', for every agent who uses it' : ''}.</p>,
      confirmLabel: 'Save into the view',
    });
    if (!ok) return;
    try {
      await api('PUT', `/views/${view.id}`, { view: merged() });
      await refreshViews();
      await queryClient.invalidateQueries({ queryKey: ['tickets'] });
      toast('View updated.');
      setParams({});
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };
  const remove = async () => {
    const ok = await confirm({
      title: `Delete the view “${view.title}”?`,
      body: <p>Only the view goes{ownerId === null ? ', for every agent' : ''}; its tickets stay as they are.</p>,
      confirmLabel: 'Delete view',
      danger: true,
    });
    if (!ok) return;
    try {
      await api('DELETE', `/views/${view.id}`);
      await refreshViews();
      toast('View deleted.');
      void navigate('/views');
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };

  const count = allMatching ? total : selected.size;
  // With "all matching", every row of every page is shown checked.
  const shownSelected = allMatching ? new Set([...selected, ...rows.map((r) => r.id)]) : selected;
  const pageAllSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const widen = allMatching ? (
    <span className="bulkbar__note">All {total} matching tickets are selected.</span>
  ) : pageAllSelected && total > selected.size ? (
    <button type="button" className="btn btn--small" onClick={() => setAllMatching(true)}>
      Select all {total} matching
    </button>
  ) : null;
  const clear = () => {
    setSelected(new Set());
    setAllMatching(false);
  };

  return (
    <>
      <header className="page-header">
        <div>
          <p className="eyebrow">{ownerId === null ? (view.default ? 'Built-in view' : 'Shared view') : 'Your view'}</p>
          <h1 className="page-title breakable">{view.title}</h1>
        </div>
        <div className="page-actions">
          <button type="button" className="btn" onClick={() => setDialog('create')}>
            Save as view
          </button>
          {editable && hasFilters(state.filters) && (
            <button type="button" className="btn" onClick={saveFilters}>
              Save filters into this view
            </button>
          )}
          {editable && (
            <button type="button" className="btn" onClick={() => setDialog('rename')}>
              Rename
            </button>
          )}
          {editable && !view.default && (
            <button type="button" className="btn btn--danger" onClick={remove}>
              Delete view
            </button>
          )}
        </div>
      </header>
      <FiltersForm filters={state.filters} onApply={(filters) => go({ ...state, filters, page: 1 })} />
      <BulkBar count={count} noun={['ticket', 'tickets']} onClear={clear} widen={widen}>
        <TicketBulkActions
          count={count}
          ids={() => (allMatching ? allTicketIds(view, state) : Promise.resolve([...selected]))}
          onStarted={clear}
        />
      </BulkBar>
      {page.isPending && <Loading what="Loading tickets" />}
      {page.error && <ErrorBox error={page.error} />}
      {data && (
        <div aria-busy={page.isPlaceholderData} className="queue__table">
          <SelectableTable
            caption={`${view.title}: ${plural(total, 'ticket', 'tickets')}, sorted by ${sort.by} ${sort.order === 'asc' ? 'ascending' : 'descending'}`}
            rows={rows}
            columns={columns}
            label={(r) => `ticket #${r.id} ${r.row.ticket.subject ?? ''}`}
            selected={shownSelected}
            onSelectedChange={(next) => {
              setSelected(next);
              // Unchecking a row leaves "all matching": what stays checked is what is shown checked.
              if (next.size < shownSelected.size) setAllMatching(false);
            }}
            empty={
              hasFilters(state.filters) ? (
                <>
                  No tickets match these filters. <Link to={`/views/${view.id}`}>Show the whole view</Link>
                </>
              ) : (
                'No tickets in this view.'
              )
            }
            sortedBy={(key) => (sameSort(key, sort.by) ? sort.order : null)}
            onSort={onSort}
          />
          <Pager page={state.page} perPage={PER_PAGE} count={total} onPage={(p) => go({ ...state, page: p })} />
        </div>
      )}
      <SaveViewDialog
        open={dialog !== null}
        mode={dialog ?? 'create'}
        initialTitle={dialog === 'rename' ? view.title : `${view.title} (${hasFilters(state.filters) ? 'filtered' : 'copy'})`}
        canShare={isAdmin}
        onClose={() => setDialog(null)}
        onSave={(title, shared) => (dialog === 'rename' ? rename(title) : saveAs(title, shared))}
      />
    </>
  );
}
