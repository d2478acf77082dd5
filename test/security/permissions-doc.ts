import type { Row } from './roles-table.ts';
import { accountRows } from './rows-account.ts';
import { chatRows } from './rows-chats.ts';
import { peopleRows } from './rows-people.ts';
import { ticketRows } from './rows-tickets.ts';
import { workspaceRows } from './rows-workspace.ts';
import { chatLiveRows } from './rows-chat-live.ts';
import { callRows } from './rows-calls.ts';
import { satisfactionRows } from './rows-satisfaction.ts';
import { reportsRows } from './rows-reports.ts';
import { helpCentreRows } from './rows-help-centre.ts';
import { communityRows } from './rows-community.ts';
import { exportRows } from './rows-exports.ts';
import { webhookRows } from './rows-webhooks.ts';
import { surfaceRows } from './rows-surface.ts';
import { WHO, WHO_LABEL } from './world.ts';

// docs/permissions.md's table is rendered from the rows the test calls, between these
// markers; roles.test.ts fails when the file says anything else.

export const ROWS: Row[] = [...peopleRows, ...ticketRows, ...workspaceRows, ...accountRows, ...chatLiveRows, ...callRows, ...chatRows, ...satisfactionRows, ...helpCentreRows, ...communityRows, ...exportRows, ...webhookRows, ...surfaceRows, ...reportsRows];

export const START = '<!-- roles-table:start (generated from test/security/rows-*.ts; do not edit by hand) -->';
export const END = '<!-- roles-table:end -->';

function cell(status: number): string {
  return status < 300 ? `✓ ${status}` : `✗ ${status}`;
}

/** The markdown between the markers: one table per area, one row per action. */
export function renderTable(rows: Row[] = ROWS): string {
  const out: string[] = [];
  const areas = [...new Set(rows.map((r) => r.area))];
  for (const area of areas) {
    out.push(`### ${area}`, '');
    out.push(`| action | request | ${WHO.map((w) => WHO_LABEL[w]).join(' | ')} |`);
    out.push(`| --- | --- | ${WHO.map(() => ':-:').join(' | ')} |`);
    for (const r of rows.filter((x) => x.area === area)) {
      out.push(`| ${r.action} | \`${r.method} ${r.path.replaceAll('|', '\\|')}\` | ${WHO.map((w) => cell(r.expect[w])).join(' | ')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** The file's text with the generated part replaced. */
export function withTable(doc: string, table = renderTable()): string {
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error('docs/permissions.md has lost its roles-table markers');
  return `${doc.slice(0, a + START.length)}\n\n${table}\n${doc.slice(b)}`;
}
