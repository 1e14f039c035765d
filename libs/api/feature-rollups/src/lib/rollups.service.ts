import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { Actor } from '@kaizen/api/data-access-auth';
import { toCsv } from '@kaizen/api/util-core';
import {
  metricsOf,
  metricNames,
  metricBasis,
  periodStart,
  shiftPeriod,
  SMALL_GROUP,
  countersFrom,
  counterNames,
  emptyCounters,
  metricInputs,
  sumCounters,
  type ComparableMetric,
  type Level,
  type PeriodType,
  valueOf,
} from '@kaizen/shared/domain-learning';
import { funnelPlot } from '@kaizen/shared/domain-measures';
import type { ComparisonDto, RollupSeriesDto } from './rollups.dto';
import { comparisonOf, unitSeriesOf, type StoredRollup } from './rollups.mappers';
import { RollupsRepository } from './rollups.repository';

/**
 * Participants are counted where people were placed at the last fold or recompute, the headcount is
 * today's: after someone leaves, a share could pass 1 until the next recompute, so it stops there.
 */
const participantsNow = (participants: number | undefined, headcount: number) =>
  Math.min(participants ?? 0, headcount);

/** Keeps roll-ups current and answers dashboards from them alone. Runs inside a tenant transaction. */
@Injectable()
export class RollupsService {
  constructor(private readonly rollups: RollupsRepository) {}

  /**
   * Folds one event in, once; false when it is not one roll-ups count or was counted already.
   * The fold is one SQL statement (`RollupsRepository.fold`) that this and `recompute` share: the recompute
   * must group millions of events, which PostgreSQL does in one pass, so that is where the fold is defined.
   */
  async apply(eventId: string): Promise<boolean> {
    await this.rollups.lock();
    return this.rollups.applyEvent(eventId);
  }

  /** Rebuilds every roll-up of the organisation from its event log, in the database: the same fold over every event. */
  async recompute(): Promise<number> {
    await this.rollups.lock();
    await this.rollups.clear();
    await this.rollups.refreshHeadcounts();
    return this.rollups.applyAll();
  }

  async series(
    actor: Actor,
    level: Level,
    unitId: string,
    periodType: PeriodType = 'month',
    count = 12,
  ): Promise<RollupSeriesDto> {
    if (level === 'organisation' && unitId !== actor.organisationId)
      throw new NotFoundException('No such organisation');
    // One transaction is one connection: its queries run one after another, so the unit and its rows come in one read.
    const row = await this.rollups.unitSeries(
      level,
      unitId,
      periodType,
      this.earliestStart(periodType, count),
    );
    if (!row) throw new NotFoundException(`No such ${level} in this organisation`);
    if (
      level === 'member' &&
      unitId !== actor.membershipId &&
      !(await this.rollups.managesMember(actor.membershipId, unitId))
    ) {
      throw new ForbiddenException(
        'Individual figures are for the person, their team leads and their department heads',
      );
    }
    const unit = unitSeriesOf(row);
    const { headcount } = unit;
    const periods = this.periods(periodType, count, unit.timeZone);
    const byPeriod = new Map(unit.rows.map((r) => [r.periodStart, r]));
    return {
      level,
      unitId,
      unitName: unit.name,
      periodType,
      headline: unit.headline,
      headcount,
      smallGroup: level !== 'member' && headcount < SMALL_GROUP,
      series: periods.map((start) => ({
        periodStart: start,
        metrics: metricsOf(countersFrom(byPeriod.get(start)?.counters), {
          headcount,
          participants: participantsNow(byPeriod.get(start)?.participants, headcount),
          periodType,
          headline: unit.headline,
        }),
      })),
    };
  }

  /**
   * Departments on a funnel plot of one metric over the window: each against the organisation's rate, with limits
   * that narrow as exposure grows, so a small department is not called worst for its noise. Never ranked; groups
   * under five are flagged.
   */
  async comparison(
    _actor: Actor,
    metric: ComparableMetric = 'improvementRate',
    periodType: PeriodType = 'quarter',
    count = 4,
  ): Promise<ComparisonDto> {
    // One read for the whole organisation, however many departments it has.
    const needed: ReadonlyArray<string> = metricInputs[metric];
    const omit = [...counterNames, 'velocityDays'].filter((name) => !needed.includes(name));
    const { timeZone, headline, departments, rollups } = comparisonOf(
      await this.rollups.comparison(periodType, this.earliestStart(periodType, count), omit),
    );
    const periods = this.periods(periodType, count, timeZone);
    const stored = new Map<string, StoredRollup>();
    for (const row of rollups) stored.set(`${row.unitId}|${row.periodStart}`, row);
    const rows = departments.map((department) => {
      const { headcount } = department;
      const window = periods.map((start) => stored.get(`${department.id}|${start}`));
      const contextOf = (row: StoredRollup | undefined) => ({
        headcount,
        participants: participantsNow(row?.participants, headcount),
        periodType,
        headline,
      });
      // The one metric shown, as `metricsOf` computes it, without the other nineteen.
      const trend = window.map((row) =>
        valueOf(metricBasis(metric, countersFrom(row?.counters), contextOf(row))),
      );
      const basis = metricBasis(metric, sumCounters(window.map((row) => row?.counters)), {
        ...contextOf(undefined),
        participants: window.reduce((sum, row) => sum + contextOf(row).participants, 0),
        periods: periods.length,
      });
      return { department, basis, trend };
    });
    // The metric's model and scale do not depend on the figures.
    const { model, multiplier } = metricBasis(metric, emptyCounters(), {
      headcount: 0,
      participants: 0,
      periodType,
      headline,
    });
    const plot = funnelPlot(
      model,
      rows.map(({ department, basis }) => ({
        id: department.id,
        events: basis.events,
        exposure: basis.exposure,
        size: department.headcount,
      })),
      { multiplier },
    );
    return {
      metric,
      periodType,
      periods,
      headline,
      funnel: {
        model: plot.model,
        target: plot.target,
        phi: plot.phi,
        overdispersionApplied: plot.overdispersionApplied,
        multiplier: plot.multiplier,
      },
      departments: rows.map(({ department, trend }, i) => {
        const point = plot.units[i];
        return {
          departmentId: department.id,
          name: department.name,
          headcount: department.headcount,
          smallGroup: point.smallGroup,
          events: point.events,
          exposure: point.exposure,
          value: point.value,
          limits: point.limits,
          position: point.position,
          beyond998: point.beyond998,
          trend,
        };
      }),
    };
  }

  seriesCsv(series: RollupSeriesDto): string {
    return toCsv(
      ['period_start', ...metricNames],
      series.series.map((p) => [p.periodStart, ...metricNames.map((m) => p.metrics[m])]),
    );
  }

  comparisonCsv(comparison: ComparisonDto): string {
    return toCsv(
      [
        'department',
        'n',
        'small_group',
        comparison.metric,
        'events',
        'exposure',
        'lower_95',
        'upper_95',
        'lower_99_8',
        'upper_99_8',
        'position',
        ...comparison.periods.map((p) => `${comparison.metric}_${p}`),
      ],
      comparison.departments.map((d) => [
        d.name,
        d.headcount,
        d.smallGroup,
        d.value,
        d.events,
        d.exposure,
        d.limits?.lower95 ?? null,
        d.limits?.upper95 ?? null,
        d.limits?.lower998 ?? null,
        d.limits?.upper998 ?? null,
        d.position,
        ...d.trend,
      ]),
    );
  }

  /**
   * A start no later than the first of the last `count` periods in any time zone, known before the
   * organisation's zone is read: local dates are at most a day from UTC's. Rows before the first period
   * are read and ignored; the periods themselves come from `periods` once the zone is known.
   */
  private earliestStart(periodType: PeriodType, count: number): string {
    return shiftPeriod(
      periodStart(new Date(Date.now() - 86_400_000), periodType, 'UTC'),
      periodType,
      1 - count,
    );
  }

  private periods(periodType: PeriodType, count: number, timeZone: string): string[] {
    const current = periodStart(new Date(), periodType, timeZone);
    return Array.from({ length: count }, (_, i) => shiftPeriod(current, periodType, i - count + 1));
  }
}
