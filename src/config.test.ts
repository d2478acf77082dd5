import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { AppError } from './errors.ts';

describe('loadConfig', () => {
  it('uses the defaults when nothing is set', () => {
    const c = loadConfig({}, {});
    expect(c).toMatchObject({ dataDir: './data', port: 8080, host: '0.0.0.0', supportAddresses: [] });
    expect(c.databaseUrl).toBeUndefined();
  });

  it('reads the environment, and a flag that was not given does not hide it', () => {
    const c = loadConfig({ port: undefined, dataDir: undefined }, { PORT: '9090', OUBLI_DATA_DIR: '/srv/oubli' });
    expect(c.port).toBe(9090);
    expect(c.dataDir).toBe('/srv/oubli');
  });

  it('lets a given flag win over the environment', () => {
    expect(loadConfig({ port: '7070' }, { PORT: '9090' }).port).toBe(7070);
  });

  it('refuses a bad value, naming the setting', () => {
    expect(() => loadConfig({ port: 'eighty' }, {})).toThrow(AppError);
    expect(() => loadConfig({}, { DATABASE_URL: 'mysql://x' })).toThrow(/databaseUrl/);
  });
});
