import type { TranslateService } from '@kaizen/web/util-i18n';
import type { ApiProblem } from '@kaizen/web/data-access-api';
import { FormMessage, ProblemContext, problemMessage } from '@kaizen/web/ui-kit';

/** The programme rules the API names in its refusals; its own sentences are English, so the page words them. */
export const PROGRAMME_RULES: ReadonlySet<string> = new Set([
  'primaryUnderAim',
  'secondaryUnderDriver',
  'changeIdeaUnderDriver',
  'noCycle',
  'noChildren',
  'noLinkedExperiments',
  'finishedWithLesson',
  'decidedOnce',
  'oneIdeaPerProgramme',
  'isChangeIdea',
  'testsChangeIdea',
  'notForAbandon',
  'betterThanBaseline',
]);

/** The problem with each known rule's sentence in the current language, for forms that place errors by field. */
export function worded(problem: ApiProblem, translate: TranslateService): ApiProblem {
  return {
    ...problem,
    errors: problem.errors.map((error) =>
      PROGRAMME_RULES.has(error.rule)
        ? { ...error, message: translate.instant(`programmes.rules.${error.rule}`) as string }
        : error,
    ),
  };
}

/** What to tell the person about a refused action: the first known rule it broke, else what the status means. */
export function programmeMessage(problem: ApiProblem, context: ProblemContext = {}): FormMessage {
  const known = problem.errors.find((error) => PROGRAMME_RULES.has(error.rule));
  return known ? { key: `programmes.rules.${known.rule}` } : problemMessage(problem, context);
}
