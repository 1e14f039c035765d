import type { Actor } from '@kaizen/api/data-access-auth';

/**
 * How a programme starts the next PDSA cycle: the experiment loop's own ways, a new experiment building on a
 * lesson, or another team adopting it. The app wires the experiment loop in (features do not import each other).
 */
export interface CycleStarter {
  /** The next cycle in the same team, building on the finished cycle's lesson. */
  start(
    actor: Actor,
    cycle: { title: string; teamId: string; buildsOnLessonId: string },
  ): Promise<{ id: string }>;
  /** Another team adopts the lesson, as adopting any lesson does: the next cycle runs there. */
  adopt(actor: Actor, lessonId: string, teamId: string): Promise<{ id: string }>;
}

export const CYCLE_STARTER = Symbol('CYCLE_STARTER');
