import { Link } from 'react-router';
import type { LiveVisitor } from '../../../../src/shared/chat-live.ts';
import { shortTime } from './Transcript.tsx';

// Who the agent is chatting with. Everything here was collected by the widget on the
// customer's site (what the visitor typed, the pages they opened, their network address and
// browser), and it is said so: it is personal data, erased with the visitor (docs/chat.md).

/** A visitor's name as the pane shows it. */
export function visitorLabel(v: LiveVisitor): string {
  return v.name || v.email || `Visitor ${v.id}`;
}

function Row({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="visitor__row">
      <dt>{term}</dt>
      <dd>{children ?? <span className="muted">—</span>}</dd>
    </div>
  );
}

export function VisitorPanel({ visitor }: { visitor: LiveVisitor }) {
  const current = visitor.pages[visitor.pages.length - 1];
  return (
    <section className="visitor panel" aria-labelledby="visitor-heading">
      <h2 id="visitor-heading">Visitor</h2>
      <p className="visitor__note muted">Personal data collected by the chat widget on your site. It is erased with the visitor.</p>
      <dl className="visitor__facts">
        <Row term="Name">{visitor.name}</Row>
        <Row term="Email">{visitor.email}</Row>
        <Row term="Contact">{visitor.user_id !== null ? <Link to={`/users/${visitor.user_id}`}>Open the contact</Link> : <span className="muted">Not linked</span>}</Row>
        <Row term="Current page">
          {current ? (
            <a href={current.url} target="_blank" rel="noreferrer" className="clip">
              {current.title || current.url}
            </a>
          ) : null}
        </Row>
        <Row term="IP address">{visitor.ip}</Row>
        <Row term="Browser">{visitor.user_agent ? <span className="visitor__ua">{visitor.user_agent}</span> : null}</Row>
      </dl>
      <h3 className="visitor__pages-title">Pages visited</h3>
      {visitor.pages.length === 0 ? (
        <p className="muted">None recorded.</p>
      ) : (
        <ol className="visitor__pages">
          {visitor.pages.map((p, i) => (
            <li key={`${p.visited_at}-${i}`}>
              <time dateTime={p.visited_at}>{shortTime(p.visited_at)}</time>{' '}
              <a href={p.url} target="_blank" rel="noreferrer" title={p.url}>
                {p.title || p.url}
              </a>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
