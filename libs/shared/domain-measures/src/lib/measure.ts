/**
 * A measure judged over time: what is counted, which way is better, and the data points. Periods are ISO dates
 * (`YYYY-MM-DD`, the start of the week or month the point covers), so they sort as strings.
 */

/** `value`: a continuous value (XmR chart). `proportion`: numerator of denominator (p-chart). `rate`: count per exposure (u-chart). */
export const measureKinds = ['value', 'proportion', 'rate'] as const;
export type MeasureKind = (typeof measureKinds)[number];

export const directions = ['higher-is-better', 'lower-is-better'] as const;
export type Direction = (typeof directions)[number];

export interface Measure {
  name: string;
  unit: string;
  definition?: string;
  direction: Direction;
  kind: MeasureKind;
  /** Scale of proportions and rates on the chart: 100 for a percentage, 1,000 for "per 1,000 bed days". Default 1. */
  multiplier?: number;
}

/** One period's observation. A `value` measure has `value`; proportions and rates have `numerator` and `denominator`. */
export interface DataPoint {
  period: string;
  value?: number | null;
  numerator?: number | null;
  denominator?: number | null;
  note?: string | null;
}

/** Which side of the centre a point, run or trend lies on: `high` is above (or rising). */
export type Side = 'high' | 'low';

/** Whether a movement to `side` is an improvement or a concern for a measure going in `direction`. */
export function classOf(side: Side, direction: Direction): 'improvement' | 'concern' {
  return (side === 'high') === (direction === 'higher-is-better') ? 'improvement' : 'concern';
}

export const flipped = (direction: Direction): Direction =>
  direction === 'higher-is-better' ? 'lower-is-better' : 'higher-is-better';

/** The number a chart plots for a point (before the multiplier), or null when the point lacks what its kind needs. */
export function observed(kind: MeasureKind, point: DataPoint): number | null {
  if (kind === 'value') return finite(point.value) ? point.value : null;
  if (!finite(point.numerator) || !finite(point.denominator) || point.denominator <= 0) return null;
  return point.numerator / point.denominator;
}

/** What is wrong with a data point for a measure of `kind`, as field and rule; empty when it is usable. */
export function dataPointProblems(
  kind: MeasureKind,
  point: DataPoint,
): Array<{ field: keyof DataPoint; rule: string }> {
  const problems: Array<{ field: keyof DataPoint; rule: string }> = [];
  if (!isCalendarDate(point.period)) {
    problems.push({ field: 'period', rule: 'must be a date, YYYY-MM-DD' });
  }
  if (kind === 'value') {
    if (!finite(point.value)) problems.push({ field: 'value', rule: 'must be a number' });
    return problems;
  }
  if (!finite(point.numerator) || point.numerator < 0)
    problems.push({ field: 'numerator', rule: 'must be a number of at least 0' });
  if (!finite(point.denominator) || point.denominator <= 0)
    problems.push({ field: 'denominator', rule: 'must be a number above 0' });
  else if (kind === 'proportion' && finite(point.numerator) && point.numerator > point.denominator) {
    problems.push({ field: 'denominator', rule: 'must be at least the numerator' });
  }
  return problems;
}

/** `YYYY-MM-DD` naming a day that exists (no 30 February). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function finite(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/**
 * Where the limits come from. Without a plan, one phase whose limits come from all its points.
 * - `baselineThrough`: the last baseline period; the first phase's centre and limits come from the points up to it and
 *   stay frozen after it, so a change shows against the process as it was.
 * - `changes`: periods when a change began (each PDSA cycle's start). Annotations, and the start of "after the change";
 *   they do not move the limits.
 * - `recalculations`: periods from which the limits are calculated anew (a new phase), from that phase's points up to
 *   its own `through`, or all of them.
 */
export interface PhasePlan {
  baselineThrough?: string | null;
  changes?: ReadonlyArray<string>;
  recalculations?: ReadonlyArray<{ from: string; through?: string | null }>;
}

/** A phase as point indexes: it spans `[start, end)` and its centre and limits come from `[start, calculationEnd)`. */
export interface Phase {
  start: number;
  end: number;
  calculationEnd: number;
}

/** The phases of a series whose periods are sorted ascending. Recalculations before the first point or on the same point collapse. */
export function phasesOf(periods: ReadonlyArray<string>, plan: PhasePlan = {}): Phase[] {
  const n = periods.length;
  const starts = new Map<number, string | null>([[0, plan.baselineThrough ?? null]]);
  for (const { from, through } of plan.recalculations ?? []) {
    const start = firstIndexAtOrAfter(periods, from);
    if (start < n) starts.set(start, through ?? null);
  }
  const ordered = [...starts.entries()].sort((a, b) => a[0] - b[0]);
  return ordered.map(([start, through], i) => {
    const end = i + 1 < ordered.length ? ordered[i + 1][0] : n;
    const frozen = through === null ? end : firstIndexAtOrAfter(periods, through, true);
    return { start, end, calculationEnd: Math.min(end, Math.max(start + 1, frozen)) };
  });
}

/** The first index whose period is at or after `period` (or strictly after it when `after`); the length when none is. */
export function firstIndexAtOrAfter(periods: ReadonlyArray<string>, period: string, after = false): number {
  let lo = 0;
  let hi = periods.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (after ? periods[mid] <= period : periods[mid] < period) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
