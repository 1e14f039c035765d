import { Injectable } from '@nestjs/common';
import { AuditLog } from '@kaizen/api/data-access-auth';
import { toCsv } from '@kaizen/api/util-core';
import { metricNames } from '@kaizen/shared/domain-learning';
import type { ComparisonDto, RollupSeriesDto } from './rollups.dto';

/** Roll-ups as CSV; each export is audited. */
@Injectable()
export class RollupsExport {
  constructor(private readonly audit: AuditLog) {}

  async seriesCsv(series: RollupSeriesDto): Promise<string> {
    await this.audit.record({
      action: 'rollup.exported',
      details: { level: series.level, unitId: series.unitId, periodType: series.periodType },
    });
    return toCsv(
      ['period_start', ...metricNames],
      series.series.map((p) => [p.periodStart, ...metricNames.map((m) => p.metrics[m])]),
    );
  }

  async comparisonCsv(comparison: ComparisonDto): Promise<string> {
    await this.audit.record({
      action: 'rollup.exported',
      details: { level: 'comparison', metric: comparison.metric, periodType: comparison.periodType },
    });
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
}
