import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMe } from '../../lib/session.tsx';
import { useGroups, useStaff } from '../../lib/views.ts';
import { PriorityOptions } from '../../components/TicketOptions.tsx';
import type { BulkTicketChanges } from '../../../../src/shared/tickets.ts';

// Bulk edit: the fields PUT /tickets/update_many sets on each ticket (docs/api.md). Every
// field starts at "No change"; only what the agent picks is sent.

const KEEP = '';
const STATUSES = [
  ['new', 'New'],
  ['open', 'Open'],
  ['pending', 'Pending'],
  ['hold', 'On-hold'],
  ['solved', 'Solved'],
] as const;

const tagList = (s: string) => s.split(/[\s,]+/).map((t) => t.trim()).filter(Boolean);

export function BulkEditDialog({ open, count, onClose, onSubmit }: { open: boolean; count: string; onClose: () => void; onSubmit: (changes: BulkTicketChanges) => void }) {
  const me = useMe();
  const staff = useStaff();
  const groups = useGroups();
  const ref = useRef<HTMLDialogElement>(null);
  const [status, setStatus] = useState(KEEP);
  const [priority, setPriority] = useState(KEEP);
  const [assignee, setAssignee] = useState(KEEP);
  const [group, setGroup] = useState(KEEP);
  const [add, setAdd] = useState('');
  const [remove, setRemove] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setStatus(KEEP);
      setPriority(KEEP);
      setAssignee(KEEP);
      setGroup(KEEP);
      setAdd('');
      setRemove('');
      setError(null);
      d.showModal();
    }
    if (!open && d.open) d.close();
  }, [open]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const changes: BulkTicketChanges = {};
    if (status) changes.status = status as BulkTicketChanges['status'];
    if (priority) changes.priority = priority === 'none' ? null : (priority as BulkTicketChanges['priority']);
    if (assignee) changes.assignee_id = assignee === 'none' ? null : Number(assignee);
    if (group) changes.group_id = group === 'none' ? null : Number(group);
    if (tagList(add).length) changes.additional_tags = tagList(add);
    if (tagList(remove).length) changes.remove_tags = tagList(remove);
    if (!Object.keys(changes).length) {
      setError('Choose at least one change.');
      return;
    }
    onSubmit(changes);
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="bulk-edit-title" onCancel={(e) => (e.preventDefault(), onClose())}>
      <form onSubmit={submit}>
        <h2 id="bulk-edit-title">Edit {count}</h2>
        <p className="muted">Only the fields you change are set; the others stay as each ticket has them. Closed tickets cannot be changed and are listed as refused.</p>
        <div className="bulkedit">
          <label className="field">
            <span>Status</span>
            <select value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value={KEEP}>No change</option>
              {STATUSES.map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Priority</span>
            <select value={priority} onChange={(e) => setPriority(e.target.value)}>
              <option value={KEEP}>No change</option>
              <option value="none">None</option>
              <PriorityOptions />
            </select>
          </label>
          <label className="field">
            <span>Assignee</span>
            <select value={assignee} onChange={(e) => setAssignee(e.target.value)}>
              <option value={KEEP}>No change</option>
              <option value="none">Unassigned</option>
              <option value={String(me.user.id)}>Me ({me.user.name})</option>
              {staff
                .filter((u) => u.id !== me.user.id)
                .map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
            </select>
          </label>
          {groups.length > 0 && (
            <label className="field">
              <span>Group</span>
              <select value={group} onChange={(e) => setGroup(e.target.value)}>
                <option value={KEEP}>No change</option>
                <option value="none">No group</option>
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="field">
            <span>Add tags</span>
            <input value={add} onChange={(e) => setAdd(e.target.value)} placeholder="vip billing" />
          </label>
          <label className="field">
            <span>Remove tags</span>
            <input value={remove} onChange={(e) => setRemove(e.target.value)} />
          </label>
        </div>
        {error && (
          <p className="errorbox" role="alert">
            {error}
          </p>
        )}
        <div className="dialog__actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn--primary">
            Update {count}
          </button>
        </div>
      </form>
    </dialog>
  );
}
