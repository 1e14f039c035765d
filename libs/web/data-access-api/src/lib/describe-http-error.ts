import { HttpErrorResponse } from '@angular/common/http';

/**
 * Turns a failed API call into one sentence a person can act on. The API answers errors
 * as RFC 9457 problem details, so the title and detail are used when they are present.
 */
export function describeHttpError(error: unknown): string {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) {
      return 'The API could not be reached. Check your connection and whether the server is running.';
    }
    const { title, detail } = readProblem(error.error);
    const sentence = [title, detail].filter(Boolean).join(': ');
    return sentence || `The API answered with an error (HTTP ${error.status}).`;
  }
  return 'Something went wrong in the app. Please try again.';
}

function readProblem(body: unknown): { title?: string; detail?: string } {
  if (typeof body !== 'object' || body === null) {
    return {};
  }
  const { title, detail } = body as Record<string, unknown>;
  return {
    title: typeof title === 'string' && title.length > 0 ? title : undefined,
    detail: typeof detail === 'string' && detail.length > 0 ? detail : undefined,
  };
}
