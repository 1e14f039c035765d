import type { ProgrammeInReview, ReviewPeriod, ReviewUnit } from '@kaizen/shared/domain-programmes';

/**
 * How a review finds the programmes of its unit with their progress. The programmes feature answers; the app wires
 * it in (features do not import each other). The worker, which only opens reviews, goes without.
 */
export interface ReviewProgrammes {
  inUnit(unit: ReviewUnit, period: ReviewPeriod): Promise<ProgrammeInReview[]>;
}

export const REVIEW_PROGRAMMES = Symbol('REVIEW_PROGRAMMES');
