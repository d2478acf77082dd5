import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';

// Short messages after an action: what happened, or why it did not. Read out by screen
// readers (a live region), and they stay until closed when they are errors.

interface Toast {
  id: number;
  text: string;
  kind: 'ok' | 'error';
}

type Notify = (text: string, kind?: Toast['kind']) => void;
const Ctx = createContext<Notify | null>(null);
let seq = 0;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const notify = useCallback<Notify>((text, kind = 'ok') => {
    const id = ++seq;
    setToasts((t) => [...t.slice(-3), { id, text, kind }]);
    if (kind === 'ok') setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), 6000);
  }, []);
  return (
    <Ctx.Provider value={notify}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast--${t.kind}`} role={t.kind === 'error' ? 'alert' : undefined}>
            <span>{t.text}</span>
            <button type="button" className="btn btn--ghost btn--small" aria-label="Close message" onClick={() => setToasts((all) => all.filter((x) => x.id !== t.id))}>
              ×
            </button>
          </div>
        ))}
      </div>
    </Ctx.Provider>
  );
}

export function useToast(): Notify {
  const n = useContext(Ctx);
  if (!n) throw new Error('useToast outside ToastProvider');
  return n;
}
