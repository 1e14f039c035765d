import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { Actor } from '@kaizen/api/data-access-auth';
import { toCsv } from '@kaizen/api/util-core';
import {
  metricsOf,
  metricNames,
  periodStart,
  rankGroups,
  shiftPeriod,
  SMALL_GROUP,
  countersFrom,
  counterNames,
  metricInputs,
  type Level,
  type MetricName,
  type PeriodType,
} from '@kaizen/shared/domain-learning';
import type { ComparisonDto, RollupSeriesDto } from './rollups.dto';
import { comparisonOf, unitSeriesOf, type StoredRollup } from './rollups.mappers';
import { RollupsRepository } from './rollups.repository';

const lowerIsBetter: MetricName[] = ['learningVelocityDays', 'approvalLeadTimeHours'];

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

  /** Departments side by side on one metric; groups under five are shown, flagged, and never ranked. */
  async comparison(
    _actor: Actor,
    metric: MetricName = 'improvementRate',
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
      const trend = periods.map((start) => {
        const row = stored.get(`${department.id}|${start}`);
        return metricsOf(countersFrom(row?.counters), {
          headcount,
          participants: participantsNow(row?.participants, headcount),
          periodType,
          headline,
        })[metric];
      });
      return { department, headcount, trend, value: trend[trend.length - 1] };
    });
    const ranked = rankGroups(
      rows,
      (r) => r.value,
      (r) => r.headcount,
      lowerIsBetter.includes(metric),
    );
    return {
      metric,
      periodType,
      periods,
      departments: ranked.map(({ item, rank, smallGroup }) => ({
        departmentId: item.department.id,
        name: item.department.name,
        headcount: item.headcount,
        smallGroup,
        rank,
        value: item.value,
        trend: item.trend,
      })),
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
        'rank',
        comparison.metric,
        ...comparison.periods.map((p) => `${comparison.metric}_${p}`),
      ],
      comparison.departments.map((d) => [d.name, d.headcount, d.smallGroup, d.rank, d.value, ...d.trend]),
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
