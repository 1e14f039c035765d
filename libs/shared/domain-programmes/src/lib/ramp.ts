import type { Status } from '@kaizen/shared/domain-experiment';
import type { RuleProblem } from './programme';

/**
 * PDSA ramps: a change idea is tested in a chain of cycles, each building on the lesson of the one before, from a
 * small test to wider scale. After a cycle the team decides: adopt (scale it up), adapt (test a changed version) or
 * abandon (stop; the ramp ends there).
 */
export const rampDecisions = ['adopt', 'adapt', 'abandon'] as const;
export type RampDecision = (typeof rampDecisions)[number];

/** A cycle is finished for a ramp once it has ended and its lesson is written: the next cycle builds on that lesson. */
export const rampFinishedStatuses: readonly Status[] = ['stopped', 'concluded', 'learned', 'closed'];

export interface RampCycle {
  experimentId: string;
  /** The cycle this one builds on (through its lesson), if it is a follow-up. */
  previousId: string | null;
  status: Status;
  decision: RampDecision | null;
  unitId: string;
  startedAt: string | null;
}

/** Why no follow-up decision may be recorded on `cycle`, or an empty list. */
export function followUpProblems(
  cycle: Pick<RampCycle, 'status' | 'decision'> & { hasLesson: boolean },
): Array<RuleProblem & { kind: 'invalid' | 'conflict' }> {
  if (!rampFinishedStatuses.includes(cycle.status) || !cycle.hasLesson) {
    return [
      {
        kind: 'conflict',
        field: 'fromExperimentId',
        rule: 'finishedWithLesson',
        message: 'A follow-up starts from a cycle that ended and whose lesson is written',
      },
    ];
  }
  if (cycle.decision !== null) {
    return [
      {
        kind: 'conflict',
        field: 'fromExperimentId',
        rule: 'decidedOnce',
        message: `This cycle's decision was already recorded (${cycle.decision})`,
      },
    ];
  }
  return [];
}

export interface RampStep extends RampCycle {
  /** 1 for the first cycle of its chain. */
  step: number;
  /** Distinct units that have run the chain up to and including this cycle: the scale it reached. */
  units: number;
}

/**
 * The chains of cycles of one change idea, each from its first cycle to its latest, ordered by when they began.
 * A cycle whose previous cycle is not among `cycles` starts a chain of its own.
 */
export function ramps(cycles: ReadonlyArray<RampCycle>): RampStep[][] {
  const ids = new Set(cycles.map((c) => c.experimentId));
  const next = new Map<string, RampCycle[]>();
  for (const cycle of cycles) {
    if (cycle.previousId && ids.has(cycle.previousId))
      next.set(cycle.previousId, [...(next.get(cycle.previousId) ?? []), cycle]);
  }
  const byStart = (a: RampCycle, b: RampCycle) => (a.startedAt ?? '~').localeCompare(b.startedAt ?? '~');
  const chains: RampStep[][] = [];
  const walk = (cycle: RampCycle, chain: RampStep[], seen: Set<string>) => {
    const units = new Set([...chain.map((s) => s.unitId), cycle.unitId]);
    const here = [...chain, { ...cycle, step: chain.length + 1, units: units.size }];
    const followers = (next.get(cycle.experimentId) ?? [])
      .filter((c) => !seen.has(c.experimentId))
      .sort(byStart);
    if (followers.length === 0) chains.push(here);
    for (const follower of followers) walk(follower, here, new Set([...seen, follower.experimentId]));
  };
  const roots = cycles.filter((c) => !c.previousId || !ids.has(c.previousId)).sort(byStart);
  for (const root of roots) walk(root, [], new Set([root.experimentId]));
  return chains;
}
