import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { API, api } from '../../lib/api.ts';
import type { Group } from '../../../../src/shared/groups.ts';
import type {
  BacklogReport,
  CsatReport,
  DurationReport,
  ErasureRequestsReport,
  ReportName,
  RetentionReport,
  SpamReport,
  TicketsReport,
} from '../../../../src/shared/reports.ts';
import { ErrorBox, Loading, PageHeader } from '../../components/Misc.tsx';
import './reports.css';
import { BacklogSection, CsatSection, DurationSection, ErasureSection, RetentionSection, SpamSection, TicketsSection } from './sections.tsx';

// Reports for admins (docs/reports.md): loaded on first use (App.tsx), so the charting
// library weighs on this page only. The range and group live in the address (?start=&end=
// &group_id=), so a view of the reports can be bookmarked and shared.

const DAY_MS = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);
const daysBefore = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) - n * DAY_MS).toISOString().slice(0, 10);

function useReport<T>(name: ReportName, query: string) {
  return useQuery({ queryKey: ['reports', name, query], queryFn: async () => (await api<{ report: T }>('GET', `/reports/${name}?${query}`)).report });
}

function Filters({ start, end, group, onApply }: { start: string; end: string; group: string; onApply: (s: string, e: string, g: string) => void }) {
  const [s, setS] = useState(start);
  const [e, setE] = useState(end);
  const [g, setG] = useState(group);
  const groups = useQuery({ queryKey: ['groups', 'all'], queryFn: () => api<{ groups: Group[] }>('GET', '/groups?per_page=100'), staleTime: 60_000 });
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    onApply(s, e, g);
  };
  return (
    <form onSubmit={submit} aria-label="Report filters" className="report-filters">
      <label>
        From <input type="date" value={s} onChange={(x) => setS(x.target.value)} required max={e || undefined} />
      </label>
      <label>
        To <input type="date" value={e} onChange={(x) => setE(x.target.value)} required min={s || undefined} />
      </label>
      <label>
        Group{' '}
        <select value={g} onChange={(x) => setG(x.target.value)}>
          <option value="">All groups</option>
          {(groups.data?.groups ?? []).map((gr) => (
            <option key={gr.id} value={String(gr.id)}>
              {gr.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Show</button>
    </form>
  );
}

function Report<T>({ name, query, render }: { name: ReportName; query: string; render: (r: T, csv: string) => React.ReactNode }) {
  const q = useReport<T>(name, query);
  if (q.error) return <ErrorBox error={q.error} />;
  if (!q.data) return <Loading what={`Loading the ${name.replace('_', ' ')} report`} />;
  return <>{render(q.data, `${API}/reports/${name}.csv?${query}`)}</>;
}

export function ReportsPage() {
  const [params, setParams] = useSearchParams();
  const end = params.get('end') ?? today();
  const start = params.get('start') ?? daysBefore(end, 29);
  const group = params.get('group_id') ?? '';
  const query = new URLSearchParams({ start, end, ...(group ? { group_id: group } : {}) }).toString();
  const retention = useQuery({ queryKey: ['reports', 'retention'], queryFn: async () => (await api<{ retention: RetentionReport }>('GET', '/reports/retention')).retention });
  const apply = (s: string, e: string, g: string) => setParams(new URLSearchParams({ start: s, end: e, ...(g ? { group_id: g } : {}) }));
  return (
    <div className="reports-page">
      <PageHeader title="Reports" />
      <p className="muted">UTC days, both ends included; durations in calendar time. What each figure means: docs/reports.md.</p>
      <Filters key={query} start={start} end={end} group={group} onApply={apply} />
      <div className="report-grid">
        <Report<TicketsReport> name="tickets" query={query} render={(r, csv) => <TicketsSection r={r} csv={csv} />} />
        <Report<DurationReport> name="first_reply" query={query} render={(r, csv) => <DurationSection id="first-reply" title="First reply time" r={r} csv={csv} />} />
        <Report<DurationReport> name="resolution" query={query} render={(r, csv) => <DurationSection id="resolution" title="Resolution time" r={r} csv={csv} />} />
        <Report<BacklogReport> name="backlog" query={query} render={(r, csv) => <BacklogSection r={r} csv={csv} />} />
        <Report<CsatReport> name="csat" query={query} render={(r, csv) => <CsatSection r={r} csv={csv} />} />
        <Report<SpamReport> name="spam" query={query} render={(r, csv) => <SpamSection r={r} csv={csv} />} />
        <Report<ErasureRequestsReport> name="erasure_requests" query={query} render={(r, csv) => <ErasureSection r={r} csv={csv} />} />
        {retention.error ? <ErrorBox error={retention.error} /> : retention.data ? <RetentionSection r={retention.data} /> : <Loading what="Checking retention" />}
      </div>
    </div>
  );
}
