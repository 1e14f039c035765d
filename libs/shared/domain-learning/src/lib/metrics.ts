import type { CounterName, Counters } from './counters';
import { monthsIn, type PeriodType } from './periods';

/**
 * The figures dashboards show, each derived from a roll-up row's counters. `null` means "no basis":
 * a rate over zero is not zero. Each doc says what the figure means and what it does not.
 */
export interface Metrics {
  /** Experiments that started running in the period. Activity, not success. */
  started: number;
  /** Experiments with a recorded result in the period. */
  concluded: number;
  /** Experiments whose lesson was captured in the period. */
  learned: number;
  /** Experiments stopped in the period; a stopped experiment still yields a lesson. */
  stopped: number;
  /** Lessons ÷ concluded experiments in the period, 0–1 (can exceed 1 when stopped ones teach too). Whether loops close. */
  loopClosureRate: number | null;
  /**
   * Self-reported improvements: confirmed experiments whose lesson recommends adopting or standardising (a decision
   * against its rule only once the approver upheld it).
   */
  validatedImprovements: number;
  /** Adopted improvements whose measure showed an improvement signal after the change: shown by the data. */
  dataBackedImprovements: number;
  /**
   * Improvements per 10 members per month: fair across sizes. Not a measure of effort. Counts data-backed or
   * self-reported improvements, as the organisation's headline setting chooses.
   */
  improvementRate: number | null;
  /** Median days from hypothesis (creation) to lesson. Lower is faster learning; not quality. */
  learningVelocityDays: number | null;
  /** Times another team adopted one of the unit's lessons in the period: knowledge spreading. */
  knowledgeSpread: number;
  /** Share of lessons that changed an assumption (double-loop learning), 0–1. */
  doubleLoopShare: number | null;
  /** Share of members who started an experiment in the period, 0–1. Breadth, not depth. */
  participation: number | null;
  /** Mean hours from proposal to decision. */
  approvalLeadTimeHours: number | null;
  hoursApproved: number;
  hoursSpent: number;
  amountApprovedMinor: number;
  amountSpentMinor: number;
  /** Verdicts: refuted counts as learning, never as failure. */
  confirmed: number;
  refuted: number;
  inconclusive: number;
}

export const metricNames = [
  'started',
  'concluded',
  'learned',
  'stopped',
  'loopClosureRate',
  'validatedImprovements',
  'dataBackedImprovements',
  'improvementRate',
  'learningVelocityDays',
  'knowledgeSpread',
  'doubleLoopShare',
  'participation',
  'approvalLeadTimeHours',
  'hoursApproved',
  'hoursSpent',
  'amountApprovedMinor',
  'amountSpentMinor',
  'confirmed',
  'refuted',
  'inconclusive',
] as const satisfies ReadonlyArray<keyof Metrics>;
export type MetricName = (typeof metricNames)[number];

export function medianOfHistogram(histogram: Record<string, number>): number | null {
  const entries = Object.entries(histogram)
    .map(([value, count]) => [Number(value), count] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const lowerRank = Math.floor((total - 1) / 2);
  const upperRank = Math.floor(total / 2);
  let seen = 0;
  let lower: number | null = null;
  for (const [value, count] of entries) {
    if (lower === null && seen + count > lowerRank) lower = value;
    if (seen + count > upperRank) return ((lower ?? value) + value) / 2;
    seen += count;
  }
  return null;
}

/**
 * The stored figures each metric reads (besides headcount and participants): a read that shows one metric,
 * like the department comparison, fetches only these. Kept beside `metricsOf`; a unit test holds them together.
 */
export const metricInputs: Record<MetricName, ReadonlyArray<CounterName | 'velocityDays'>> = {
  started: ['started'],
  concluded: ['concluded'],
  learned: ['learned'],
  stopped: ['stopped'],
  loopClosureRate: ['learned', 'concluded'],
  validatedImprovements: ['validated'],
  dataBackedImprovements: ['dataBacked'],
  improvementRate: ['validated', 'dataBacked'],
  learningVelocityDays: ['velocityDays'],
  knowledgeSpread: ['adoptionsReceived'],
  doubleLoopShare: ['doubleLoop', 'learned'],
  participation: [],
  approvalLeadTimeHours: ['approvalLeadHours', 'approvalsDecided'],
  hoursApproved: ['hoursApproved'],
  hoursSpent: ['hoursSpent'],
  amountApprovedMinor: ['amountApprovedMinor'],
  amountSpentMinor: ['amountSpentMinor'],
  confirmed: ['confirmed'],
  refuted: ['refuted'],
  inconclusive: ['inconclusive'],
};

/** Which improvements the headline rate counts: an organisation setting, data-backed unless it chooses otherwise. */
export const headlines = ['data-backed', 'self-reported'] as const;
export type Headline = (typeof headlines)[number];

export function metricsOf(
  counters: Counters,
  context: { headcount: number; participants: number; periodType: PeriodType; headline: Headline },
): Metrics {
  const ratio = (a: number, b: number) => (b > 0 ? round(a / b) : null);
  const improvements = context.headline === 'data-backed' ? counters.dataBacked : counters.validated;
  return {
    started: counters.started,
    concluded: counters.concluded,
    learned: counters.learned,
    stopped: counters.stopped,
    loopClosureRate: ratio(counters.learned, counters.concluded),
    validatedImprovements: counters.validated,
    dataBackedImprovements: counters.dataBacked,
    improvementRate:
      context.headcount > 0
        ? round(improvements / (context.headcount / 10) / monthsIn(context.periodType))
        : null,
    learningVelocityDays: medianOfHistogram(counters.velocityDays),
    knowledgeSpread: counters.adoptionsReceived,
    doubleLoopShare: ratio(counters.doubleLoop, counters.learned),
    participation: ratio(context.participants, context.headcount),
    approvalLeadTimeHours: ratio(counters.approvalLeadHours, counters.approvalsDecided),
    hoursApproved: counters.hoursApproved,
    hoursSpent: counters.hoursSpent,
    amountApprovedMinor: counters.amountApprovedMinor,
    amountSpentMinor: counters.amountSpentMinor,
    confirmed: counters.confirmed,
    refuted: counters.refuted,
    inconclusive: counters.inconclusive,
  };
}

/** Groups smaller than this are shown with a flag and never ranked: small numbers mislead and expose people. */
export const SMALL_GROUP = 5;

export interface Ranked<T> {
  item: T;
  value: number | null;
  rank: number | null;
  smallGroup: boolean;
}

/** Ranks groups by a metric (higher first, or lower first for durations); small groups and groups without a value get no rank. */
export function rankGroups<T>(
  items: T[],
  valueOf: (item: T) => number | null,
  sizeOf: (item: T) => number,
  lowerIsBetter = false,
): Array<Ranked<T>> {
  const rows = items.map((item) => ({
    item,
    value: valueOf(item),
    smallGroup: sizeOf(item) < SMALL_GROUP,
    rank: null as number | null,
  }));
  const rankable = rows
    .filter((r) => !r.smallGroup && r.value !== null)
    .sort((a, b) => (lowerIsBetter ? 1 : -1) * ((a.value as number) - (b.value as number)));
  rankable.forEach((row, index) => {
    const previous = rankable[index - 1];
    row.rank = previous && previous.value === row.value ? previous.rank : index + 1;
  });
  return [...rankable, ...rows.filter((r) => r.rank === null)];
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
