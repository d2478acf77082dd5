import { data, ref, type AreaMap } from './types.ts';

// The reports' tables (migration 2026-12-02-040, docs/reports.md). Facts are the attributes a
// ticket tombstone keeps (ids, channel, created at, status, group, brand), plus times and
// durations a tombstone does not need (solved, first reply) and the CSAT score the rating's
// tombstone keeps anyway: none of them names a person, and no column points at one (no
// requester, no assignee). So an erasure deletes nothing here: the ticket's erasure stamps
// `erased_at` in the same transaction (src/db/queries/reports-facts.ts) and every report
// figure stays what it was.

export const reportsMap: AreaMap = {
  ticket_facts: {
    columns: {
      // Points at the ticket, which survives as its tombstone with the same id.
      ticket_id: ref('tickets', 'keep'),
      created_at: data,
      channel: data,
      // A team's id, not a person's; no foreign key, so it outlives a deleted group.
      group_id: data,
      brand_id: data,
      status: data,
      is_spam: data,
      deleted_at: data,
      erased_at: data,
      first_reply_at: data,
      first_reply_minutes: data,
      solved_at: data,
      resolution_minutes: data,
      csat_score: data,
      csat_rated_at: data,
      updated_at: data,
    },
  },
  report_daily: {
    columns: {
      day: data,
      channel: data,
      group_id: data,
      created: data,
      solved: data,
      spam: data,
      removed: data,
      first_reply_count: data,
      first_reply_minutes: data,
      resolution_minutes: data,
      csat_good: data,
      csat_bad: data,
    },
  },
};
