import { dimensions, type Dimension, type Instrument } from './instrument';

/**
 * Answers are kept as tallies, never as one person's answer sheet: per group and statement,
 * how many people chose each point of the scale. A sheet of 33 answers is a fingerprint;
 * a tally is not.
 */
export interface Tally {
  statementId: string;
  value: number;
  count: number;
}

/** Per dimension: the mean answer (1 to 5, two decimals) and the share that agreed (4 or 5, 0 to 1). */
export interface DimensionScore {
  mean: number;
  agreeShare: number;
  answers: number;
}

export type Scores = Record<Dimension, DimensionScore | null>;

/**
 * Scores a group's tallies against the instrument its scan pinned. Statements the instrument
 * does not hold (there should be none) are ignored, so a later version can never leak into an
 * earlier scan. A dimension without answers scores null.
 */
export function scoreTallies(instrument: Instrument, tallies: readonly Tally[]): Scores {
  const dimensionOf = new Map(instrument.statements.map((statement) => [statement.id, statement.dimension]));
  const sums = new Map<Dimension, { total: number; agree: number; answers: number }>();
  for (const { statementId, value, count } of tallies) {
    const dimension = dimensionOf.get(statementId);
    if (!dimension || count <= 0) continue;
    const sum = sums.get(dimension) ?? { total: 0, agree: 0, answers: 0 };
    sum.total += value * count;
    sum.answers += count;
    if (value >= 4) sum.agree += count;
    sums.set(dimension, sum);
  }
  const scores = {} as Scores;
  for (const dimension of dimensions) {
    const sum = sums.get(dimension);
    scores[dimension] = sum
      ? {
          mean: round2(sum.total / sum.answers),
          agreeShare: round2(sum.agree / sum.answers),
          answers: sum.answers,
        }
      : null;
  }
  return scores;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Results show only for groups of at least this many respondents, unless the organisation raises it. */
export const DEFAULT_MIN_RESPONSES = 5;
/** No organisation can go below this: with two respondents, each one knows the other's answers. */
export const MIN_RESPONSES_FLOOR = 3;
export const MIN_RESPONSES_CEILING = 50;

/**
 * The threshold a scan's results are shown with: the organisation's current setting, never below the
 * floor, and never below what the scan was opened with (raising the threshold protects earlier scans
 * too; lowering it does not expose them).
 */
export function effectiveThreshold(
  current: number | null | undefined,
  pinnedAtOpening?: number | null,
): number {
  return Math.max(
    MIN_RESPONSES_FLOOR,
    current ?? DEFAULT_MIN_RESPONSES,
    pinnedAtOpening ?? MIN_RESPONSES_FLOOR,
  );
}

/** When automatic reminders go out: halfway through the window and at 85 % of it; at most these two. */
export function reminderTimes(opensAt: Date, closesAt: Date): [Date, Date] {
  const span = closesAt.getTime() - opensAt.getTime();
  return [new Date(opensAt.getTime() + span * 0.5), new Date(opensAt.getTime() + span * 0.85)];
}

export const MAX_REMINDERS = 2;
