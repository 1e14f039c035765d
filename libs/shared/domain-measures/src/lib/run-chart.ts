import { binomialLowerQuantile5 } from './binomial';
import { classOf, type Direction, type Phase, type Side } from './measure';
import type { Signal } from './signals';

/** Anhøj's limits for `useful` points not on the median: a run longer than `longestRun`, or fewer crossings than `minimumCrossings`, is a signal. */
export function runLimits(useful: number): { longestRun: number; minimumCrossings: number } {
  if (useful < 1) throw new RangeError('run limits need at least one point off the median');
  return {
    longestRun: Math.round(Math.log2(useful) + 3),
    minimumCrossings: binomialLowerQuantile5(useful - 1),
  };
}

export interface RunAnalysis {
  median: number;
  /** Points of the phase not on the median: the n of the rules. */
  useful: number;
  longestRun: number;
  longestRunLimit: number | null;
  crossings: number;
  minimumCrossings: number | null;
  signal: boolean;
}

export interface RunChart {
  centre: number[];
  phases: Array<Phase & RunAnalysis>;
  signals: Signal[];
}

export function median(values: ReadonlyArray<number>): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The run chart of `ys` (sorted by period): per phase, the centre is the median of the phase's calculation points (the
 * baseline), and Anhøj's rules look at every point of the phase. Points on the median neither break nor extend a run.
 */
export function runChart(
  ys: ReadonlyArray<number>,
  phases: ReadonlyArray<Phase>,
  direction: Direction,
): RunChart {
  const centre = new Array<number>(ys.length);
  const analyses: Array<Phase & RunAnalysis> = [];
  const signals: Signal[] = [];
  phases.forEach((phase, phaseIndex) => {
    if (phase.end <= phase.start) return;
    const m = median(ys.slice(phase.start, phase.calculationEnd));
    centre.fill(m, phase.start, phase.end);
    const runs: Array<{ side: Side; points: number[] }> = [];
    for (let i = phase.start; i < phase.end; i++) {
      if (ys[i] === m) continue;
      const side: Side = ys[i] > m ? 'high' : 'low';
      const last = runs[runs.length - 1];
      if (last && last.side === side) last.points.push(i);
      else runs.push({ side, points: [i] });
    }
    const useful = runs.reduce((sum, run) => sum + run.points.length, 0);
    const longestRun = runs.reduce((max, run) => Math.max(max, run.points.length), 0);
    const crossings = Math.max(runs.length - 1, 0);
    if (useful === 0) {
      analyses.push({
        ...phase,
        median: m,
        useful,
        longestRun,
        longestRunLimit: null,
        crossings,
        minimumCrossings: null,
        signal: false,
      });
      return;
    }
    const limits = runLimits(useful);
    for (const run of runs) {
      if (run.points.length <= limits.longestRun) continue;
      signals.push({
        rule: 'long-run',
        chart: 'run',
        side: run.side,
        class: classOf(run.side, direction),
        points: run.points,
        detectedAt: run.points[limits.longestRun],
        phase: phaseIndex,
      });
    }
    if (crossings < limits.minimumCrossings) {
      signals.push({
        rule: 'few-crossings',
        chart: 'run',
        side: null,
        class: 'neutral',
        points: runs.flatMap((run) => run.points),
        detectedAt: phase.end - 1,
        phase: phaseIndex,
      });
    }
    analyses.push({
      ...phase,
      median: m,
      useful,
      longestRun,
      longestRunLimit: limits.longestRun,
      crossings,
      minimumCrossings: limits.minimumCrossings,
      signal: longestRun > limits.longestRun || crossings < limits.minimumCrossings,
    });
  });
  return { centre, phases: analyses, signals };
}
