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

/** Who a roll-up row counts, besides its counters: members now, people who took part, how long its periods span. */
export interface MetricContext {
  headcount: number;
  participants: number;
  periodType: PeriodType;
  /** Which improvements the improvement rate counts. */
  headline: Headline;
  /** Periods the counters add up (default 1): a window of several periods has that much more exposure. */
  periods?: number;
}

export function metricsOf(counters: Counters, context: MetricContext): Metrics {
  const ratio = (a: number, b: number) => (b > 0 ? round(a / b) : null);
  return {
    started: counters.started,
    concluded: counters.concluded,
    learned: counters.learned,
    stopped: counters.stopped,
    loopClosureRate: valueOf(metricBasis('loopClosureRate', counters, context)),
    validatedImprovements: counters.validated,
    dataBackedImprovements: counters.dataBacked,
    improvementRate: valueOf(metricBasis('improvementRate', counters, context)),
    learningVelocityDays: medianOfHistogram(counters.velocityDays),
    knowledgeSpread: counters.adoptionsReceived,
    doubleLoopShare: ratio(counters.doubleLoop, counters.learned),
    participation: valueOf(metricBasis('participation', counters, context)),
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

/** Groups smaller than this are shown with a flag: small numbers mislead and expose people. */
export const SMALL_GROUP = 5;

/**
 * The metrics departments are compared on. Each is a count over an exposure, so a funnel plot can judge every
 * department against the organisation's rate with limits that widen for small exposures, instead of ranking them.
 */
export const comparableMetrics = ['improvementRate', 'loopClosureRate', 'participation'] as const;
export type ComparableMetric = (typeof comparableMetrics)[number];

/**
 * A metric as events over an exposure: `rate` for counts that can exceed their exposure (Poisson), `proportion` for a
 * share of trials (binomial). The value is events ÷ exposure × multiplier.
 */
export interface MetricBasis {
  model: 'rate' | 'proportion';
  events: number;
  exposure: number;
  multiplier: number;
}

/** The one definition of each comparable metric; `metricsOf` and the department funnel plot both read it. */
export function metricBasis(
  metric: ComparableMetric,
  counters: Counters,
  context: MetricContext,
): MetricBasis {
  const periods = context.periods ?? 1;
  switch (metric) {
    case 'improvementRate':
      // Per 10 members per month: person-months of exposure.
      return {
        model: 'rate',
        events: context.headline === 'data-backed' ? counters.dataBacked : counters.validated,
        exposure: context.headcount * monthsIn(context.periodType) * periods,
        multiplier: 10,
      };
    case 'loopClosureRate':
      // A rate, not a share: lessons of stopped experiments count too, so it can exceed 1.
      return { model: 'rate', events: counters.learned, exposure: counters.concluded, multiplier: 1 };
    case 'participation':
      return {
        model: 'proportion',
        events: context.participants,
        exposure: context.headcount * periods,
        multiplier: 1,
      };
  }
}

/** A basis's value; null without exposure (a rate over nothing is not zero). */
export function valueOf(basis: MetricBasis): number | null {
  return basis.exposure > 0 ? round((basis.events / basis.exposure) * basis.multiplier) : null;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
