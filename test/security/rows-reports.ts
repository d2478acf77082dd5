import { REPORT_NAMES } from '../../src/shared/reports.ts';
import { admins, type Row } from './roles-table.ts';

// Reports and the retention watchdog (docs/reports.md): admins only, as Zendesk Explore's
// default roles give every dashboard to admins; the reports also show erasure requests.

export const reportsRows: Row[] = [
  ...REPORT_NAMES.flatMap((n): Row[] => [
    { area: 'Reports', action: `read the ${n.replace('_', ' ')} report`, method: 'GET', path: `/reports/${n}`, expect: admins(200) },
    { area: 'Reports', action: `download the ${n.replace('_', ' ')} report as CSV`, method: 'GET', path: `/reports/${n}.csv`, expect: admins(200) },
  ]),
  { area: 'Reports', action: 'read the retention watchdog', method: 'GET', path: '/reports/retention', expect: admins(200) },
];
