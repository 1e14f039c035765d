import { classOf, type Direction, type MeasureKind, type Phase, type Side } from './measure';
import type { RuleId, Signal } from './signals';

/** XmR for values, p for proportions, u for rates; Laney's p′ and u′ widen p and u by the between-period variation. */
export type ControlChartType = 'xmr' | 'p' | 'u' | 'p-prime' | 'u-prime';

export const chartTypeOf = (kind: MeasureKind, laney = false): ControlChartType =>
  kind === 'value' ? 'xmr' : kind === 'proportion' ? (laney ? 'p-prime' : 'p') : laney ? 'u-prime' : 'u';

/** 3 / d2, d2 = 1.128 for moving ranges of two: the XmR constant. */
export const XMR_CONSTANT = 2.66;
const D2 = 1.128;

export interface ControlChartInput {
  type: ControlChartType;
  /** The plotted values, sorted by period: values, or numerator ÷ denominator. */
  ys: ReadonlyArray<number>;
  /** Per point, for p and u charts: the denominator (cases, exposure). */
  denominators?: ReadonlyArray<number>;
  phases: ReadonlyArray<Phase>;
  direction: Direction;
}

export interface ControlPhase extends Phase {
  centre: number;
  /** XmR: the mean moving range of the calculation points. */
  meanMovingRange?: number;
  /**
   * p and u charts: Laney's σz, the spread of the calculation points' z-scores (mean moving range ÷ 1.128). Above 1 the
   * points vary more between periods than their denominators explain (overdispersion), and p′/u′ is the fairer chart.
   */
  sigmaZ?: number;
}

/** Per point: centre, 3σ limits and 2σ lines (NaN where they cannot be computed, e.g. a one-point baseline). */
export interface ControlChart {
  type: ControlChartType;
  centre: number[];
  upper: number[];
  lower: number[];
  upperTwoSigma: number[];
  lowerTwoSigma: number[];
  phases: ControlPhase[];
  signals: Signal[];
}

export function controlChart(input: ControlChartInput): ControlChart {
  const { type, ys, phases, direction } = input;
  const n = ys.length;
  const chart: ControlChart = {
    type,
    centre: new Array(n).fill(Number.NaN),
    upper: new Array(n).fill(Number.NaN),
    lower: new Array(n).fill(Number.NaN),
    upperTwoSigma: new Array(n).fill(Number.NaN),
    lowerTwoSigma: new Array(n).fill(Number.NaN),
    phases: [],
    signals: [],
  };
  const denominators = input.denominators ?? [];
  if (type !== 'xmr' && denominators.length !== n)
    throw new RangeError(`a ${type} chart needs one denominator per point`);
  phases.forEach((phase, phaseIndex) => {
    if (phase.end <= phase.start) return;
    const summary: ControlPhase = { ...phase, centre: Number.NaN };
    if (type === 'xmr') {
      let sum = 0;
      let ranges = 0;
      for (let i = phase.start; i < phase.calculationEnd; i++) {
        sum += ys[i];
        if (i > phase.start) ranges += Math.abs(ys[i] - ys[i - 1]);
      }
      const count = phase.calculationEnd - phase.start;
      summary.centre = sum / count;
      summary.meanMovingRange = count > 1 ? ranges / (count - 1) : Number.NaN;
      // σ = mean moving range ÷ d2; written with 2.66 = 3 ÷ d2 so the limits are exactly mean ± 2.66 × mean moving range.
      for (let i = phase.start; i < phase.end; i++)
        setLimits(
          chart,
          i,
          summary.centre,
          (XMR_CONSTANT / 3) * summary.meanMovingRange,
          -Infinity,
          Infinity,
        );
    } else {
      const proportion = type === 'p' || type === 'p-prime';
      let numerator = 0;
      let denominator = 0;
      for (let i = phase.start; i < phase.calculationEnd; i++) {
        numerator += ys[i] * denominators[i];
        denominator += denominators[i];
      }
      const centre = numerator / denominator;
      const unitVariance = proportion ? centre * (1 - centre) : centre;
      // Laney: the z-scores' moving ranges measure the variation between periods that the denominators do not explain.
      let zRanges = 0;
      let previousZ = Number.NaN;
      for (let i = phase.start; i < phase.calculationEnd; i++) {
        const z = (ys[i] - centre) / Math.sqrt(unitVariance / denominators[i]);
        if (i > phase.start) zRanges += Math.abs(z - previousZ);
        previousZ = z;
      }
      const count = phase.calculationEnd - phase.start;
      summary.centre = centre;
      summary.sigmaZ = count > 1 && unitVariance > 0 ? zRanges / (count - 1) / D2 : Number.NaN;
      const widen = type === 'p-prime' || type === 'u-prime' ? summary.sigmaZ : 1;
      for (let i = phase.start; i < phase.end; i++) {
        setLimits(
          chart,
          i,
          centre,
          Math.sqrt(unitVariance / denominators[i]) * widen,
          0,
          proportion ? 1 : Infinity,
        );
      }
    }
    chart.phases.push(summary);
    chart.signals.push(...controlSignals(ys, chart, phase, phaseIndex, direction));
  });
  chart.signals.sort((a, b) => a.detectedAt - b.detectedAt || ruleOrder(a.rule) - ruleOrder(b.rule));
  return chart;
}

function setLimits(
  chart: ControlChart,
  i: number,
  centre: number,
  sigma: number,
  floor: number,
  ceiling: number,
): void {
  chart.centre[i] = centre;
  chart.upper[i] = Math.min(ceiling, centre + 3 * sigma);
  chart.lower[i] = Math.max(floor, centre - 3 * sigma);
  chart.upperTwoSigma[i] = Math.min(ceiling, centre + 2 * sigma);
  chart.lowerTwoSigma[i] = Math.max(floor, centre - 2 * sigma);
}

const ruleOrder = (rule: RuleId) =>
  ['beyond-limit', 'two-of-three', 'shift', 'trend', 'long-run', 'few-crossings'].indexOf(rule);

/** Consecutive points needed for a shift (on one side of the centre) and a trend (each higher, or each lower). */
export const SHIFT_LENGTH = 7;
export const TREND_LENGTH = 6;

/**
 * Making Data Count's rules within one phase. A point on the centre line breaks a shift; an equal neighbour breaks a
 * trend. Two of three: two of three consecutive points beyond the 2σ line on the same side (overlapping windows merge).
 */
export function controlSignals(
  ys: ReadonlyArray<number>,
  limits: Pick<ControlChart, 'centre' | 'upper' | 'lower' | 'upperTwoSigma' | 'lowerTwoSigma'>,
  phase: Phase,
  phaseIndex: number,
  direction: Direction,
): Signal[] {
  const signals: Signal[] = [];
  const signal = (rule: RuleId, side: Side, points: number[], detectedAt: number): Signal => ({
    rule,
    chart: 'control',
    side,
    class: classOf(side, direction),
    points,
    detectedAt,
    phase: phaseIndex,
  });
  const { start, end } = phase;

  for (let i = start; i < end; i++) {
    if (ys[i] > limits.upper[i]) signals.push(signal('beyond-limit', 'high', [i], i));
    else if (ys[i] < limits.lower[i]) signals.push(signal('beyond-limit', 'low', [i], i));
  }

  let runSide: Side | null = null;
  let runStart = start;
  const closeRun = (at: number) => {
    if (runSide && at - runStart >= SHIFT_LENGTH)
      signals.push(signal('shift', runSide, range(runStart, at), runStart + SHIFT_LENGTH - 1));
  };
  for (let i = start; i < end; i++) {
    const side: Side | null = ys[i] > limits.centre[i] ? 'high' : ys[i] < limits.centre[i] ? 'low' : null;
    if (side !== runSide) {
      closeRun(i);
      runSide = side;
      runStart = i;
    }
  }
  closeRun(end);

  let trendSide: Side | null = null;
  let trendStart = start;
  const closeTrend = (at: number) => {
    if (trendSide && at - trendStart >= TREND_LENGTH)
      signals.push(signal('trend', trendSide, range(trendStart, at), trendStart + TREND_LENGTH - 1));
  };
  for (let i = start + 1; i < end; i++) {
    const side: Side | null = ys[i] > ys[i - 1] ? 'high' : ys[i] < ys[i - 1] ? 'low' : null;
    if (side !== trendSide) {
      closeTrend(i);
      trendSide = side;
      trendStart = i - 1;
    }
  }
  closeTrend(end);

  for (const side of ['high', 'low'] as const) {
    const beyond = (i: number) =>
      side === 'high' ? ys[i] > limits.upperTwoSigma[i] : ys[i] < limits.lowerTwoSigma[i];
    let current: Signal | null = null;
    for (let i = start; i + 2 < end; i++) {
      const flagged = [i, i + 1, i + 2].filter(beyond);
      if (flagged.length < 2) continue;
      if (current && i <= current.points[current.points.length - 1]) {
        for (const p of flagged) if (!current.points.includes(p)) current.points.push(p);
        current.points.sort((a, b) => a - b);
      } else {
        current = signal('two-of-three', side, flagged, flagged[1]);
        signals.push(current);
      }
    }
  }
  return signals;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, k) => from + k);
}
