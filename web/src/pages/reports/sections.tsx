import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type {
  BacklogReport,
  CsatReport,
  DurationReport,
  ErasureRequestsReport,
  RetentionReport,
  SpamReport,
  TicketsReport,
} from '../../../../src/shared/reports.ts';
import { When } from '../../components/Misc.tsx';
import { DailyBars, DailyLines } from './Charts.tsx';

// One section per report (docs/reports.md says what each figure means). Each has its
// figures in words, its chart, and its CSV download.

/** Minutes as the page says them: "45 min", "3 h 20 min", "2 d 4 h". */
export function duration(min: number | null): string {
  if (min === null) return '—';
  if (min < 60) return `${min} min`;
  if (min < 48 * 60) return `${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ''}`;
  return `${Math.floor(min / 1440)} d${Math.floor((min % 1440) / 60) ? ` ${Math.floor((min % 1440) / 60)} h` : ''}`;
}

export function Section({ id, title, csv, children }: { id: string; title: string; csv?: string; children: ReactNode }) {
  // "Download tickets created and solved as CSV": the link says which report it downloads.
  const what = title.replace(/^[A-Z][a-z]/, (w) => w.toLowerCase());
  return (
    <section aria-labelledby={`${id}-title`} className="report-section">
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
      {csv && (
        <p>
          <a href={csv} download>
            Download {what} as CSV
          </a>
        </p>
      )}
    </section>
  );
}

function Figures({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="report-figures">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function TicketsSection({ r, csv }: { r: TicketsReport; csv: string }) {
  const series = r.channels.map((c) => ({ key: c, label: c }));
  const created = r.days.map((d) => ({ day: d.day, ...d.created }));
  const solved = r.days.map((d) => ({ day: d.day, ...d.solved }));
  return (
    <Section id="tickets" title="Tickets created and solved" csv={csv}>
      <Figures items={[['Created', r.totals.created], ['Solved', r.totals.solved]]} />
      <DailyBars data={created} series={series} stack caption="Tickets created per day, by channel" />
      <DailyBars data={solved} series={series} stack caption="Tickets solved per day, by channel" />
    </Section>
  );
}

export function DurationSection({ id, title, r, csv }: { id: string; title: string; r: DurationReport; csv: string }) {
  return (
    <Section id={id} title={title} csv={csv}>
      <Figures items={[['Tickets', r.summary.count], ['Median', duration(r.summary.median_minutes)], ['90th percentile', duration(r.summary.p90_minutes)]]} />
      <DailyLines data={r.days} series={[{ key: 'average_minutes', label: 'Average (minutes)' }]} caption={`${title}: average per day, in minutes (calendar time)`} unit=" min" />
    </Section>
  );
}

export function BacklogSection({ r, csv }: { r: BacklogReport; csv: string }) {
  return (
    <Section id="backlog" title="Backlog" csv={csv}>
      <Figures items={[['Unsolved at the end of the range', r.days.at(-1)?.backlog ?? 0]]} />
      <DailyLines data={r.days} series={[{ key: 'backlog', label: 'Unsolved tickets' }]} caption="Unsolved tickets at the end of each day" />
    </Section>
  );
}

export function CsatSection({ r, csv }: { r: CsatReport; csv: string }) {
  return (
    <Section id="csat" title="Satisfaction (CSAT)" csv={csv}>
      <Figures items={[['Score', r.summary.score === null ? '—' : `${r.summary.score} %`], ['Good', r.summary.good], ['Bad', r.summary.bad]]} />
      <DailyBars data={r.days} series={[{ key: 'good', label: 'Good' }, { key: 'bad', label: 'Bad' }]} caption="Ratings per day" />
    </Section>
  );
}

export function SpamSection({ r, csv }: { r: SpamReport; csv: string }) {
  return (
    <Section id="spam" title="Spam" csv={csv}>
      <Figures items={[['Spam tickets', r.total]]} />
      <DailyBars data={r.days} series={[{ key: 'spam', label: 'Spam' }]} caption="Tickets held as spam, by the day they arrived" />
    </Section>
  );
}

export function ErasureSection({ r, csv }: { r: ErasureRequestsReport; csv: string }) {
  const s = r.summary;
  return (
    <Section id="erasure" title="Erasure requests" csv={csv}>
      <Figures items={[['Received', s.received], ['Completed', s.completed], ['Completed on time', s.completed_on_time], ['Open', s.open], ['Overdue', s.overdue]]} />
      <DailyBars data={r.days} series={[{ key: 'received', label: 'Received' }, { key: 'completed', label: 'Completed' }]} caption="Erasure requests received and completed per day" />
      {r.requests.length > 0 && (
        <table>
          <caption>Requests received in the range, with their due dates</caption>
          <thead>
            <tr>
              <th scope="col">Request</th>
              <th scope="col">Status</th>
              <th scope="col">Received</th>
              <th scope="col">Due</th>
              <th scope="col">Completed</th>
              <th scope="col">On time</th>
            </tr>
          </thead>
          <tbody>
            {r.requests.map((x) => (
              <tr key={x.id}>
                <td>
                  <Link to={`/erasure-requests/${x.id}`}>#{x.id}</Link>
                </td>
                <td>{x.status}</td>
                <td><When at={x.received_at} /></td>
                <td><When at={x.due_at} /></td>
                <td><When at={x.completed_at} /></td>
                <td>{x.on_time === null ? (x.overdue ? 'Overdue' : 'Not yet due') : x.on_time ? 'Yes' : x.overdue ? 'No — overdue' : 'No'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

export function RetentionSection({ r }: { r: RetentionReport }) {
  return (
    <Section id="retention" title="Retention watchdog">
      {r.overdue > 0 ? (
        <p role="alert" className="errorbox">
          {r.overdue} items are past their retention by more than {r.grace_hours} hours: a sweep is not doing its work.
        </p>
      ) : (
        <p>Every retention rule is in time (checked <When at={r.checked_at} />, {r.grace_hours} hours of grace).</p>
      )}
      <table>
        <caption>Retention rules</caption>
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Overdue</th>
            <th scope="col">Ids</th>
          </tr>
        </thead>
        <tbody>
          {r.rules.map((x) => (
            <tr key={x.rule}>
              <td>{x.label}</td>
              <td>{x.overdue}</td>
              <td>{x.ids.length ? x.ids.join(', ') : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
