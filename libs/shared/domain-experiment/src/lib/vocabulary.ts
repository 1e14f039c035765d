/** Senge's five disciplines, for tagging experiments and lessons. */
export const disciplines = [
  'shared_vision',
  'mental_models',
  'personal_mastery',
  'team_learning',
  'systems_thinking',
] as const;
export type Discipline = (typeof disciplines)[number];

/** A refuted hypothesis is a result, not a failure: the product never says "failed". */
export const verdicts = ['confirmed', 'refuted', 'inconclusive'] as const;
export type Verdict = (typeof verdicts)[number];

export const recommendations = ['adopt', 'adapt', 'abandon', 'standardise'] as const;
export type Recommendation = (typeof recommendations)[number];

export const lessonVisibilities = ['team', 'department', 'organisation'] as const;
export type LessonVisibility = (typeof lessonVisibilities)[number];

/** Whether the metric should go up or down for the hypothesis to hold. */
export const metricDirections = ['increase', 'decrease'] as const;
export type MetricDirection = (typeof metricDirections)[number];

export const checkInCadences = ['weekly', 'biweekly', 'monthly'] as const;
export type CheckInCadence = (typeof checkInCadences)[number];

/**
 * A lesson is double-loop when it changed the assumption behind the work, not just the work:
 * there was an assumption before, and the one after differs from it.
 */
export function isDoubleLoop(
  assumptionBefore: string | null | undefined,
  assumptionAfter: string | null | undefined,
): boolean {
  const before = assumptionBefore?.trim().toLowerCase() ?? '';
  const after = assumptionAfter?.trim().toLowerCase() ?? '';
  return before !== '' && after !== '' && before !== after;
}
