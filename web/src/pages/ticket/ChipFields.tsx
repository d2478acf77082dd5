import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { api, errorText } from '../../lib/api.ts';
import { nameOf } from '../../lib/users.ts';
import type { User } from '../../../../src/shared/users.ts';

// Tags and CCs as chips: each with its own remove button, and a text box that adds.

/** Tags as the server keeps them: lower case, split on spaces and commas (ticket-rules.ts normalizeTags). */
export function splitTags(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter(Boolean);
}

interface TagsProps {
  tags: string[];
  changed: boolean;
  disabled: boolean;
  onChange(tags: string[]): void;
}

export function TagsField({ tags, changed, disabled, onChange }: TagsProps) {
  const id = useId();
  const [text, setText] = useState('');
  const add = () => {
    const more = splitTags(text).filter((t) => !tags.includes(t));
    if (more.length) onChange([...tags, ...more].sort());
    setText('');
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      add();
    } else if (e.key === 'Backspace' && text === '' && tags.length) onChange(tags.slice(0, -1));
  };
  return (
    <div className="tf-field">
      <label htmlFor={`${id}-tag`} className="tf-label">
        Tags
        {changed && <span className="tf-changed">changed</span>}
      </label>
      <ul className="chips" aria-label="Tags of this ticket">
        {tags.map((t) => (
          <li key={t} className="chip">
            <span className="clip">{t}</span>
            {!disabled && (
              <button type="button" className="chip__remove" aria-label={`Remove tag ${t}`} onClick={() => onChange(tags.filter((x) => x !== t))}>
                ×
              </button>
            )}
          </li>
        ))}
        {tags.length === 0 && <li className="muted">No tags</li>}
      </ul>
      {!disabled && (
        <input id={`${id}-tag`} value={text} placeholder="Add a tag, then Enter" onChange={(e) => setText(e.target.value)} onKeyDown={onKey} onBlur={add} />
      )}
    </div>
  );
}

/** A search of people by what was typed: each word, the last one as a prefix (docs/search.md). */
function peopleQuery(text: string): string | null {
  const words = text
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/["*()\-:]/g, ''))
    .filter(Boolean);
  if (!words.length || words.join('').length < 2) return null;
  const last = words.length - 1;
  return words.map((w, i) => (i === last && w.length >= 2 ? `${w}*` : w)).join(' ');
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface CcProps {
  ids: number[];
  /** Names of the people already known to the page. */
  people: Map<number, User>;
  /** Who cannot be a CC (the requester). */
  exclude: number[];
  changed: boolean;
  disabled: boolean;
  onChange(ids: number[], added?: User): void;
}

/** CCs: the ticket's `collaborator_ids` (Oubli has no followers, docs/email.md), found by name or email. */
export function CcField({ ids, people, exclude, changed, disabled, onChange }: CcProps) {
  const id = useId();
  const [text, setText] = useState('');
  const [found, setFound] = useState<User[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const q = peopleQuery(text);
    if (!q) {
      setFound([]);
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      api<{ users: User[] }>('GET', `/users/search?query=${encodeURIComponent(q)}&per_page=8`, undefined, { signal: ctl.signal })
        .then((r) => setFound(r.users))
        .catch(() => setFound([]));
    }, 250);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [text]);

  const add = (u: User) => {
    setText('');
    setFound([]);
    setProblem(null);
    if (!ids.includes(u.id)) onChange([...ids, u.id], u);
  };
  const createAndAdd = async () => {
    const email = text.trim();
    try {
      const r = await api<{ user: User }>('POST', '/users', { user: { name: email.split('@')[0], email } });
      add(r.user);
    } catch (err) {
      setProblem(errorText(err));
    }
  };
  const offered = found.filter((u) => !ids.includes(u.id) && !exclude.includes(u.id));
  const typedEmail = text.trim();
  const exact = found.some((u) => u.email?.toLowerCase() === typedEmail.toLowerCase());
  return (
    <div className="tf-field">
      <label htmlFor={`${id}-cc`} className="tf-label">
        CCs
        {changed && <span className="tf-changed">changed</span>}
      </label>
      <ul className="chips" aria-label="CCs of this ticket">
        {ids.map((uid) => (
          <li key={uid} className="chip" title={people.get(uid)?.email ?? undefined}>
            <span className="clip">{nameOf(people, uid)}</span>
            {!disabled && (
              <button type="button" className="chip__remove" aria-label={`Remove CC ${nameOf(people, uid)}`} onClick={() => onChange(ids.filter((x) => x !== uid))}>
                ×
              </button>
            )}
          </li>
        ))}
        {ids.length === 0 && <li className="muted">Nobody is copied</li>}
      </ul>
      {!disabled && (
        <>
          <input id={`${id}-cc`} value={text} placeholder="Name or email" autoComplete="off" onChange={(e) => setText(e.target.value)} />
          {(offered.length > 0 || (EMAIL.test(typedEmail) && !exact)) && (
            <ul className="suggestions" aria-label="People found">
              {offered.map((u) => (
                <li key={u.id}>
                  <button type="button" className="suggestion" onClick={() => add(u)}>
                    Add <strong className="clip">{u.name}</strong> {u.email && <span className="muted clip">{u.email}</span>}
                  </button>
                </li>
              ))}
              {EMAIL.test(typedEmail) && !exact && (
                <li>
                  <button type="button" className="suggestion" onClick={() => void createAndAdd()}>
                    Add <strong className="clip">{typedEmail}</strong> <span className="muted">as a new contact</span>
                  </button>
                </li>
              )}
            </ul>
          )}
          {problem && <p className="field-error">{problem}</p>}
        </>
      )}
    </div>
  );
}
