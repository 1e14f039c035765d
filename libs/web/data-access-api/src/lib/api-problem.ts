import { HttpErrorResponse } from '@angular/common/http';

/** One field the API rejected, and the rule it broke (from RFC 9457 problem details). */
export interface FieldProblem {
  /** Dotted path of the field in the request body, e.g. `email`. */
  readonly field: string;
  /** The rule, e.g. `isEmail`, `minLength`, `unique`, `valid`. */
  readonly rule: string;
  /** The API's own sentence, in English: a fallback when no translation knows the rule. */
  readonly message: string;
}

/**
 * A failed API call, read into plain values the UI can turn into words in any language.
 * `kind` says whether the API answered (`http`), could not be reached (`unreachable`), or
 * the failure was not an HTTP one at all (`app`, a bug).
 */
export interface ApiProblem {
  readonly kind: 'http' | 'unreachable' | 'app';
  /** HTTP status; 0 when there was no answer. */
  readonly status: number;
  readonly title: string | null;
  readonly detail: string | null;
  readonly errors: readonly FieldProblem[];
  /** From the Retry-After header (seconds), when the API sent one. */
  readonly retryAfterSeconds: number | null;
}

export function toApiProblem(error: unknown): ApiProblem {
  if (!(error instanceof HttpErrorResponse)) {
    return { kind: 'app', status: 0, title: null, detail: null, errors: [], retryAfterSeconds: null };
  }
  const body = problemBody(error.error);
  return {
    kind: error.status === 0 ? 'unreachable' : 'http',
    status: error.status,
    title: nonEmptyString(body['title']),
    detail: nonEmptyString(body['detail']),
    errors: Array.isArray(body['errors']) ? body['errors'].filter(isFieldProblem) : [],
    retryAfterSeconds: parseRetryAfter(error.headers?.get('retry-after') ?? null),
  };
}

/** Operations answering text or nothing (`responseType: 'text'`) get the problem as unparsed JSON. */
function problemBody(error: unknown): Record<string, unknown> {
  let body = error;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return {};
    }
  }
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function isFieldProblem(value: unknown): value is FieldProblem {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const { field, rule, message } = value as Record<string, unknown>;
  return typeof field === 'string' && typeof rule === 'string' && typeof message === 'string';
}

/** Retry-After is either delay-seconds or an HTTP date. */
function parseRetryAfter(value: string | null): number | null {
  if (value === null || value.trim() === '') {
    return null;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim());
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
