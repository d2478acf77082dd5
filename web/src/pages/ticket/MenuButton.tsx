import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

// A button that opens a short menu (WAI-ARIA menu button): Enter, Space or the down arrow
// open it on the first item, the arrows move, Enter picks, Escape closes and returns focus
// to the button, Tab leaves it closed. Used by "Submit as …" and the macro picker.

export interface MenuItem {
  key: string;
  label: ReactNode;
  /** Shown greyed out with no action (e.g. the status already chosen). */
  disabled?: boolean;
  onPick(): void;
}

interface Props {
  /** The button's accessible name. */
  label: string;
  /** What the button shows (defaults to the label). */
  children?: ReactNode;
  items: MenuItem[];
  className?: string;
  disabled?: boolean;
  /** Opens the menu above the button (it sits at the bottom of the reply box). */
  up?: boolean;
}

export function MenuButton({ label, children, items, className = 'btn', disabled, up }: Props) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const wrap = useRef<HTMLSpanElement>(null);

  const focusItem = (i: number) => {
    const els = list.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([aria-disabled="true"])');
    if (!els?.length) return;
    els[(i + els.length) % els.length]!.focus();
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    focusItem(0);
    const away = (e: MouseEvent) => {
      if (!wrap.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);

  const onListKey = (e: KeyboardEvent) => {
    const els = [...(list.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? [])];
    const at = els.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown') focusItem(at + 1);
    else if (e.key === 'ArrowUp') focusItem(at - 1);
    else if (e.key === 'Home') focusItem(0);
    else if (e.key === 'End') focusItem(els.length - 1);
    else if (e.key === 'Escape') close(true);
    else if (e.key === 'Tab') setOpen(false);
    else return;
    if (e.key !== 'Tab') e.preventDefault();
  };

  return (
    <span className={`menubutton ${up ? 'menubutton--up' : ''}`} ref={wrap}>
      <button
        ref={button}
        type="button"
        className={className}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        aria-label={children ? label : undefined}
        disabled={disabled}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        {children ?? label}
      </button>
      {open && (
        <ul className="menu" role="menu" id={`${id}-menu`} aria-label={label} ref={list} onKeyDown={onListKey}>
          {items.map((item) => (
            <li key={item.key} role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                aria-disabled={item.disabled || undefined}
                className="menu__item"
                onClick={() => {
                  if (item.disabled) return;
                  close(true);
                  item.onPick();
                }}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}
