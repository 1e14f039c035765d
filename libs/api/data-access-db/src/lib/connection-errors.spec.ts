import { describe, expect, it } from 'vitest';
import { databaseExceptionOf } from './connection-errors';

describe('databaseExceptionOf', () => {
  it('answers 503 when the connection, not the statement, failed', () => {
    for (const error of [
      { code: '57P01' },
      { code: '08006' },
      { code: 'ECONNREFUSED' },
      new Error('Connection terminated unexpectedly'),
      new Error('Client has encountered a connection error and is not queryable'),
    ])
      expect(databaseExceptionOf(error)?.getStatus()).toBe(503);
  });

  it('keeps integrity errors what they mean, and leaves the rest a 500', () => {
    expect(databaseExceptionOf({ code: '23505', constraint: 'team_name_key' })?.getStatus()).toBe(409);
    expect(databaseExceptionOf({ code: '42P01' })).toBeUndefined();
    expect(databaseExceptionOf(new Error('boom'))).toBeUndefined();
  });
});
