import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { loggerOptions, NOT_LOGGED } from './logging.ts';

function capture() {
  let out = '';
  const stream = new Writable({ write: (c, _e, cb) => ((out += c.toString()), cb()) });
  const app = Fastify({ logger: { ...loggerOptions('debug'), stream } });
  return { app, out: () => out };
}

it('keeps only safe fields, drops format arguments and error messages, whatever a caller logs', async () => {
  const { app, out } = capture();
  app.log.info({ email: 'ann@example.test', name: 'Ann', ticketId: 7 }, 'handled');
  app.log.warn('route %s not found', '/api/v2/search?query=ann@example.test');
  app.log.error(new Error('duplicate key value (email)=(ann@example.test)'));
  app.log.error({ err: new Error('ann@example.test exists') }, 'failed');
  await app.close();
  const text = out();
  expect(text).not.toContain('ann@example.test');
  expect(text).not.toContain('Ann');
  expect(text).toContain('"ticketId":7');
  expect(text).toContain(`"email":"${NOT_LOGGED}"`);
  expect(text).toContain('route %s not found');
});

it('logs a request as its method and route pattern, never its URL or client address', async () => {
  const { app, out } = capture();
  app.get('/api/v2/users/:id', async () => ({}));
  await app.inject({ method: 'GET', url: '/api/v2/users/5?external_id=ann@example.test', headers: { 'user-agent': 'Ann' } });
  await app.close();
  expect(out()).toContain('"req":{"method":"GET","route":"/api/v2/users/:id"}');
  expect(out()).not.toMatch(/ann@example|Ann|127\.0\.0\.1|remoteAddress/);
});
