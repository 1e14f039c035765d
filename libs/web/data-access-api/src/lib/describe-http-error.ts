import { toApiProblem } from './api-problem';

/**
 * Turns a failed API call into one English sentence (for logs and developer tools). Screens
 * translate an `ApiProblem` instead. The API answers errors as RFC 9457 problem details, so the
 * title and detail are used when they are present.
 */
export function describeHttpError(error: unknown): string {
  const problem = toApiProblem(error);
  switch (problem.kind) {
    case 'unreachable':
      return 'The API could not be reached. Check your connection and whether the server is running.';
    case 'app':
      return 'Something went wrong in the app. Please try again.';
    default: {
      const sentence = [problem.title, problem.detail].filter(Boolean).join(': ');
      return sentence || `The API answered with an error (HTTP ${problem.status}).`;
    }
  }
}
