import { chartTypeOf, controlChart, type ControlChart } from './control-chart';
import {
  firstIndexAtOrAfter,
  observed,
  phasesOf,
  type DataPoint,
  type Measure,
  type PhasePlan,
} from './measure';
import { runChart, type RunChart } from './run-chart';
import type { Signal } from './signals';

/**
 * A measure's run chart and control chart with their signals, as the API serves them and the web draws them: one
 * computation for both. Points without a usable value are left out; indexes refer to `periods`.
 */
export interface MeasureAnalysis {
  periods: string[];
  /** Plotted values, scaled by the measure's multiplier. */
  values: number[];
  /** Per point, for proportions and rates. */
  denominators: number[] | null;
  /** Index of the first point at or after each change moment, in the plan's order (the series' length when none is yet). */
  changes: number[];
  run: RunChart;
  control: ControlChart;
  /** Both charts' signals, by the point at which each was detected. */
  signals: Signal[];
}

export interface AnalysisOptions {
  /** Laney's p′/u′ instead of p/u (for large denominators with overdispersion). */
  laney?: boolean;
}

export function analyseMeasure(
  measure: Measure,
  points: ReadonlyArray<DataPoint>,
  plan: PhasePlan = {},
  options: AnalysisOptions = {},
): MeasureAnalysis {
  const usable = points
    .map((point) => ({ point, y: observed(measure.kind, point) }))
    .filter((p): p is { point: DataPoint; y: number } => p.y !== null)
    .sort((a, b) => (a.point.period < b.point.period ? -1 : a.point.period > b.point.period ? 1 : 0));
  const periods = usable.map((p) => p.point.period);
  const ys = usable.map((p) => p.y);
  const denominators = measure.kind === 'value' ? null : usable.map((p) => p.point.denominator as number);
  const phases = phasesOf(periods, plan);
  const run = runChart(ys, phases, measure.direction);
  const control = controlChart({
    type: chartTypeOf(measure.kind, options.laney),
    ys,
    denominators: denominators ?? undefined,
    phases,
    direction: measure.direction,
  });
  const scale = measure.multiplier ?? 1;
  const scaled = (values: number[]) => (scale === 1 ? values : values.map((v) => v * scale));
  return {
    periods,
    values: scaled(ys),
    denominators,
    changes: (plan.changes ?? []).map((change) => firstIndexAtOrAfter(periods, change)),
    run: {
      ...run,
      centre: scaled(run.centre),
      phases: run.phases.map((p) => ({ ...p, median: p.median * scale })),
    },
    control: {
      ...control,
      centre: scaled(control.centre),
      upper: scaled(control.upper),
      lower: scaled(control.lower),
      upperTwoSigma: scaled(control.upperTwoSigma),
      lowerTwoSigma: scaled(control.lowerTwoSigma),
      phases: control.phases.map((p) => ({
        ...p,
        centre: p.centre * scale,
        ...(p.meanMovingRange === undefined ? {} : { meanMovingRange: p.meanMovingRange * scale }),
      })),
    },
    signals: [...control.signals, ...run.signals].sort((a, b) => a.detectedAt - b.detectedAt),
  };
}
