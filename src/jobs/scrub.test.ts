import { describe, expect, it } from 'vitest';
import { AppError, invalidField } from '../errors.ts';
import { withoutValues } from './scrub.ts';

// A job's results are shown to callers and kept: an item's error loses the values its body sent.

describe('withoutValues', () => {
  const fail = (err: unknown) => () => Promise.reject(err);

  it('takes every value of the body out of the message and the details, keeping the reason', async () => {
    const body = { name: 'Ann Smith', email: 'ann.smith@example.test', tags: ['vip', 'is'], nested: { notes: 'Called (twice)' } };
    const err = invalidField('email', 'email: ann.smith@example.test is already being used by another user');
    const caught = await withoutValues(body, fail(err)).catch((e: AppError) => e);
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('record_invalid');
    expect((caught as AppError).details).toEqual({ email: [{ description: 'email: … is already being used by another user' }] });
    const msg = await withoutValues(body, fail(new AppError('invalid_request', 'Ann Smith said Called (twice) about vip; this is fine'))).catch((e: AppError) => e.message);
    // Values inside a word, and values under 3 characters, are left alone.
    expect(msg).toBe('… said … about …; this is fine');
  });

  it('passes through success and errors that are not AppErrors', async () => {
    expect(await withoutValues({ a: 'x' }, async () => 7)).toBe(7);
    const boom = new TypeError('boom');
    await expect(withoutValues({ a: 'boom' }, fail(boom))).rejects.toBe(boom);
  });
});
