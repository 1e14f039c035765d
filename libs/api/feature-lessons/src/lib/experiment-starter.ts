import type { Actor } from '@kaizen/api/data-access-auth';
import type { ExperimentDto } from '@kaizen/api/data-access-experiments';

/**
 * How an adoption starts the adopting team's follow-up experiment: the experiment loop's own create, with its checks
 * and event. The app wires the loop in (features do not import each other).
 */
export interface ExperimentStarter {
  start(
    actor: Actor,
    draft: {
      title: string;
      teamId: string;
      buildsOnLessonId: string;
      problem: string;
      disciplines: ExperimentDto['disciplines'];
      tags: string[];
    },
  ): Promise<ExperimentDto>;
}

export const EXPERIMENT_STARTER = Symbol('EXPERIMENT_STARTER');
