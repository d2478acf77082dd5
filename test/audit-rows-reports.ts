import { runSweeps } from '../src/jobs/sweeps.ts';
import { ok, type Row } from './audit-rows-channels.ts';

// The audit action of the retention watchdog (docs/reports.md), for src/domain/events.test.ts:
// a deleted ticket of a person named with the marker, past its retention and the grace period,
// and a sweep that fails before erasing it (its catalog read fails): the watchdog that runs
// after it flags the ticket, by rule name, count and id.

export function reportsRows(): Row[] {
  return [
    {
      action: 'retention.overdue',
      // The watchdog's sweep finds everything overdue in the helpdesk, not only this row's.
      fresh: true,
      drive: async (t, m) => {
        const requester = await t.contact({ name: `Name ${m}`, email: `${m}@example.test` });
        const ticket = (await ok(t.call('POST', '/api/v2/tickets', { ticket: { subject: `About ${m}`, requester_id: requester, comment: { body: `I am ${m}` } } }), 201)).ticket.id as number;
        const r = await t.call('DELETE', `/api/v2/tickets/${ticket}`);
        if (r.status !== 204) throw new Error(`delete: ${r.status}`);
        t.clock.advanceDays(32);
        const catalog = { ...t.ctx.caps.catalog, foreignKeys: () => Promise.reject(new Error('catalog gone')) };
        await runSweeps({ ...t.ctx, caps: { ...t.ctx.caps, catalog } }, { dryRun: false }).catch(() => undefined);
        return { subjectType: 'retention_rule', subjectId: null };
      },
    },
  ];
}
