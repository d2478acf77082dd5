import { useEffect, useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import '../../styles/queue.css';

/** The search box of the top bar: Enter opens /search?q=… (the query syntax of docs/search.md). */
export function SearchBox() {
  const navigate = useNavigate();
  const location = useLocation();
  const current = location.pathname === '/search' ? (new URLSearchParams(location.search).get('q') ?? '') : '';
  const [text, setText] = useState(current);
  useEffect(() => setText(current), [current]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const q = text.trim();
    if (q) void navigate(`/search?q=${encodeURIComponent(q)}`);
  };
  return (
    <form className="topsearch" role="search" aria-label="Search everything" onSubmit={submit}>
      <input id="global-search" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Search" aria-label="Search tickets, people and organizations" maxLength={1000} />
    </form>
  );
}
