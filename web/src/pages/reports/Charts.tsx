import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

// The Reports page's charts (recharts, with its accessibility layer: the chart takes focus
// and the arrow keys move through its points, each read out by the tooltip). Every chart is
// a figure with a caption; the figures beside it say the same in words.

/** Colours that stay apart for the common colour-vision deficiencies (Okabe–Ito). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

export interface Series {
  key: string;
  label: string;
}

type Row = Record<string, string | number | null>;

function Frame({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <figure className="report-chart">
      <div style={{ width: '100%', height: 220 }}>{children}</div>
      <figcaption className="muted">{caption}</figcaption>
    </figure>
  );
}

const shortDay = (d: string) => d.slice(5);

/** Bars per day; stacked when `stack` (tickets by channel). */
export function DailyBars({ data, series, caption, stack = false }: { data: Row[]; series: Series[]; caption: string; stack?: boolean }) {
  return (
    <Frame caption={caption}>
      <ResponsiveContainer>
        <BarChart data={data} accessibilityLayer title={caption}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" tickFormatter={shortDay} minTickGap={16} />
          <YAxis allowDecimals={false} width={40} />
          <Tooltip />
          <Legend />
          {series.map((s, i) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} fill={PALETTE[i % PALETTE.length]} isAnimationActive={false} {...(stack ? { stackId: 'a' } : {})} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </Frame>
  );
}

/** One line per series, per day (backlog, average minutes, CSAT score). */
export function DailyLines({ data, series, caption, unit }: { data: Row[]; series: Series[]; caption: string; unit?: string }) {
  return (
    <Frame caption={caption}>
      <ResponsiveContainer>
        <LineChart data={data} accessibilityLayer title={caption}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" tickFormatter={shortDay} minTickGap={16} />
          <YAxis width={48} {...(unit ? { unit } : {})} />
          <Tooltip />
          <Legend />
          {series.map((s, i) => (
            <Line key={s.key} dataKey={s.key} name={s.label} stroke={PALETTE[i % PALETTE.length]} dot={false} connectNulls isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </Frame>
  );
}
