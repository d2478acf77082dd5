// Reports (migration 2026-12-02-040, docs/reports.md): non-personal facts kept in step with
// the tickets they count, in the same transaction, and daily rollups of them.

/**
 * One row per ticket: ids, times, durations, channel, status, group, brand and a CSAT score —
 * nothing that names a person (no requester, assignee or text). Written by every write to
 * `tickets` (src/db/queries/reports-facts.ts). An erasure only stamps `erased_at`: the
 * figures the fact counts stay as they were.
 */
export interface TicketFactsTable {
  ticket_id: number;
  created_at: string;
  channel: string;
  group_id: number | null;
  brand_id: number | null;
  /** The ticket's status, frozen at its last value before an erasure (a tombstone says `deleted`). */
  status: string;
  /** 1 while an agent's spam mark (or a mail loop) holds it in Spam: left out of every figure but spam. */
  is_spam: number;
  /** When it left the workload without being solved: moved to Deleted, or to Spam by its contact's deletion. */
  deleted_at: string | null;
  erased_at: string | null;
  /** The first public comment by an agent after the opening one (calendar time). */
  first_reply_at: string | null;
  first_reply_minutes: number | null;
  /** The latest solve (Zendesk's full resolution time); cleared by a reopen. */
  solved_at: string | null;
  resolution_minutes: number | null;
  /** `good` | `bad` once rated, else null. */
  csat_score: string | null;
  csat_rated_at: string | null;
  updated_at: string;
}

/**
 * Sums of ticket facts per UTC day × channel × group (0 = no group), maintained by the same
 * writes as deltas (old fact's contribution out, new one's in), so it is exact and a repeat
 * write adds nothing. Each count sits on the day of its own event (see docs/reports.md).
 */
export interface ReportDailyTable {
  day: string;
  channel: string;
  group_id: number;
  created: number;
  solved: number;
  spam: number;
  /** Tickets that left the workload unsolved that day (Deleted): the backlog's third term. */
  removed: number;
  first_reply_count: number;
  first_reply_minutes: number;
  resolution_minutes: number;
  csat_good: number;
  csat_bad: number;
}

export interface ReportTables {
  ticket_facts: TicketFactsTable;
  report_daily: ReportDailyTable;
}
