import { useId, useState } from 'react';
import { nameOf } from '../../lib/users.ts';
import type { Ticket } from '../../../../src/shared/tickets.ts';
import type { User } from '../../../../src/shared/users.ts';
import { CcField, TagsField } from './ChipFields.tsx';
import { CustomFields } from './CustomFields.tsx';
import { changesText, effectiveChanges, shownValue, withField, type CustomFieldValue, type FieldName, type PendingFields } from './pending.ts';
import { PriorityOptions, TypeOptions } from '../../components/TicketOptions.tsx';
import { useGroupMembers, useGroups, useOrganization, useRequesterOrganizations, useStaff } from './ticket-data.ts';

// The ticket's fields in the sidebar. Changes are pending until "Update" saves them alone or
// "Submit as …" sends them with the reply; both go through PUT /tickets/{id}, which checks
// every value again. On a closed or Spam ticket the fields are shown and cannot be edited.


interface Props {
  ticket: Ticket;
  fields: PendingFields;
  onFields(next: PendingFields): void;
  /** Why nothing can be edited (closed, Spam), or null. */
  lock: string | null;
  people: Map<number, User>;
  busy: boolean;
  /** Why the last "Update" was refused. */
  error: string | null;
  onUpdate(): void;
  onDiscard(): void;
}

function Label({ htmlFor, text, changed }: { htmlFor: string; text: string; changed: boolean }) {
  return (
    <label htmlFor={htmlFor} className="tf-label">
      {text}
      {changed && <span className="tf-changed">changed</span>}
    </label>
  );
}

export function TicketFields({ ticket, fields, onFields, lock, people, busy, error, onUpdate, onDiscard }: Props) {
  const id = useId();
  const [added, setAdded] = useState<Map<number, User>>(new Map());
  const staffQ = useStaff();
  const groupsQ = useGroups();
  const groupId = shownValue(ticket, fields, 'group_id');
  const membersQ = useGroupMembers(groupId);
  const orgsQ = useRequesterOrganizations(ticket.requester_id);
  const changes = effectiveChanges(ticket, fields);
  const changed = (n: FieldName) => n in changes;
  const set = <K extends FieldName>(name: K, value: PendingFields[K]) => onFields(withField(ticket, fields, name, value));
  const disabled = !!lock || busy;

  const staff = (staffQ.data?.users ?? []).filter((u) => u.active && !u.suspended);
  const members = new Set((membersQ.data?.group_memberships ?? []).map((m) => m.user_id));
  const assigneeId = shownValue(ticket, fields, 'assignee_id');
  const inGroup = groupId ? staff.filter((u) => members.has(u.id)) : [];
  const others = groupId ? staff.filter((u) => !members.has(u.id)) : staff;
  const assigneeListed = !assigneeId || staff.some((u) => u.id === assigneeId);
  const groups = groupsQ.data?.groups.filter((g) => !g.deleted) ?? [];

  const orgId = shownValue(ticket, fields, 'organization_id');
  const orgs = orgsQ.data?.organization_memberships ?? [];
  const orgListed = !orgId || orgs.some((m) => m.organization_id === orgId);
  const orgQ = useOrganization(orgId, orgListed);

  const pendingCustom = fields.custom_fields ?? [];
  const customShown: CustomFieldValue[] = [...ticket.custom_fields.map((f) => pendingCustom.find((p) => p.id === f.id) ?? f), ...pendingCustom.filter((p) => !ticket.custom_fields.some((f) => f.id === p.id))];
  const customChanged = new Set((changes.custom_fields ?? []).map((f) => f.id));
  const setCustom = (fid: number, value: unknown) => set('custom_fields', [...pendingCustom.filter((f) => f.id !== fid), { id: fid, value }]);

  const allPeople = new Map([...people, ...added]);
  const count = Object.keys(changes).length;
  const groupMember = assigneeId && groupId && membersQ.isSuccess && !members.has(assigneeId);

  return (
    <section className="panel tf" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="tf-title">
        Ticket fields
      </h2>
      {lock && <p className="note tf-lock">{lock}</p>}
      <fieldset className="tf-fields" disabled={!!lock}>
        <legend className="visually-hidden">Ticket fields</legend>
        <div className="tf-field">
          <Label htmlFor={`${id}-group`} text="Group" changed={changed('group_id')} />
          <select id={`${id}-group`} value={groupId ?? ''} disabled={disabled} onChange={(e) => set('group_id', e.target.value ? Number(e.target.value) : null)}>
            <option value="">No group</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
            {groupId && !groups.some((g) => g.id === groupId) && <option value={groupId}>Group #{groupId}</option>}
          </select>
        </div>
        <div className="tf-field">
          <Label htmlFor={`${id}-assignee`} text="Assignee" changed={changed('assignee_id')} />
          <select id={`${id}-assignee`} value={assigneeId ?? ''} disabled={disabled} onChange={(e) => set('assignee_id', e.target.value ? Number(e.target.value) : null)}>
            <option value="">Unassigned</option>
            {inGroup.length > 0 && (
              <optgroup label={`In ${groups.find((g) => g.id === groupId)?.name ?? 'the group'}`}>
                {inGroup.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </optgroup>
            )}
            {groupId ? (
              others.length > 0 && (
                <optgroup label="Other agents">
                  {others.map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
                </optgroup>
              )
            ) : (
              others.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))
            )}
            {!assigneeListed && assigneeId && <option value={assigneeId}>{nameOf(allPeople, assigneeId)}</option>}
          </select>
          {groupMember && <p className="muted tf-help">Not a member of this group (allowed: the server does not require it).</p>}
        </div>
        <div className="tf-row">
          <div className="tf-field">
            <Label htmlFor={`${id}-priority`} text="Priority" changed={changed('priority')} />
            <select id={`${id}-priority`} value={shownValue(ticket, fields, 'priority') ?? ''} disabled={disabled} onChange={(e) => set('priority', e.target.value || null)}>
              <option value="">—</option>
              <PriorityOptions />
            </select>
          </div>
          <div className="tf-field">
            <Label htmlFor={`${id}-type`} text="Type" changed={changed('type')} />
            <select id={`${id}-type`} value={shownValue(ticket, fields, 'type') ?? ''} disabled={disabled} onChange={(e) => set('type', e.target.value || null)}>
              <option value="">—</option>
              <TypeOptions />
            </select>
          </div>
        </div>
        <div className="tf-field">
          <Label htmlFor={`${id}-org`} text="Organization" changed={changed('organization_id')} />
          <select id={`${id}-org`} value={orgId ?? ''} disabled={disabled} onChange={(e) => set('organization_id', e.target.value ? Number(e.target.value) : null)}>
            <option value="">None</option>
            {orgs.map((m) => (
              <option key={m.organization_id} value={m.organization_id}>
                {m.organization_name}
              </option>
            ))}
            {!orgListed && orgId && <option value={orgId}>{orgQ.data?.organization.name ?? `Organization #${orgId}`}</option>}
          </select>
          {orgs.length === 0 && orgsQ.isSuccess && <p className="muted tf-help">The requester belongs to no organization.</p>}
        </div>
        <TagsField tags={shownValue(ticket, fields, 'tags') ?? []} changed={changed('tags')} disabled={disabled} onChange={(tags) => set('tags', tags)} />
        <CcField
          ids={shownValue(ticket, fields, 'collaborator_ids') ?? []}
          people={allPeople}
          exclude={[ticket.requester_id]}
          changed={changed('collaborator_ids')}
          disabled={disabled}
          onChange={(ids, user) => {
            if (user) setAdded((m) => new Map(m).set(user.id, user));
            set('collaborator_ids', ids);
          }}
        />
        <CustomFields values={customShown} changed={customChanged} disabled={disabled} onChange={setCustom} />
      </fieldset>
      {!lock && (
        <div className="tf-actions">
          <span className="muted" role="status">
            {count ? `${changesText(count)} not saved` : 'No unsaved changes'}
          </span>
          <span className="spacer" />
          {count > 0 && (
            <button type="button" className="btn btn--small btn--ghost" onClick={onDiscard} disabled={busy}>
              Discard
            </button>
          )}
          <button type="button" className="btn btn--small" onClick={onUpdate} disabled={busy || count === 0}>
            Update
          </button>
        </div>
      )}
      {error && (
        <p className="errorbox" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
