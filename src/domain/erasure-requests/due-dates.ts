// The GDPR clock of an erasure request (GDPR Art. 12(3), docs/erasure-requests.md): an answer is due one
// calendar month after receipt, and the period may be extended by two further months, with a
// reason, while the first month runs. Pure functions of ISO timestamps (UTC).

import type { DueFilter } from '../../shared/erasure-requests.ts';

/** Requests due within this many days are listed as due soon. */
export const DUE_SOON_DAYS = 7;

/**
 * `iso` plus `months` calendar months, same time of day. A day the target month lacks
 * becomes its last day: 31 January + 1 → 28 February (29 in a leap year).
 */
export function addCalendarMonths(iso: string, months: number): string {
  const d = new Date(iso);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + months;
  // Day 0 of the month after the target is the target's last day (Date.UTC rolls months over years).
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()),
  ).toISOString();
}

/** When the answer is due: one calendar month after receipt. */
export function dueAtFor(receivedAt: string): string {
  return addCalendarMonths(receivedAt, 1);
}

/** The latest an extension may reach: the month plus two further months (three after receipt). */
export function extensionLimitFor(receivedAt: string): string {
  return addCalendarMonths(receivedAt, 3);
}

/** The deadline in force: the extension if there is one, else the due date. */
export function deadlineOf(r: { due_at: string; extended_until: string | null }): string {
  return r.extended_until ?? r.due_at;
}

/**
 * An extension's end as a timestamp. A date alone (YYYY-MM-DD) means that day at the time
 * of day the request was received, so that a date is compared like the due date itself.
 */
export function extensionEnd(until: string, receivedAt: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(until)) return `${until}${receivedAt.slice(10)}`;
  return new Date(until).toISOString();
}

/** Statuses whose clock has stopped: the request was answered (completed) or withdrawn (cancelled). */
const CLOCK_STOPPED = ['completed', 'cancelled'];

/** `overdue`, `soon` (the deadline within DUE_SOON_DAYS) or null (later, or the clock has stopped). */
export function dueState(r: { status: string; due_at: string; extended_until: string | null }, now: Date): DueFilter | null {
  if (CLOCK_STOPPED.includes(r.status)) return null;
  const deadline = deadlineOf(r);
  if (deadline < now.toISOString()) return 'overdue';
  return deadline < new Date(now.getTime() + DUE_SOON_DAYS * 86_400_000).toISOString() ? 'soon' : null;
}
