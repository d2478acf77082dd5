import type { ReactNode } from 'react';
import { errorText } from '../lib/api.ts';

export function PageHeader({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <header className="page-header">
      <h1 className="page-title">{title}</h1>
      {children && <div className="page-actions">{children}</div>}
    </header>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="muted" role="status">
      {what}…
    </p>
  );
}

export function ErrorBox({ error }: { error: unknown }) {
  return (
    <div className="errorbox" role="alert">
      {errorText(error)}
    </div>
  );
}

/** A date as the reader's local date and time, with the exact UTC value on hover. */
export function When({ at }: { at: string | null | undefined }) {
  if (!at) return <span className="muted">—</span>;
  const d = new Date(at);
  return (
    <time dateTime={at} title={at}>
      {d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}
    </time>
  );
}

const STATUS_WORDS: Record<string, string> = { hold: 'on-hold' };

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge--${status}`}>{STATUS_WORDS[status] ?? status}</span>;
}

/** A long name or subject that wraps instead of breaking the layout, with the full text on hover. */
export function Clip({ text, fallback = '(none)' }: { text: string | null | undefined; fallback?: string }) {
  if (!text) return <span className="muted">{fallback}</span>;
  return (
    <span className="clip" title={text}>
      {text}
    </span>
  );
}
