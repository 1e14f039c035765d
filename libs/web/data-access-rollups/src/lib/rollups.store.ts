import { Injectable, inject, signal } from '@angular/core';
import { Api, LoadState } from '@kaizen/web/data-access-api';
import {
  ComparisonDto,
  RollupSeriesDto,
  compareDepartments,
  exportDepartmentComparison,
  exportDepartmentRollup,
  exportOrganisationRollup,
  exportTeamRollup,
  getDepartmentRollup,
  getOrganisationRollup,
  getTeamRollup,
} from '@kaizen/web/data-access-api/operations';
import { ProgressBandsDto, getProgressBands } from '@kaizen/web/data-access-api/programmes';

export type Period = 'week' | 'month' | 'quarter' | 'year';
export type ComparisonMetric = ComparisonDto['metric'];

/** Which dashboard: the organisation, one department (with its sub-departments) or one team. */
export type RollupScope = { level: 'organisation' } | { level: 'department' | 'team'; id: string };

/**
 * Roll-up series and the department comparison, read only from the API's roll-up routes; and, for the organisation or
 * a department, how many programmes stand in each progress band.
 */
@Injectable({ providedIn: 'root' })
export class RollupsStore {
  private readonly api = inject(Api);

  private readonly seriesState = signal<RollupSeriesDto | null>(null);
  private readonly comparisonState = signal<ComparisonDto | null>(null);
  private readonly bandsState = signal<ProgressBandsDto | null>(null);
  private readonly state = new LoadState();

  readonly series = this.seriesState.asReadonly();
  readonly comparison = this.comparisonState.asReadonly();
  readonly bands = this.bandsState.asReadonly();
  readonly loading = this.state.loading;
  readonly loaded = this.state.loaded;
  readonly error = this.state.error;

  async load(
    scope: RollupScope,
    period: Period,
    count: number,
    metric: ComparisonMetric | null,
  ): Promise<void> {
    await this.state.track(async () => {
      const [series, comparison, bands] = await Promise.all([
        scope.level === 'organisation'
          ? this.api.invoke(getOrganisationRollup, { period, count })
          : scope.level === 'department'
            ? this.api.invoke(getDepartmentRollup, { id: scope.id, period, count })
            : this.api.invoke(getTeamRollup, { id: scope.id, period, count }),
        metric ? this.api.invoke(compareDepartments, { period, count, metric }) : Promise.resolve(null),
        scope.level === 'team'
          ? Promise.resolve(null)
          : this.api.invoke(getProgressBands, scope.level === 'department' ? { departmentId: scope.id } : {}),
      ]);
      this.seriesState.set(series);
      this.comparisonState.set(comparison);
      this.bandsState.set(bands);
    });
  }

  /** The CSV of a dashboard, as the API writes it. */
  exportCsv(scope: RollupScope, period: Period, count: number): Promise<string> {
    if (scope.level === 'organisation') return this.api.invoke(exportOrganisationRollup, { period, count });
    if (scope.level === 'department')
      return this.api.invoke(exportDepartmentRollup, { id: scope.id, period, count });
    return this.api.invoke(exportTeamRollup, { id: scope.id, period, count });
  }

  exportComparisonCsv(period: Period, count: number, metric: ComparisonMetric): Promise<string> {
    return this.api.invoke(exportDepartmentComparison, { period, count, metric });
  }
}
