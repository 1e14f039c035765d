import { analyseMeasure, type MeasureAnalysis } from './analysis';
import { firstIndexAtOrAfter, type DataPoint, type Measure, type PhasePlan, type Side } from './measure';
import type { Signal } from './signals';

export const decisions = ['adopt', 'adapt', 'abandon'] as const;
export type Decision = (typeof decisions)[number];

/** What a proposal expects of its measure: which way it moves, by how much (in the chart's unit), and by which period. */
export interface Prediction {
  direction: 'increase' | 'decrease';
  size?: number | null;
  by?: string | null;
}

/**
 * The rule the approver approves with the time and money: adopt when a signal in the predicted direction appears within
 * `withinPeriods` periods from the change (and by the prediction's date); abandon when none does; adapt otherwise (a
 * signal smaller than predicted, or signals both ways). A team may map the outcomes and word them its own way.
 */
export interface DecisionRule {
  withinPeriods: number;
  onSignal?: Decision;
  onNoSignal?: Decision;
  otherwise?: Decision;
  wording?: Partial<Record<Decision, string>>;
}

export type DecisionReason =
  | { code: 'waiting-for-data'; periodsObserved: number; periodsNeeded: number }
  | { code: 'signal'; signal: Signal; effect: number }
  | { code: 'smaller-than-predicted'; signal: Signal; effect: number; predicted: number }
  | { code: 'signals-both-ways'; signal: Signal; opposing: Signal }
  | { code: 'opposite-signal'; opposing: Signal; periodsObserved: number }
  | { code: 'no-signal'; periodsObserved: number };

/** The decision the data propose (null while the window is still open without a signal), its wording and its reason. */
export interface ProposedDecision {
  decision: Decision | null;
  wording: string | null;
  reason: DecisionReason;
}

/**
 * Evaluates a decision rule against a measure's analysis and the change's period. A signal counts when the point at
 * which it was detected lies in the window; its class on the chart (improvement or concern) follows the measure, the
 * rule follows the prediction. The effect is the window's mean minus the centre the change is judged against, signed
 * so that a move in the predicted direction is positive.
 */
export function evaluateDecisionRule(
  analysis: MeasureAnalysis,
  change: string,
  prediction: Prediction,
  rule: DecisionRule,
): ProposedDecision {
  if (!Number.isInteger(rule.withinPeriods) || rule.withinPeriods < 1)
    throw new RangeError('withinPeriods must be a whole number of at least 1');
  const { periods, values, control } = analysis;
  const from = firstIndexAtOrAfter(periods, change);
  const byEnd = prediction.by ? firstIndexAtOrAfter(periods, prediction.by, true) : Infinity;
  const to = Math.min(from + rule.withinPeriods, periods.length, byEnd);
  const periodsObserved = Math.max(0, to - from);
  const windowClosed =
    from + rule.withinPeriods <= periods.length ||
    (prediction.by != null && periods.length > 0 && periods[periods.length - 1] >= prediction.by);
  const expected: Side = prediction.direction === 'increase' ? 'high' : 'low';
  const inWindow = analysis.signals.filter(
    (s) => s.side !== null && s.detectedAt >= from && s.detectedAt < to,
  );
  const supporting = inWindow.find((s) => s.side === expected);
  const opposing = inWindow.find((s) => s.side !== expected);
  const propose = (decision: Decision, reason: DecisionReason): ProposedDecision => ({
    decision,
    wording: rule.wording?.[decision] ?? null,
    reason,
  });

  if (supporting) {
    let sum = 0;
    for (let i = from; i < to; i++) sum += values[i];
    const effect = (expected === 'high' ? 1 : -1) * (sum / periodsObserved - control.centre[from]);
    if (prediction.size != null && effect < prediction.size) {
      return propose(rule.otherwise ?? 'adapt', {
        code: 'smaller-than-predicted',
        signal: supporting,
        effect,
        predicted: prediction.size,
      });
    }
    if (opposing)
      return propose(rule.otherwise ?? 'adapt', { code: 'signals-both-ways', signal: supporting, opposing });
    return propose(rule.onSignal ?? 'adopt', { code: 'signal', signal: supporting, effect });
  }
  if (!windowClosed)
    return {
      decision: null,
      wording: null,
      reason: { code: 'waiting-for-data', periodsObserved, periodsNeeded: rule.withinPeriods },
    };
  if (opposing)
    return propose(rule.onNoSignal ?? 'abandon', { code: 'opposite-signal', opposing, periodsObserved });
  return propose(rule.onNoSignal ?? 'abandon', { code: 'no-signal', periodsObserved });
}

/** An improvement is data-backed when its measure shows an improvement signal detected at or after the change. */
export function isDataBackedImprovement(
  analysis: Pick<MeasureAnalysis, 'periods' | 'signals'>,
  change: string,
): boolean {
  const from = firstIndexAtOrAfter(analysis.periods, change);
  return analysis.signals.some((s) => s.class === 'improvement' && s.detectedAt >= from);
}

/**
 * The plan an experiment's measure is judged by: the baseline is a phase of its own from its first period (so points
 * before it do not move its limits), then any chosen recalculations; the change moments are annotations.
 */
export function judgedPlan(
  baseline: { from: string; through: string } | null,
  changes: ReadonlyArray<string>,
  recalculations: ReadonlyArray<string>,
): PhasePlan {
  return {
    recalculations: [
      ...(baseline ? [{ from: baseline.from, through: baseline.through }] : []),
      ...recalculations.map((from) => ({ from })),
    ],
    changes: [...changes],
  };
}

/** An experiment's measure analysed as it is judged: against the experiment's baseline, with its change moments. */
export interface Evidence {
  analysis: MeasureAnalysis;
  /** The first change moment, from which a signal counts; null while none is marked. */
  change: string | null;
  /** An improvement signal after the change: what makes an improvement data-backed. */
  signalAfterChange: boolean;
}

export function judgeEvidence(
  measure: Measure,
  points: ReadonlyArray<DataPoint>,
  baseline: { from: string; through: string },
  changes: ReadonlyArray<string>,
): Evidence {
  const analysis = analyseMeasure(measure, points, judgedPlan(baseline, changes, []));
  const change = changes[0] ?? null;
  return {
    analysis,
    change,
    signalAfterChange: change !== null && isDataBackedImprovement(analysis, change),
  };
}

/**
 * A team's decision departs from its rule when it differs from the decision the data propose, or comes while the rule
 * still waits for data: either way the approver reviews it before the lesson counts as a validated improvement.
 */
export function departsFromRule(proposed: Decision | null, decided: Decision): boolean {
  return proposed !== decided;
}
