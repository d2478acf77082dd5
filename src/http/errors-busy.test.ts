import { expect, it } from 'vitest';
import Fastify from 'fastify';
import { errorHandler } from './errors.ts';

// A lock held too long by another process (SQLite beside `oubli sweep`) is a 503 that says
// to retry, never a 500: nothing was written.
it('answers a busy database with 503 and Retry-After', async () => {
  const app = Fastify();
  app.setErrorHandler(errorHandler);
  app.get('/busy', async () => {
    throw Object.assign(new Error('database is locked'), { name: 'SqliteError', code: 'SQLITE_BUSY' });
  });
  const r = await app.inject({ method: 'GET', url: '/busy' });
  expect(r.statusCode).toBe(503);
  expect(r.headers['retry-after']).toBe('1');
  expect(r.json()).toEqual({ error: 'ServiceUnavailable', description: 'The database is busy; try again in a moment.' });
  await app.close();
});
