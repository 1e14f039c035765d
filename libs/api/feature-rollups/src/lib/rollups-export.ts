import { Injectable } from '@nestjs/common';
import { AuditLog } from '@kaizen/api/data-access-auth';
import type { ComparisonDto, RollupSeriesDto } from './rollups.dto';
import { RollupsService } from './rollups.service';

/** Roll-ups as CSV, each export audited. */
@Injectable()
export class RollupsExport {
  constructor(
    private readonly rollups: RollupsService,
    private readonly audit: AuditLog,
  ) {}

  async series(series: RollupSeriesDto): Promise<string> {
    await this.audit.record({
      action: 'rollup.exported',
      details: { level: series.level, unitId: series.unitId, periodType: series.periodType },
    });
    return this.rollups.seriesCsv(series);
  }

  async comparison(comparison: ComparisonDto): Promise<string> {
    await this.audit.record({
      action: 'rollup.exported',
      details: { level: 'comparison', metric: comparison.metric, periodType: comparison.periodType },
    });
    return this.rollups.comparisonCsv(comparison);
  }
}
