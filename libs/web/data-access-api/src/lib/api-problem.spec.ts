import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { describe, expect, it } from 'vitest';
import { toApiProblem } from './api-problem';

describe('toApiProblem', () => {
  it('reads title, detail and the field errors of RFC 9457 problem details', () => {
    const problem = toApiProblem(
      new HttpErrorResponse({
        status: 400,
        error: {
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          detail: 'email must be an email address; password must be at least 10 characters',
          errors: [
            { field: 'email', rule: 'isEmail', message: 'email must be an email address' },
            { field: 'password', rule: 'minLength', message: 'password must be at least 10 characters' },
            { field: 42, rule: 'broken' },
          ],
        },
      }),
    );
    expect(problem).toEqual({
      kind: 'http',
      status: 400,
      title: 'Bad Request',
      detail: 'email must be an email address; password must be at least 10 characters',
      errors: [
        { field: 'email', rule: 'isEmail', message: 'email must be an email address' },
        { field: 'password', rule: 'minLength', message: 'password must be at least 10 characters' },
      ],
      retryAfterSeconds: null,
    });
  });

  it('reads the problem of an operation that expects text or nothing, which arrives unparsed', () => {
    const problem = toApiProblem(
      new HttpErrorResponse({
        status: 409,
        error: JSON.stringify({
          title: 'Conflict',
          status: 409,
          detail: 'The organisation must keep an admin',
        }),
      }),
    );
    expect(problem).toMatchObject({
      kind: 'http',
      status: 409,
      detail: 'The organisation must keep an admin',
    });
    expect(
      toApiProblem(new HttpErrorResponse({ status: 502, error: '<html>Bad gateway</html>' })).detail,
    ).toBeNull();
  });

  it('reads Retry-After in seconds, and as an HTTP date', () => {
    const seconds = toApiProblem(
      new HttpErrorResponse({ status: 429, headers: new HttpHeaders({ 'Retry-After': '840' }), error: {} }),
    );
    expect(seconds.retryAfterSeconds).toBe(840);

    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    const date = toApiProblem(
      new HttpErrorResponse({ status: 429, headers: new HttpHeaders({ 'Retry-After': inTwoMinutes }) }),
    );
    expect(date.retryAfterSeconds).toBeGreaterThanOrEqual(118);
    expect(date.retryAfterSeconds).toBeLessThanOrEqual(120);
  });

  it('tells an unreachable API apart from an answer, and a bug from both', () => {
    expect(toApiProblem(new HttpErrorResponse({ status: 0 })).kind).toBe('unreachable');
    expect(
      toApiProblem(new HttpErrorResponse({ status: 502, error: '<html>Bad gateway</html>' })),
    ).toMatchObject({
      kind: 'http',
      status: 502,
      title: null,
      detail: null,
      errors: [],
    });
    expect(toApiProblem(new TypeError('x is undefined')).kind).toBe('app');
  });
});
