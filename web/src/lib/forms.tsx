import type { ReactNode } from 'react';
import { api, ApiError, errorText, type FieldErrors } from './api.ts';

// Forms: the server's validation errors (422 `details`, keyed by field) shown on the field
// they name, and whatever no field claims shown above the buttons.

/** Per-field messages from a refusal, and the rest as one line (null when every message has a field). */
export interface FormErrors {
  fields: Record<string, string>;
  rest: string | null;
}

const strip = (field: string, text: string) => (text.toLowerCase().startsWith(`${field.toLowerCase()}: `) ? text.slice(field.length + 2) : text);

/**
 * Splits an error over the form's fields. `aliases` maps a server key onto a field of the
 * form (e.g. `value` → `email` for an identity); keys no field has go to `rest`.
 */
export function formErrors(err: unknown, known: string[], aliases: Record<string, string> = {}): FormErrors {
  if (!(err instanceof ApiError) || !err.details) return { fields: {}, rest: errorText(err) };
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const [key, list] of Object.entries(err.details as FieldErrors)) {
    const field = aliases[key] ?? key;
    const text = list.map((d) => strip(key, d.description)).join(' ');
    if (known.includes(field)) fields[field] = fields[field] ? `${fields[field]} ${text}` : text;
    else rest.push(list.map((d) => d.description).join(' '));
  }
  return { fields, rest: rest.length ? rest.join(' ') : null };
}

export const NO_ERRORS: FormErrors = { fields: {}, rest: null };

/** The props that tie an input to its error message (aria-invalid, aria-describedby). */
export function invalidProps(errors: FormErrors, field: string, id: string) {
  return errors.fields[field] ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {};
}

/** The message under a field, read out with it (the input's aria-describedby points here). */
export function FieldError({ errors, field, id }: { errors: FormErrors; field: string; id: string }) {
  const text = errors.fields[field];
  if (!text) return null;
  return (
    <span id={`${id}-error`} className="field-error" role="alert">
      {text}
    </span>
  );
}

/**
 * A labelled field with its error under it (outside the label, so that the error is the
 * input's description, not part of its name). The input inside takes `id` and
 * `{...invalidProps(errors, field, id)}`.
 */
export function Field({ id, label, errors, field, children }: { id: string; label: ReactNode; errors: FormErrors; field: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      <FieldError errors={errors} field={field} id={id} />
    </div>
  );
}

/** Uploads files under one token (POST /uploads, then ?token= for the others) for a comment's `uploads`. */
export async function uploadFiles(files: File[]): Promise<string | null> {
  let token: string | null = null;
  for (const f of files) {
    const q: URLSearchParams = new URLSearchParams({ filename: f.name, ...(token ? { token } : {}) });
    token = (await api<{ upload: { token: string } }>('POST', `/uploads?${q.toString()}`, undefined, { raw: f })).upload.token;
  }
  return token;
}
