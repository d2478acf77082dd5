import { describe, expect, it } from 'vitest';
import { addCalendarMonths, dueAtFor, extensionEnd, extensionLimitFor } from './due-dates.ts';

describe('the GDPR clock', () => {
  it('is due one calendar month later, on the last day when the date does not exist', () => {
    expect(dueAtFor('2027-01-31T09:30:00.000Z')).toBe('2027-02-28T09:30:00.000Z');
    // 2028 is a leap year.
    expect(dueAtFor('2028-01-31T09:30:00.000Z')).toBe('2028-02-29T09:30:00.000Z');
    expect(dueAtFor('2028-01-29T00:00:00.000Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(dueAtFor('2027-01-30T12:00:00.000Z')).toBe('2027-02-28T12:00:00.000Z');
    expect(dueAtFor('2027-03-31T12:00:00.000Z')).toBe('2027-04-30T12:00:00.000Z');
    expect(dueAtFor('2026-12-31T23:59:59.999Z')).toBe('2027-01-31T23:59:59.999Z');
    expect(dueAtFor('2026-11-22T10:00:00.000Z')).toBe('2026-12-22T10:00:00.000Z');
  });

  it('lets an extension reach two further months', () => {
    expect(extensionLimitFor('2027-01-31T09:30:00.000Z')).toBe('2027-04-30T09:30:00.000Z');
    expect(extensionLimitFor('2026-11-30T10:00:00.000Z')).toBe('2027-02-28T10:00:00.000Z');
    expect(addCalendarMonths('2027-11-30T10:00:00.000Z', 3)).toBe('2028-02-29T10:00:00.000Z');
  });

  it('reads an extension date at the time of day the request came in', () => {
    expect(extensionEnd('2027-03-15', '2027-01-31T09:30:00.000Z')).toBe('2027-03-15T09:30:00.000Z');
    expect(extensionEnd('2027-03-15T18:00:00+01:00', '2027-01-31T09:30:00.000Z')).toBe('2027-03-15T17:00:00.000Z');
  });
});
