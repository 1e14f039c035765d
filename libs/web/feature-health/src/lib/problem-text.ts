import { ApiProblem } from '@kaizen/web/data-access-api';

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** One sentence for a failed health call, in the current language. The API's own title and detail are shown as they are. */
export function problemText(problem: ApiProblem | null, t: Translate): string | null {
  if (problem === null) {
    return null;
  }
  switch (problem.kind) {
    case 'unreachable':
      return t('errors.apiUnreachable');
    case 'app':
      return t('errors.app');
    default: {
      const sentence = [problem.title, problem.detail].filter(Boolean).join(': ');
      return sentence || t('errors.httpStatus', { status: problem.status });
    }
  }
}
