import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorText } from '../../lib/api.ts';
import {
  ACTION_SHORT,
  ACTION_WORDS,
  fieldWords,
  listMatches,
  listTicketGroups,
  LOCATION_WORDS,
  type ErasureMatch,
  type ErasureRequest,
  type ErasureTerm,
  type TicketGroup,
} from '../../lib/erasure-requests.ts';
import type { Ticket } from '../../../../src/shared/tickets.ts';
import { ErrorBox, Loading, StatusBadge } from '../../components/Misc.tsx';
import { Pager } from '../../components/Pager.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { Highlight } from './Highlight.tsx';
import { useChangeRequest } from './useRequest.ts';

// Step 2: every match, grouped by ticket, with the snippet it was found in and what
// executing it would do. People share names: each one is confirmed or rejected here.

const GROUPS_PER_PAGE = 10;
const MATCHES_PER_GROUP = 50;

type Decide = (matches: ErasureMatch[], decision: 'confirm' | 'reject') => Promise<void>;

function MatchRow({ m, terms, editable, decide, place }: { m: ErasureMatch; terms: Map<number, ErasureTerm>; editable: boolean; decide: Decide; place?: ReactNode }) {
  const term = m.term_id ? terms.get(m.term_id) : null;
  const own = m.location === 'requested_ticket';
  const label = `${LOCATION_WORDS[m.location] ?? m.location} match ${m.id}`;
  return (
    <li className={`match match--${m.decision}`} aria-label={label}>
      <div>
        <div className="match__where">
          <span className="badge badge--plain">{LOCATION_WORDS[m.location] ?? m.location}</span>
          {place}
          {fieldWords(m) && <span className="muted">{fieldWords(m)}</span>}
          {term && (
            <span>
              for <strong className="breakable">{term.value}</strong>
            </span>
          )}
          {m.applied_at && <span className="badge badge--plain badge--completed">Done</span>}
        </div>
        {m.snippet ? (
          <p className="snippet">
            <Highlight text={m.snippet} term={term} others={[...terms.values()].filter((t) => t.accepted)} />
          </p>
        ) : own ? (
          <p className="muted">They requested this ticket: it is erased with them (subject, comments, files).</p>
        ) : null}
        <p className="match__action">
          <span className={`badge badge--plain ${m.proposed_action === 'delete_ticket' ? 'badge--deleted' : ''}`}>{ACTION_SHORT[m.proposed_action] ?? m.proposed_action}</span>{' '}
          {ACTION_WORDS[m.proposed_action] ?? m.proposed_action}
        </p>
      </div>
      <div className="decide" role="group" aria-label={`Decision on ${label}`}>
        <button
          type="button"
          className="btn btn--small decide__confirm"
          aria-pressed={m.decision === 'confirm'}
          disabled={!editable || !!m.applied_at}
          onClick={() => void decide([m], 'confirm')}
        >
          Confirm
        </button>
        <button
          type="button"
          className="btn btn--small decide__reject"
          aria-pressed={m.decision === 'reject'}
          disabled={!editable || own || !!m.applied_at}
          title={own ? 'A ticket they requested is erased with them; change its requester to keep it.' : 'Not this person: leave it as it is'}
          onClick={() => void decide([m], 'reject')}
        >
          Reject
        </button>
      </div>
    </li>
  );
}

function GroupView({ r, g, ticket, terms, editable, decide }: { r: ErasureRequest; g: TicketGroup; ticket?: Ticket; terms: Map<number, ErasureTerm>; editable: boolean; decide: Decide }) {
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ['erasure-requests', 'matches', r.id, g.ticket_id, page],
    queryFn: () => listMatches(r.id, { ticketId: g.ticket_id, page, perPage: MATCHES_PER_GROUP }),
  });
  const matches = q.data?.matches ?? [];
  const pending = matches.filter((m) => m.decision === 'pending' && !m.applied_at);
  const subject = ticket?.subject || `Ticket #${g.ticket_id}`;
  return (
    <section className="ticket-group" aria-label={`Ticket #${g.ticket_id}`}>
      <header className="ticket-group__head">
        <h3>
          <Link to={`/tickets/${g.ticket_id}`} title={subject}>
            #{g.ticket_id} {ticket?.subject ?? ''}
          </Link>
        </h3>
        {ticket && <StatusBadge status={ticket.status} />}
        <span className="muted">
          {g.matches} {g.matches === 1 ? 'match' : 'matches'}
          {g.pending ? ` · ${g.pending} to decide` : ''}
        </span>
        {editable && pending.length > 0 && (
          <button type="button" className="btn btn--small" onClick={() => void decide(pending, 'confirm')}>
            Confirm all {pending.length} in this ticket
          </button>
        )}
      </header>
      {q.isPending && <Loading />}
      {q.error && <ErrorBox error={q.error} />}
      <ul className="matches">
        {matches.map((m) => (
          <MatchRow key={m.id} m={m} terms={terms} editable={editable} decide={decide} />
        ))}
      </ul>
      {q.data && q.data.count > MATCHES_PER_GROUP && (
        <div className="match__more">
          <Pager page={page} perPage={MATCHES_PER_GROUP} count={q.data.count} onPage={setPage} />
        </div>
      )}
    </section>
  );
}

/** Matches on no ticket: an organization (name, notes, details), another member's profile. */
function OutsideTickets({ r, terms, editable, decide }: { r: ErasureRequest; terms: Map<number, ErasureTerm>; editable: boolean; decide: Decide }) {
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ['erasure-requests', 'matches', r.id, 'none', page],
    queryFn: () => listMatches(r.id, { ticketId: 'none', page, perPage: MATCHES_PER_GROUP }),
  });
  const matches = q.data?.matches ?? [];
  if (!q.data?.count) return null;
  const pending = matches.filter((m) => m.decision === 'pending' && !m.applied_at);
  const where = (m: ErasureMatch) =>
    m.location === 'organization' ? <span>organization #{m.organization_id}</span> : <Link to={`/contacts/${m.profile_user_id}`}>contact #{m.profile_user_id}</Link>;
  return (
    <section className="ticket-group" aria-label="Organizations and profiles">
      <header className="ticket-group__head">
        <h3>Organizations and other people’s profiles</h3>
        <span className="muted">
          {q.data.count} {q.data.count === 1 ? 'match' : 'matches'}
        </span>
        {editable && pending.length > 0 && (
          <button type="button" className="btn btn--small" onClick={() => void decide(pending, 'confirm')}>
            Confirm all {pending.length} here
          </button>
        )}
      </header>
      {q.error && <ErrorBox error={q.error} />}
      <ul className="matches">
        {matches.map((m) => (
          <MatchRow key={m.id} m={m} terms={terms} editable={editable} decide={decide} place={where(m)} />
        ))}
      </ul>
      {q.data.count > MATCHES_PER_GROUP && (
        <div className="match__more">
          <Pager page={page} perPage={MATCHES_PER_GROUP} count={q.data.count} onPage={setPage} />
        </div>
      )}
    </section>
  );
}

export function MatchesStep({ r, onNext }: { r: ErasureRequest; onNext: () => void }) {
  const change = useChangeRequest(r.id);
  const queryClient = useQueryClient();
  const toast = useToast();
  const [page, setPage] = useState(1);
  const [busy, setBusy] = useState(false);
  const editable = r.status === 'ready' || r.status === 'failed';
  const groups = useQuery({ queryKey: ['erasure-requests', 'groups', r.id, page], queryFn: () => listTicketGroups(r.id, { page, perPage: GROUPS_PER_PAGE }) });
  const ids = groups.data?.tickets.map((g) => g.ticket_id) ?? [];
  const tickets = useQuery({
    queryKey: ['tickets', 'many', ids],
    queryFn: () => api<{ tickets: Ticket[] }>('GET', `/tickets/show_many?ids=${ids.join(',')}`),
    enabled: ids.length > 0,
  });
  const byId = new Map((tickets.data?.tickets ?? []).map((t) => [t.id, t]));
  const terms = new Map(r.terms.map((t) => [t.id, t]));
  const c = r.match_counts;

  const decide: Decide = async (matches, decision) => {
    try {
      await change({ decisions: matches.map((m) => ({ match_id: m.id, decision })) });
      await queryClient.invalidateQueries({ queryKey: ['erasure-requests', 'matches', r.id] });
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };
  const confirmAll = async () => {
    setBusy(true);
    try {
      await change({ confirm_all: true });
      await queryClient.invalidateQueries({ queryKey: ['erasure-requests', 'matches', r.id] });
      toast('Every undecided match is confirmed.');
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <section className="panel" aria-labelledby="matches-title">
        <div className="panel__head">
          <h2 id="matches-title">Matches</h2>
          {editable && c.by_decision.pending > 0 && (
            <button type="button" className="btn" onClick={confirmAll} disabled={busy}>
              Confirm all {c.by_decision.pending} undecided
            </button>
          )}
        </div>
        <dl className="er-summary">
          <div>
            <dt>To decide</dt>
            <dd>{c.by_decision.pending}</dd>
          </div>
          <div>
            <dt>Confirmed</dt>
            <dd>{c.by_decision.confirm}</dd>
          </div>
          <div>
            <dt>Rejected (kept)</dt>
            <dd>{c.by_decision.reject}</dd>
          </div>
          <div>
            <dt>Tickets</dt>
            <dd>{groups.data?.count ?? '…'}</dd>
          </div>
        </dl>
        <p className="muted">
          Confirm a match when it is about this person; reject it when it is someone else (people share names). Rejected matches are left untouched.
          Their own tickets are erased with them.
        </p>
      </section>
      {groups.isPending && <Loading what="Loading the matches" />}
      {groups.error && <ErrorBox error={groups.error} />}
      <OutsideTickets r={r} terms={terms} editable={editable} decide={decide} />
      {groups.data?.tickets.length === 0 && c.total === 0 && <p className="panel muted">Nothing was found beyond their profile.</p>}
      {groups.data?.tickets.map((g) => (
        <GroupView key={g.ticket_id} r={r} g={g} ticket={byId.get(g.ticket_id)} terms={terms} editable={editable} decide={decide} />
      ))}
      {groups.data && <Pager page={page} perPage={GROUPS_PER_PAGE} count={groups.data.count} onPage={setPage} />}
      <div className="er-next no-print">
        {c.by_decision.pending > 0 && (
          <span className="muted">
            {c.by_decision.pending} {c.by_decision.pending === 1 ? 'match is' : 'matches are'} still to decide.
          </span>
        )}
        <button type="button" className="btn btn--primary" onClick={onNext} disabled={c.by_decision.pending > 0}>
          Continue to execute →
        </button>
      </div>
    </>
  );
}
