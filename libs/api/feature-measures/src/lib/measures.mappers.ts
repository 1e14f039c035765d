import type { ChangeMomentRow } from '@kaizen/api/data-access-measures';
import type {
  Direction,
  MeasureAnalysis,
  MeasureKind,
  ParsedPoint,
  PhasePlan,
  PointRowProblem,
  RuleId,
} from '@kaizen/shared/domain-measures';
import type {
  ChartAnnotationDto,
  ChartDto,
  ExperimentMeasureDto,
  MeasureDto,
  MeasureUnitType,
  PointDto,
  PointRevisionDto,
  PreviewPointDto,
  RowProblemDto,
} from './measure.dto';
import type {
  ExperimentLinkRow,
  LinkRow,
  MeasureRow,
  PointRow,
  PointValues,
  RevisionRow,
} from './measures.repository';

/** Rows as the API shows them: the one place this feature turns columns into fields. */
export function measureDto(row: MeasureRow): MeasureDto {
  return {
    id: row.id,
    name: row.name,
    unit: row.unit,
    definition: row.definition,
    direction: row.direction as Direction,
    kind: row.kind as MeasureKind,
    multiplier: row.multiplier,
    unitType: row.owner_type as MeasureUnitType,
    teamId: row.team_id,
    departmentId: row.department_id,
    unitName: row.unit_name,
    createdById: row.created_by,
    pointCount: row.point_count ?? 0,
    lastPeriod: row.last_period ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    archivedAt: row.archived_at?.toISOString() ?? null,
    version: row.version,
  };
}

export function pointDto(row: PointRow): PointDto {
  return {
    id: row.id,
    period: row.period,
    value: row.value,
    numerator: row.numerator,
    denominator: row.denominator,
    note: row.note,
    enteredById: row.entered_by,
    enteredByName: row.entered_by_name,
    enteredAt: row.entered_at.toISOString(),
  };
}

/** The stored values of a point row, as a revision records them. */
export const pointValuesOf = (row: PointRow): PointValues => ({
  period: row.period,
  value: row.value,
  numerator: row.numerator,
  denominator: row.denominator,
  note: row.note,
});

export function revisionDto(row: RevisionRow): PointRevisionDto {
  return {
    id: row.id,
    pointId: row.point_id,
    change: row.change as PointRevisionDto['change'],
    source: row.source as PointRevisionDto['source'],
    period: row.period,
    value: row.value,
    numerator: row.numerator,
    denominator: row.denominator,
    note: row.note,
    changedById: row.changed_by,
    changedByName: row.changed_by_name,
    changedAt: row.changed_at.toISOString(),
  };
}

export const previewPointDto = (point: ParsedPoint): PreviewPointDto => ({
  row: point.row,
  period: point.period,
  value: point.value ?? null,
  numerator: point.numerator ?? null,
  denominator: point.denominator ?? null,
  note: point.note,
});

export const rowProblemDto = (problem: PointRowProblem): RowProblemDto => ({
  row: problem.row,
  column: problem.column,
  rule: problem.rule,
  message: problem.message,
});

export function experimentMeasureDto(
  link: ExperimentLinkRow,
  moments: ChangeMomentRow[],
): ExperimentMeasureDto {
  return {
    experimentId: link.experiment_id,
    measureId: link.measure_id,
    measureName: link.measure_name,
    baseline: { from: link.baseline_from, through: link.baseline_through },
    changes: moments.map((m) => ({ period: m.period, label: m.label })),
  };
}

export function annotationDtos(links: LinkRow[], moments: ChangeMomentRow[]): ChartAnnotationDto[] {
  return links.map((link) => ({
    experimentId: link.experiment_id,
    experimentTitle: link.experiment_title,
    baseline: { from: link.baseline_from, through: link.baseline_through },
    changes: moments
      .filter((m) => m.experiment_id === link.experiment_id)
      .map((m) => ({ period: m.period, label: m.label })),
  }));
}

const ruleNames: Record<RuleId, string> = {
  'long-run': 'Unusually long run on one side of the median',
  'few-crossings': 'Too few crossings of the median',
  'beyond-limit': 'A point beyond a control limit',
  shift: 'A shift: 7 or more points on one side of the centre',
  trend: 'A trend: 6 or more points going one way',
  'two-of-three': '2 of 3 points beyond 2σ on the same side',
};

/** JSON has no NaN or Infinity: a limit that cannot be computed (a one-point baseline, say) is null. */
const number = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);
const numbers = (xs: number[]): Array<number | null> => xs.map(number);

export function chartDto(
  measure: MeasureDto,
  analysis: MeasureAnalysis,
  plan: {
    experimentId: string | null;
    baseline: { from: string; through: string } | null;
    phasePlan: PhasePlan;
    recalculations: string[];
  },
  annotations: ChartAnnotationDto[],
): ChartDto {
  return {
    measure,
    periods: analysis.periods,
    values: analysis.values,
    denominators: analysis.denominators,
    changeIndexes: analysis.changes,
    plan: {
      experimentId: plan.experimentId,
      baseline: plan.baseline,
      recalculations: plan.recalculations,
      changes: [...(plan.phasePlan.changes ?? [])],
    },
    run: {
      centre: numbers(analysis.run.centre),
      phases: analysis.run.phases.map((p) => ({
        start: p.start,
        end: p.end,
        calculationEnd: p.calculationEnd,
        median: number(p.median),
        useful: p.useful,
        longestRun: p.longestRun,
        longestRunLimit: p.longestRunLimit,
        crossings: p.crossings,
        minimumCrossings: p.minimumCrossings,
        signal: p.signal,
      })),
    },
    control: {
      type: analysis.control.type,
      centre: numbers(analysis.control.centre),
      upper: numbers(analysis.control.upper),
      lower: numbers(analysis.control.lower),
      upperTwoSigma: numbers(analysis.control.upperTwoSigma),
      lowerTwoSigma: numbers(analysis.control.lowerTwoSigma),
      phases: analysis.control.phases.map((p) => ({
        start: p.start,
        end: p.end,
        calculationEnd: p.calculationEnd,
        centre: number(p.centre),
        meanMovingRange: number(p.meanMovingRange),
        sigmaZ: number(p.sigmaZ),
      })),
    },
    signals: analysis.signals.map((s) => ({
      rule: s.rule,
      ruleName: ruleNames[s.rule],
      chart: s.chart,
      side: s.side,
      class: s.class,
      points: s.points,
      detectedAt: s.detectedAt,
      detectedPeriod: analysis.periods[s.detectedAt],
      phase: s.phase,
    })),
    annotations,
  };
}
