import { describe, expect, it } from 'vitest';
import { integrityExceptionOf } from './integrity-errors';

describe('integrity errors', () => {
  it('name the field a unique constraint guards, with 409', () => {
    const conflict = integrityExceptionOf({ code: '23505', constraint: 'team_name_key' });
    expect(conflict?.getStatus()).toBe(409);
    expect(conflict?.getResponse()).toMatchObject({ errors: [{ field: 'name', rule: 'unique' }] });
    expect(integrityExceptionOf({ code: '23505', constraint: 'some_new_key' })?.getStatus()).toBe(409);
  });
  it('answer a value the database cannot hold with 400, and leave every other error alone', () => {
    expect(integrityExceptionOf({ code: '22003' })?.getStatus()).toBe(400);
    expect(
      integrityExceptionOf({ code: '23514', constraint: 'experiment_check' })?.getResponse(),
    ).toMatchObject({ errors: [{ field: 'plan.end' }] });
    expect(integrityExceptionOf({ code: '40001' })).toBeUndefined();
    expect(integrityExceptionOf(new Error('boom'))).toBeUndefined();
    expect(integrityExceptionOf(undefined)).toBeUndefined();
  });
});
