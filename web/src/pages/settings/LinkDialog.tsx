import { useEffect, useRef, useState } from 'react';
import { trapTab } from '../../lib/focus.ts';

export interface IssuedLink {
  name: string;
  url: string;
  expires_at: string;
  purpose: 'invite' | 'reset';
}

/** Shows a one-time sign-in link once, with a copy button and what to do with it. */
export function LinkDialog({ link, onClose }: { link: IssuedLink | null; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    setCopied(false);
    const d = ref.current;
    if (!d) return;
    if (link && !d.open) d.showModal();
    if (!link && d.open) d.close();
  }, [link]);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="link-title" onKeyDown={trapTab} onCancel={(e) => (e.preventDefault(), onClose())}>
      {link && (
        <>
          <h2 id="link-title">{link.purpose === 'invite' ? `Invitation for ${link.name}` : `New sign-in link for ${link.name}`}</h2>
          <div className="dialog__body">
            <p>
              Give this link to {link.name} yourself, by a channel you trust. It lets them choose a password, works once, and expires{' '}
              {new Date(link.expires_at).toLocaleString()}. Oubli does not send it and will not show it again.
            </p>
            <label className="field">
              <span>One-time link</span>
              <input readOnly value={link.url} onFocus={(e) => e.target.select()} data-testid="one-time-link" />
            </label>
          </div>
          <div className="dialog__actions">
            <button
              type="button"
              className="btn"
              onClick={async () => {
                try {
                  await navigator.clipboard.writeText(link.url);
                  setCopied(true);
                } catch {
                  setCopied(false);
                }
              }}
            >
              {copied ? 'Copied' : 'Copy link'}
            </button>
            <button type="button" className="btn btn--primary" onClick={onClose} autoFocus>
              Done
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
