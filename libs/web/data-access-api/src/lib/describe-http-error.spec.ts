import { HttpErrorResponse } from '@angular/common/http';
import { describe, expect, it } from 'vitest';
import { describeHttpError } from './describe-http-error';

describe('describeHttpError', () => {
  it('says the API is unreachable on a network error', () => {
    expect(describeHttpError(new HttpErrorResponse({ status: 0 }))).toMatch(/could not be reached/);
  });

  it('joins the problem details title and detail', () => {
    const error = new HttpErrorResponse({
      status: 409,
      error: { type: 'about:blank', title: 'Conflict', status: 409, detail: 'The budget is exhausted.' },
    });
    expect(describeHttpError(error)).toBe('Conflict: The budget is exhausted.');
  });

  it('uses whichever of title or detail is present', () => {
    expect(describeHttpError(new HttpErrorResponse({ status: 404, error: { title: 'Not Found' } }))).toBe(
      'Not Found',
    );
    expect(
      describeHttpError(new HttpErrorResponse({ status: 400, error: { detail: 'Name is required.' } })),
    ).toBe('Name is required.');
  });

  it('falls back to the status code when the body is not a problem', () => {
    expect(describeHttpError(new HttpErrorResponse({ status: 502, error: '<html>Bad gateway</html>' }))).toBe(
      'The API answered with an error (HTTP 502).',
    );
  });

  it('does not leak internal errors that are not HTTP errors', () => {
    expect(describeHttpError(new TypeError('x is undefined'))).toBe(
      'Something went wrong in the app. Please try again.',
    );
  });
});
