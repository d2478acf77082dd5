import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { trapTab } from '../lib/focus.ts';

// Every destructive action asks first, in words that say what will happen. One modal
// <dialog> for the whole app: the page behind is inert, Tab goes round inside (trapTab),
// Escape cancels.

export interface ConfirmRequest {
  title: string;
  /** What will happen, in plain words; for Delete Forever, what is erased and that it is final. */
  body: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  /** For the irreversible: a box to tick before the button works. */
  acknowledge?: string;
}

type Ask = (r: ConfirmRequest) => Promise<boolean>;
const Ctx = createContext<Ask | null>(null);

export function ConfirmProvider({ children }: { children: ReactNode }) {
  const [req, setReq] = useState<ConfirmRequest | null>(null);
  const [ack, setAck] = useState(false);
  const resolver = useRef<((ok: boolean) => void) | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);

  const ask = useCallback<Ask>((r) => {
    resolver.current?.(false);
    setAck(false);
    setReq(r);
    return new Promise<boolean>((resolve) => (resolver.current = resolve));
  }, []);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (req && !d.open) {
      d.showModal();
      // Focus starts on Cancel: Enter on a destructive dialog must not destroy.
      cancelButton.current?.focus();
    } else if (!req && d.open) d.close();
  }, [req]);

  const answer = (ok: boolean) => {
    resolver.current?.(ok);
    resolver.current = null;
    setReq(null);
  };

  return (
    <Ctx.Provider value={ask}>
      {children}
      <dialog
        ref={dialog}
        className="dialog"
        aria-labelledby="confirm-title"
        aria-describedby="confirm-body"
        onKeyDown={trapTab}
        onCancel={(e) => {
          e.preventDefault();
          answer(false);
        }}
      >
        {req && (
          <form
            method="dialog"
            onSubmit={(e) => {
              e.preventDefault();
              answer(true);
            }}
          >
            <h2 id="confirm-title">{req.title}</h2>
            <div id="confirm-body" className="dialog__body">
              {req.body}
            </div>
            {req.acknowledge && (
              <label className="check">
                <input type="checkbox" checked={ack} onChange={(e) => setAck(e.target.checked)} /> {req.acknowledge}
              </label>
            )}
            <div className="dialog__actions">
              <button type="button" ref={cancelButton} className="btn" onClick={() => answer(false)}>
                Cancel
              </button>
              <button type="submit" className={req.danger ? 'btn btn--danger' : 'btn btn--primary'} disabled={!!req.acknowledge && !ack}>
                {req.confirmLabel}
              </button>
            </div>
          </form>
        )}
      </dialog>
    </Ctx.Provider>
  );
}

/** `await confirm({...})` is true only when the person pressed the confirm button. */
export function useConfirm(): Ask {
  const ask = useContext(Ctx);
  if (!ask) throw new Error('useConfirm outside ConfirmProvider');
  return ask;
}
