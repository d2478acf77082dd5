import { createContext, useContext, useEffect, useId, useRef, useState, type ReactNode } from 'react';

// Keyboard shortcuts (docs/web.md "Keyboard"). A component calls useShortcut(keys,
// description, handler); one keydown listener matches the keys against every shortcut
// mounted right now, and the help dialog lists that same registry, so it shows exactly what
// works on this page. Small on purpose: matching KeyboardEvent.key against a few chords.

/** One chord of a shortcut: a key and the modifiers it needs. `mod` is ⌘ on Apple, Ctrl elsewhere. */
interface Chord {
  key: string;
  mod: boolean;
  shift: boolean;
  alt: boolean;
}

export interface ShortcutOptions {
  /** The heading the help dialog lists it under (default "Everywhere"); a page uses its own name. */
  group?: string;
  /** False: not active now (not listed, does not fire). */
  enabled?: boolean;
}

export interface ShortcutInfo {
  id: string;
  keys: string;
  description: string;
  group: string;
}

/** A handler may answer false when it did nothing: the key then keeps its usual effect. */
export type ShortcutHandler = (e: KeyboardEvent) => void | boolean;

interface Entry extends ShortcutInfo {
  chords: Chord[];
  handler: { current: ShortcutHandler };
}

type Add = (e: Entry) => () => void;
const AddCtx = createContext<Add | null>(null);
const ListCtx = createContext<ShortcutInfo[]>([]);

/** Keys pressed within this long of each other make a sequence ("g" then "h"). */
const SEQUENCE_MS = 1200;

export const IS_APPLE = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** "g h" → two chords; "mod+Enter" → Enter with ⌘/Ctrl; "?" → the key that types "?". */
export function parseKeys(keys: string): Chord[] {
  return keys
    .trim()
    .split(/\s+/)
    .map((part) => {
      const bits = part.length > 1 ? part.split('+') : [part];
      const key = bits.pop()!;
      const mods = new Set(bits.map((b) => b.toLowerCase()));
      for (const m of mods) if (!['mod', 'shift', 'alt'].includes(m)) throw new Error(`Unknown modifier "${m}" in shortcut "${keys}"`);
      return { key, mod: mods.has('mod'), shift: mods.has('shift'), alt: mods.has('alt') };
    });
}

function chordMatches(c: Chord, e: KeyboardEvent): boolean {
  const mod = IS_APPLE ? e.metaKey : e.ctrlKey;
  const other = IS_APPLE ? e.ctrlKey : e.metaKey;
  if (mod !== c.mod || other || e.altKey !== c.alt) return false;
  // A printable key already says whether Shift was down ("?" is Shift+/ on many layouts),
  // so it is compared as typed; named keys (Enter, ArrowDown) compare Shift too.
  if (c.key.length === 1) return e.key === (c.shift ? c.key.toUpperCase() : c.key);
  return e.key === c.key && e.shiftKey === c.shift;
}

/** Typing into these must not trigger shortcuts. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'range', 'color'].includes(target.type);
  return false;
}

/** The only shortcuts that work while typing: submit (mod+Enter) and Escape. */
function worksWhileTyping(chords: Chord[]): boolean {
  const c = chords[0]!;
  return chords.length === 1 && ((c.mod && c.key === 'Enter') || c.key === 'Escape');
}

const infoOf = ({ id, keys, description, group }: Entry): ShortcutInfo => ({ id, keys, description, group });

/** Holds the shortcuts mounted now and listens for them. Once, around the signed-in app. */
export function ShortcutsProvider({ children }: { children: ReactNode }) {
  const entries = useRef(new Map<string, Entry>());
  const [list, setList] = useState<ShortcutInfo[]>([]);
  const recent = useRef<{ e: KeyboardEvent; at: number }[]>([]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || ['Shift', 'Control', 'Alt', 'Meta'].includes(e.key)) return;
      // A modal dialog owns the keyboard (and its own Escape): shortcuts wait until it closes.
      if (document.querySelector('dialog[open]')) return;
      const typing = isTyping(e.target);
      // Keys typed into a field never start a sequence.
      const keys = typing ? [e] : [...recent.current.filter((r) => e.timeStamp - r.at < SEQUENCE_MS).map((r) => r.e), e].slice(-4);
      recent.current = typing ? [] : keys.map((k) => ({ e: k, at: k.timeStamp }));
      let best: Entry | null = null;
      for (const entry of entries.current.values()) {
        if (typing && !worksWhileTyping(entry.chords)) continue;
        const n = entry.chords.length;
        if (n > keys.length || (best && best.chords.length >= n)) continue;
        const tail = keys.slice(-n);
        if (entry.chords.every((c, i) => chordMatches(c, tail[i]!))) best = entry;
      }
      if (!best || best.handler.current(e) === false) return;
      e.preventDefault();
      recent.current = [];
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Stable, so that registering never depends on the list it changes.
  const [add] = useState<Add>(() => (entry: Entry) => {
    entries.current.set(entry.id, entry);
    setList([...entries.current.values()].map(infoOf));
    return () => {
      entries.current.delete(entry.id);
      setList([...entries.current.values()].map(infoOf));
    };
  });
  return (
    <AddCtx.Provider value={add}>
      <ListCtx.Provider value={list}>{children}</ListCtx.Provider>
    </AddCtx.Provider>
  );
}

/**
 * Runs `handler` when `keys` are pressed while the calling component is mounted, and lists
 * the shortcut in the help dialog ("?") under `opts.group`. Keys: a key as KeyboardEvent.key
 * names it ("c", "?", "/", "Enter", "Escape", "ArrowDown"); chords with `mod+` (⌘ on Apple,
 * Ctrl elsewhere), `shift+`, `alt+`; sequences separated by a space ("g h"). Nothing fires
 * while the person types in a field (input, textarea, select, contenteditable) except
 * `mod+Enter` and `Escape`, and nothing fires while a modal dialog is open. When two
 * shortcuts match, the longer sequence wins ("g c" over "c"). The handler always sees the
 * latest props; it may return false when it did nothing, and the key keeps its usual effect.
 */
export function useShortcut(keys: string, description: string, handler: ShortcutHandler, opts: ShortcutOptions = {}): void {
  const add = useContext(AddCtx);
  if (!add) throw new Error('useShortcut outside ShortcutsProvider');
  const id = useId();
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  const group = opts.group ?? 'Everywhere';
  const enabled = opts.enabled ?? true;
  useEffect(() => {
    if (!enabled) return;
    return add({ id, keys, description, group, chords: parseKeys(keys), handler: ref });
  }, [add, id, keys, description, group, enabled]);
}

/** The shortcuts active now, in the order they were mounted. */
export function useShortcutList(): ShortcutInfo[] {
  return useContext(ListCtx);
}

/** How keys are shown: each chord of the sequence as its keys ("mod" as ⌘ or Ctrl). */
export function keyWords(keys: string): string[][] {
  const names: Record<string, string> = { mod: IS_APPLE ? '⌘' : 'Ctrl', shift: 'Shift', alt: IS_APPLE ? '⌥' : 'Alt', Escape: 'Esc', Enter: 'Enter' };
  return keys
    .trim()
    .split(/\s+/)
    .map((part) => (part.length > 1 ? part.split('+') : [part]).map((k) => names[k] ?? k));
}
