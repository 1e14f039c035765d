/**
 * What a measure chart shows, as the API's chart endpoint answers it (`ChartDto` fits it). Declared
 * here because a ui library may not import the API client; nothing here is computed, only read.
 */
export type SignalClass = 'improvement' | 'concern' | 'neutral';
export type ChartKind = 'control' | 'run';

export interface MeasureChartSignal {
  readonly chart: ChartKind;
  readonly class: SignalClass;
  readonly rule: string;
  readonly detectedAt: number;
  readonly detectedPeriod: string;
  readonly points: readonly number[];
}

export interface MeasureChartAnnotation {
  readonly experimentId: string;
  readonly experimentTitle: string;
  readonly baseline: { readonly from: string; readonly through: string };
  readonly changes: readonly { readonly period: string; readonly label: string }[];
}

export interface MeasureChartData {
  readonly measure: { readonly name: string; readonly unit: string };
  readonly periods: readonly string[];
  readonly values: readonly number[];
  readonly control: {
    readonly type: string;
    readonly centre: readonly (number | null)[];
    readonly lower: readonly (number | null)[];
    readonly upper: readonly (number | null)[];
  };
  readonly run: { readonly centre: readonly (number | null)[] };
  readonly signals: readonly MeasureChartSignal[];
  readonly annotations: readonly MeasureChartAnnotation[];
}

/** One row of the table beside the chart: a point with its centre and limits, the signals it is part of, the changes that start at it. */
export interface ChartRow {
  readonly period: string;
  readonly value: number;
  readonly centre: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly signals: readonly MeasureChartSignal[];
  readonly changes: readonly string[];
}

/** The first index whose period is at or after `period`; the length when none is. */
export function indexAtOrAfter(periods: readonly string[], period: string): number {
  const index = periods.findIndex((p) => p >= period);
  return index === -1 ? periods.length : index;
}

/** Change moments placed on the points they start at (a change between two periods starts at the next one). */
export function changeMarks(data: MeasureChartData): { index: number; label: string }[] {
  return data.annotations
    .flatMap((annotation) =>
      annotation.changes.map((change) => ({
        index: indexAtOrAfter(data.periods, change.period),
        label: change.label,
      })),
    )
    .filter((mark) => mark.index < data.periods.length);
}

/** The figures of one chart kind, row by row, for the table and the chart alike. */
export function chartRows(data: MeasureChartData, kind: ChartKind): ChartRow[] {
  const signals = data.signals.filter((s) => s.chart === kind);
  const marks = changeMarks(data);
  return data.periods.map((period, i) => ({
    period,
    value: data.values[i],
    centre: (kind === 'control' ? data.control.centre[i] : data.run.centre[i]) ?? null,
    lower: kind === 'control' ? (data.control.lower[i] ?? null) : null,
    upper: kind === 'control' ? (data.control.upper[i] ?? null) : null,
    signals: signals.filter((s) => s.points.includes(i)),
    changes: marks.filter((m) => m.index === i).map((m) => m.label),
  }));
}

/** Signals of one rule and class, told once: how often the rule fired, first and last. */
export interface SignalGroup {
  readonly rule: string;
  readonly class: SignalClass;
  readonly count: number;
  readonly firstPeriod: string;
  readonly lastPeriod: string;
}

/** The signals as a list a person reads: one line per rule and class, in the order they first fired. */
export function signalGroups(signals: readonly MeasureChartSignal[]): SignalGroup[] {
  const groups = new Map<string, SignalGroup>();
  for (const s of [...signals].sort((a, b) => a.detectedAt - b.detectedAt)) {
    const key = `${s.rule}|${s.class}`;
    const group = groups.get(key);
    groups.set(
      key,
      group
        ? { ...group, count: group.count + 1, lastPeriod: s.detectedPeriod }
        : {
            rule: s.rule,
            class: s.class,
            count: 1,
            firstPeriod: s.detectedPeriod,
            lastPeriod: s.detectedPeriod,
          },
    );
  }
  return [...groups.values()];
}
