import { describe, expect, it } from 'vitest';
import { parseConfig } from './load-config';
import { queueBackendOf } from './config.schema';

const valid = { DATABASE_URL: 'postgres://kaizen@127.0.0.1:5432/kaizen', AUTH_SECRET: 'x'.repeat(32) };

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const result = parseConfig(valid);
    expect(result).toEqual({
      ok: true,
      config: expect.objectContaining({
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: 3000,
        MIGRATE_ON_START: true,
        QUEUE_PREFIX: 'kaizen',
        LOG_LEVEL: 'info',
        SHUTDOWN_GRACE_MS: 10_000,
      }),
    });
  });

  it('takes scan seal secrets as a comma-separated list, each long enough', () => {
    const ok = parseConfig({ ...valid, SCAN_SEAL_SECRETS: `${'n'.repeat(32)}, ${'o'.repeat(32)}` });
    expect(ok.ok && ok.config.SCAN_SEAL_SECRETS).toEqual(['n'.repeat(32), 'o'.repeat(32)]);
    expect(parseConfig({ ...valid, SCAN_SEAL_SECRETS: `${'n'.repeat(32)},short` })).toEqual({
      ok: false,
      problems: ['SCAN_SEAL_SECRETS: expected comma-separated secrets of at least 32 random characters each'],
    });
  });

  it('names a missing DATABASE_URL and the rule it breaks', () => {
    expect(parseConfig({ AUTH_SECRET: valid.AUTH_SECRET })).toEqual({
      ok: false,
      problems: ['DATABASE_URL: required, expected a postgres:// URL'],
    });
  });

  it('gives one line per problem, each naming its variable', () => {
    const result = parseConfig({
      AUTH_SECRET: 'short',
      DATABASE_URL: 'mysql://localhost/db',
      PORT: '70000',
      REDIS_URL: 'localhost:6379',
      LOG_LEVEL: 'loud',
      MIGRATE_ON_START: 'yes',
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.sort()).toEqual([
      'AUTH_SECRET: expected at least 32 random characters',
      'DATABASE_URL: expected a postgres:// URL',
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent',
      'MIGRATE_ON_START: expected true or false',
      'PORT: expected an integer from 1 to 65535',
      'REDIS_URL: expected a redis:// or rediss:// URL',
    ]);
  });

  it('treats empty variables as unset', () => {
    const result = parseConfig({ ...valid, REDIS_URL: '', PORT: '' });
    expect(result.ok && result.config.REDIS_URL).toBeUndefined();
    expect(result.ok && result.config.PORT).toBe(3000);
  });

  it('rejects a port that is not a whole number', () => {
    expect(parseConfig({ ...valid, PORT: '80.5' })).toEqual({
      ok: false,
      problems: ['PORT: expected an integer from 1 to 65535'],
    });
  });

  it('chooses the queue backend from REDIS_URL', () => {
    expect(queueBackendOf({ REDIS_URL: 'redis://127.0.0.1:6379' })).toBe('redis');
    expect(queueBackendOf({ REDIS_URL: undefined })).toBe('postgres');
  });
});
