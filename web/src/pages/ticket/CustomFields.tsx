import { useId, useState } from 'react';
import type { CustomFieldValue } from './pending.ts';

// Ticket custom fields as the API has them: `custom_fields: [{id, value}]`, merged by id on
// update. The server has no field definitions (names, types, options) yet, so a field is
// shown by its id and edited in the form of its value: text, number, yes/no or a list.

interface Props {
  /** The values shown: the ticket's with pending changes over them. */
  values: CustomFieldValue[];
  changed: Set<number>;
  disabled: boolean;
  onChange(id: number, value: unknown): void;
}

function asText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}

/** The typed text back in the kind of value the field had. */
function fromText(text: string, before: unknown): unknown {
  if (Array.isArray(before)) return text.split(',').map((s) => s.trim()).filter(Boolean);
  if (typeof before === 'number') return text.trim() === '' ? null : Number(text);
  return text === '' ? null : text;
}

function FieldInput({ f, changed, disabled, onChange }: { f: CustomFieldValue; changed: boolean; disabled: boolean; onChange(v: unknown): void }) {
  const id = useId();
  const label = (
    <>
      Field {f.id}
      {changed && <span className="tf-changed">changed</span>}
    </>
  );
  if (typeof f.value === 'boolean') {
    return (
      <label className="check tf-field">
        <input type="checkbox" checked={f.value} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
        <span>{label}</span>
      </label>
    );
  }
  return (
    <div className="tf-field">
      <label htmlFor={id} className="tf-label">
        {label}
      </label>
      <input
        id={id}
        type={typeof f.value === 'number' ? 'number' : 'text'}
        value={asText(f.value)}
        disabled={disabled}
        onChange={(e) => onChange(fromText(e.target.value, f.value))}
      />
    </div>
  );
}

export function CustomFields({ values, changed, disabled, onChange }: Props) {
  const id = useId();
  const [newId, setNewId] = useState('');
  const known = new Set(values.map((f) => f.id));
  const idNumber = Number(newId);
  const validNew = Number.isInteger(idNumber) && idNumber > 0 && idNumber <= 2147483647 && !known.has(idNumber);
  return (
    <fieldset className="tf-custom">
      <legend className="tf-label">Custom fields</legend>
      {values.length === 0 && <p className="muted tf-help">None on this ticket.</p>}
      {values.map((f) => (
        <FieldInput key={f.id} f={f} changed={changed.has(f.id)} disabled={disabled} onChange={(v) => onChange(f.id, v)} />
      ))}
      {!disabled && (
        <div className="tf-add">
          <label htmlFor={`${id}-new`} className="visually-hidden">
            Id of a custom field to add
          </label>
          <input id={`${id}-new`} inputMode="numeric" placeholder="Field id" value={newId} onChange={(e) => setNewId(e.target.value.replace(/\D/g, ''))} />
          <button
            type="button"
            className="btn btn--small"
            disabled={!validNew}
            onClick={() => {
              onChange(idNumber, '');
              setNewId('');
            }}
          >
            Add field
          </button>
        </div>
      )}
    </fieldset>
  );
}
