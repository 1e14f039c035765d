import type { Direction } from '@kaizen/shared/domain-measures';

/**
 * An improvement programme: an owner, a unit, an aim and a team of people. The aim says how much a measure should
 * move by when ("falls per 1,000 bed days from 6.1 to 4.0 by 1 July 2027").
 */

export const programmeUnitTypes = ['team', 'department', 'organisation'] as const;
export type ProgrammeUnitType = (typeof programmeUnitTypes)[number];

export interface Aim {
  statement: string;
  measureId: string;
  baseline: number;
  target: number;
  /** `YYYY-MM-DD`. */
  targetDate: string;
}

/** A problem with one field of a programme, named as the API names it. */
export interface RuleProblem {
  field: string;
  rule: string;
  message: string;
}

/** Whether `target` lies on the better side of `baseline` for a measure going in `direction`. */
export function targetIsBetter(direction: Direction, baseline: number, target: number): boolean {
  return direction === 'higher-is-better' ? target > baseline : target < baseline;
}

/** What is wrong with an aim's numbers for its measure; empty when the aim is sound. */
export function aimProblems(aim: Pick<Aim, 'baseline' | 'target'>, direction: Direction): RuleProblem[] {
  if (targetIsBetter(direction, aim.baseline, aim.target)) return [];
  const better = direction === 'higher-is-better' ? 'above' : 'below';
  return [
    {
      field: 'aim.target',
      rule: 'betterThanBaseline',
      message: `aim.target must lie ${better} aim.baseline: the measure is ${direction}`,
    },
  ];
}
