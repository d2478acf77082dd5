import { Fragment, useEffect, useRef } from 'react';
import { trapTab } from '../lib/focus.ts';
import { IS_APPLE, keyWords, useShortcutList, type ShortcutInfo } from '../lib/shortcuts.tsx';

// The "?" dialog: the shortcuts that work on this page, grouped as their components named
// them. A modal <dialog>: the rest of the page is inert while it is open, Tab goes round
// inside it (the browser alone would let it leave for its own toolbar), Escape closes it,
// and focus goes back to where it was.

function Keys({ keys }: { keys: string }) {
  const chords = keyWords(keys);
  return (
    <span className="keys">
      {chords.map((chord, i) => (
        <Fragment key={i}>
          {i > 0 && <span className="muted"> then </span>}
          {chord.map((k, j) => (
            <Fragment key={j}>
              {j > 0 && '+'}
              <kbd>{k}</kbd>
            </Fragment>
          ))}
        </Fragment>
      ))}
    </span>
  );
}

export function ShortcutsHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const list = useShortcutList();

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      d.showModal();
      closeButton.current?.focus();
    }
    if (!open && d.open) {
      d.close();
      // Browsers differ on where focus goes after close(); put it back where the person was.
      if (returnTo.current?.isConnected) returnTo.current.focus();
    }
  }, [open]);

  const groups = new Map<string, ShortcutInfo[]>();
  for (const s of list) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  // "Everywhere" last: what is special about this page comes first.
  const ordered = [...groups.entries()].sort(([a], [b]) => Number(a === 'Everywhere') - Number(b === 'Everywhere'));

  return (
    <dialog
      ref={ref}
      className="dialog shortcuts"
      aria-labelledby="shortcuts-title"
      onKeyDown={trapTab}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <p className="muted">While you type in a field, only the shortcuts with {IS_APPLE ? '⌘' : 'Ctrl'} and Esc work.</p>
      {ordered.map(([group, items], i) => (
        <section key={group} aria-labelledby={`shortcuts-group-${i}`}>
          <h3 id={`shortcuts-group-${i}`}>{group}</h3>
          <dl className="shortcuts__list">
            {items.map((s) => (
              <div key={s.id} className="shortcuts__row">
                <dt>
                  <Keys keys={s.keys} />
                </dt>
                <dd>{s.description}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <div className="dialog__actions">
        <button type="button" ref={closeButton} className="btn" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
