import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { parseSearchQuery, textTokens, type Clause } from './syntax.ts';

const only = (q: string): Clause => {
  const parsed = parseSearchQuery(q);
  expect(parsed.groups).toHaveLength(1);
  expect(parsed.groups[0]).toHaveLength(1);
  return parsed.groups[0]![0]!.clause;
};

function refusal(q: string): AppError {
  try {
    parseSearchQuery(q);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('invalid_request');
    return err as AppError;
  }
  throw new Error(`expected ${JSON.stringify(q)} to be refused`);
}

describe('search query syntax', () => {
  it('splits text like the indexes do', () => {
    expect(textTokens('Anna.K@Example.com')).toEqual(['anna', 'k', 'example', 'com']);
    expect(textTokens('+44 20 7946-0958')).toEqual(['44', '20', '7946', '0958']);
    expect(textTokens('Zoë Müller')).toEqual(['zoë', 'müller']);
  });

  it('reads bare words as separate terms and quotes as one phrase', () => {
    expect(parseSearchQuery('ruby slipper').groups).toEqual([
      [{ negated: false, clause: { kind: 'text', tokens: ['ruby'], prefix: false } }],
      [{ negated: false, clause: { kind: 'text', tokens: ['slipper'], prefix: false } }],
    ]);
    expect(only('"Ruby  Slipper"')).toEqual({ kind: 'text', tokens: ['ruby', 'slipper'], prefix: false });
  });

  it('keeps an email or phone number whole as a phrase of its parts', () => {
    expect(only('anna.k@example.com')).toEqual({ kind: 'text', tokens: ['anna', 'k', 'example', 'com'], prefix: false });
    expect(only('"+44 20 7946 0958"')).toEqual({ kind: 'text', tokens: ['44', '20', '7946', '0958'], prefix: false });
  });

  it('reads a trailing * as a prefix and refuses a misplaced one', () => {
    expect(only('slipp*')).toEqual({ kind: 'text', tokens: ['slipp'], prefix: true });
    expect(only('anna.k@exa*')).toEqual({ kind: 'text', tokens: ['anna', 'k', 'exa'], prefix: true });
    expect(refusal('a*').message).toMatch(/at least 2 letters/);
    expect(refusal('foo. *').message).toMatch(/directly follow a word/);
    expect(refusal('foo.*').message).toMatch(/directly follow a word/);
  });

  it('negates any term with a leading dash', () => {
    const q = parseSearchQuery('-spam -"out of office" -status:closed');
    expect(q.groups.map((g) => g[0]!.negated)).toEqual([true, true, true]);
    expect(q.groups[2]![0]!.clause).toEqual({ kind: 'status', statuses: ['closed'] });
  });

  it('orders statuses for < and >', () => {
    expect(only('status<solved')).toEqual({ kind: 'status', statuses: ['new', 'open', 'pending', 'hold'] });
    expect(only('status>pending')).toEqual({ kind: 'status', statuses: ['hold', 'solved', 'closed'] });
    expect(only('status<=open')).toEqual({ kind: 'status', statuses: ['new', 'open'] });
    expect(only('status>=solved')).toEqual({ kind: 'status', statuses: ['solved', 'closed'] });
    expect(only('status:Open')).toEqual({ kind: 'status', statuses: ['open'] });
    expect(only('status:on-hold')).toEqual({ kind: 'status', statuses: ['hold'] });
    expect(only('status<new')).toEqual({ kind: 'status', statuses: [] });
  });

  it('refuses an unknown status and says which keyword and what is allowed, not the value', () => {
    const e = refusal('printer status<bogus');
    expect(e.message).toBe('status< needs one of new, open, pending, hold, solved, closed (at character 9).');
    expect(e.message).not.toContain('bogus');
    expect(refusal('status:').message).toMatch(/status: needs a value/);
  });

  it('reads requester and assignee as email, id, me or none', () => {
    expect(only('requester:Anna@Example.com')).toEqual({ kind: 'person', field: 'requester', ref: { by: 'email', email: 'anna@example.com' } });
    expect(only('assignee:12')).toEqual({ kind: 'person', field: 'assignee', ref: { by: 'id', id: 12 } });
    expect(only('assignee:none')).toEqual({ kind: 'person', field: 'assignee', ref: { by: 'none' } });
    expect(only('assignee:me')).toEqual({ kind: 'person', field: 'assignee', ref: { by: 'me' } });
    expect(only('requester:"anna@example.com"')).toEqual({ kind: 'person', field: 'requester', ref: { by: 'email', email: 'anna@example.com' } });
    expect(refusal('requester:anna').message).toMatch(/email address, a user id, me or none/);
    expect(refusal('requester<5').message).toMatch(/takes ':' only/);
  });

  it('reads email:, role:, tags: and type:', () => {
    expect(only('email:Anna@Example.com')).toEqual({ kind: 'email', value: 'anna@example.com', prefix: false });
    expect(only('email:anna*')).toEqual({ kind: 'email', value: 'anna', prefix: true });
    expect(refusal('email:anna').message).toMatch(/takes an address/);
    expect(only('role:end-user')).toEqual({ kind: 'role', role: 'end-user' });
    expect(only('role:end_user')).toEqual({ kind: 'role', role: 'end-user' });
    expect(refusal('role:boss').message).toMatch(/end-user, agent, admin/);
    expect(only('tags:vip')).toEqual({ kind: 'tag', tag: 'vip' });
    expect(only('tags:"two words"')).toEqual({ kind: 'tag', tag: 'two words' });
    expect(only('type:Ticket')).toEqual({ kind: 'type', type: 'ticket' });
    expect(refusal('type:article').message).toMatch(/ticket, user, organization, group/);
  });

  it('turns dates into whole UTC days', () => {
    expect(only('created:2026-11-22')).toEqual({ kind: 'date', field: 'created', gte: '2026-11-22T00:00:00.000Z', lt: '2026-11-23T00:00:00.000Z' });
    expect(only('created<2026-11-22')).toEqual({ kind: 'date', field: 'created', lt: '2026-11-22T00:00:00.000Z' });
    expect(only('updated>2026-11-22')).toEqual({ kind: 'date', field: 'updated', gte: '2026-11-23T00:00:00.000Z' });
    expect(only('updated>=2026-11-22')).toEqual({ kind: 'date', field: 'updated', gte: '2026-11-22T00:00:00.000Z' });
    expect(only('created<=2026-12-31')).toEqual({ kind: 'date', field: 'created', lt: '2027-01-01T00:00:00.000Z' });
    expect(refusal('created<2026-02-30').message).toMatch(/created< \(at character 1\) takes a date written YYYY-MM-DD/);
    expect(refusal('created>yesterday').message).toMatch(/YYYY-MM-DD/);
  });

  it('joins terms around OR into one group, binding tighter than the implicit AND', () => {
    const q = parseSearchQuery('type:ticket anna OR "anna k" OR email:anna@example.com');
    expect(q.groups).toHaveLength(2);
    expect(q.groups[1]!.map((i) => i.clause.kind)).toEqual(['text', 'text', 'email']);
    expect(refusal('OR anna').message).toMatch(/OR at character 1/);
    expect(refusal('anna OR').message).toMatch(/OR at character 6/);
    expect(refusal('anna OR OR bob').message).toMatch(/OR at character 9/);
    // Lower-case "or" is just a word.
    expect(parseSearchQuery('this or that').groups).toHaveLength(3);
  });

  it('treats unknown keywords as text and skips terms with nothing to search', () => {
    expect(only('http://example.com/x')).toEqual({ kind: 'text', tokens: ['http', 'example', 'com', 'x'], prefix: false });
    expect(parseSearchQuery('printer - jam').groups).toHaveLength(2);
  });

  it('refuses empty, unclosed, too long and too many', () => {
    expect(refusal('').message).toMatch(/empty/);
    expect(refusal('  ... ').message).toMatch(/empty/);
    expect(refusal('"open quote').message).toMatch(/quote at character 1 is never closed/);
    expect(refusal('tags:"open').message).toMatch(/never closed/);
    expect(refusal('x'.repeat(1001)).message).toMatch(/too long/);
    expect(refusal(Array.from({ length: 41 }, (_, i) => `w${i}`).join(' ')).message).toMatch(/too many terms/);
  });
});
