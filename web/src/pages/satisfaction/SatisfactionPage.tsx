import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { NpsResponse, NpsSurvey, SatisfactionRating } from '../../../../src/shared/satisfaction.ts';
import { ErrorBox, Loading, PageHeader } from '../../components/Misc.tsx';
import { useToast } from '../../components/Toasts.tsx';

// Satisfaction for admins (docs/satisfaction.md): create and send NPS surveys, read their
// answers, and the CSAT ratings of solved tickets. The survey settings (on/off, delay, public
// address) are on the Settings page.

function NewSurvey() {
  const qc = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState('');
  const [question, setQuestion] = useState('How likely are you to recommend us to a friend or colleague?');
  const [tag, setTag] = useState('');
  const create = useMutation({
    mutationFn: () => api<{ survey: NpsSurvey }>('POST', '/nps/surveys', { survey: { name, question, recipients: tag.trim() ? { tag: tag.trim() } : {} } }),
    onSuccess: () => {
      setName('');
      toast('Survey created: send it when ready.');
      void qc.invalidateQueries({ queryKey: ['nps'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} aria-label="New NPS survey" className="stack">
      <h2>New NPS survey</h2>
      <label>
        Name <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      <label>
        Question <input value={question} onChange={(e) => setQuestion(e.target.value)} required maxLength={500} />
      </label>
      <label>
        Only contacts tagged <input value={tag} onChange={(e) => setTag(e.target.value)} placeholder="any contact" maxLength={100} />
      </label>
      {create.error && <ErrorBox error={create.error} />}
      <button type="submit" disabled={create.isPending}>
        Create survey
      </button>
    </form>
  );
}

function Surveys() {
  const qc = useQueryClient();
  const toast = useToast();
  const q = useQuery({ queryKey: ['nps', 'surveys'], queryFn: () => api<{ surveys: NpsSurvey[] }>('GET', '/nps/surveys?per_page=100') });
  const send = useMutation({
    mutationFn: (id: number) => api<{ survey: NpsSurvey }>('POST', `/nps/surveys/${id}/send`),
    onSuccess: (r) => {
      toast(`Survey sent to ${r.survey.recipients_count} contacts.`);
      void qc.invalidateQueries({ queryKey: ['nps'] });
    },
  });
  if (q.isPending) return <Loading what="Loading surveys" />;
  if (q.error) return <ErrorBox error={q.error} />;
  return (
    <section aria-label="NPS surveys">
      <h2>NPS surveys</h2>
      {send.error && <ErrorBox error={send.error} />}
      <table className="table">
        <thead>
          <tr>
            <th>Survey</th>
            <th>Recipients</th>
            <th>Answers</th>
            <th>NPS</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {q.data.surveys.map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              <td>{s.recipients_count}</td>
              <td>{s.responses_count}</td>
              <td>{s.nps ?? '—'}</td>
              <td>
                {s.status === 'draft' ? (
                  <button type="button" onClick={() => send.mutate(s.id)} disabled={send.isPending}>
                    Send “{s.name}”
                  </button>
                ) : (
                  <span className="muted">Sent</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Responses() {
  const q = useQuery({ queryKey: ['nps', 'responses'], queryFn: () => api<{ responses: NpsResponse[] }>('GET', '/nps_responses?per_page=100') });
  if (q.isPending) return <Loading what="Loading answers" />;
  if (q.error) return <ErrorBox error={q.error} />;
  return (
    <section aria-label="NPS answers">
      <h2>NPS answers</h2>
      {q.data.responses.length === 0 ? (
        <p className="muted">No answers yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Score</th>
              <th>Comment</th>
              <th>From</th>
            </tr>
          </thead>
          <tbody>
            {q.data.responses.map((r) => (
              <tr key={r.id}>
                <td>{r.rating}</td>
                <td>{r.comment ?? <span className="muted">—</span>}</td>
                <td>{r.user_name ?? <span className="muted">Permanently Deleted User</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Ratings() {
  const q = useQuery({ queryKey: ['satisfaction', 'ratings'], queryFn: () => api<{ satisfaction_ratings: SatisfactionRating[] }>('GET', '/satisfaction_ratings?per_page=100') });
  if (q.isPending) return <Loading what="Loading ratings" />;
  if (q.error) return <ErrorBox error={q.error} />;
  return (
    <section aria-label="CSAT ratings">
      <h2>CSAT ratings</h2>
      {q.data.satisfaction_ratings.length === 0 ? (
        <p className="muted">No ratings yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Ticket</th>
              <th>Score</th>
              <th>Reason</th>
              <th>Comment</th>
            </tr>
          </thead>
          <tbody>
            {q.data.satisfaction_ratings.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/tickets/${r.ticket_id}`}>#{r.ticket_id}</Link>
                </td>
                <td>{r.score}</td>
                <td>{r.score === 'bad' ? (r.reason ?? '—') : '—'}</td>
                <td>{r.comment ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function SatisfactionPage() {
  return (
    <div className="page">
      <PageHeader title="Satisfaction" />
      <p className="muted">
        Survey mails, their delay and the public address of their links are set in <Link to="/settings">Settings</Link>. Erasing a contact blanks their comments, name and email here; their scores stay counted.
      </p>
      <NewSurvey />
      <Surveys />
      <Responses />
      <Ratings />
    </div>
  );
}
