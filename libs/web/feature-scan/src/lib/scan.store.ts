import { Injectable, inject, signal } from '@angular/core';
import { allPages, Api, LoadState } from '@kaizen/web/data-access-api';
import {
  ComparisonDto,
  DepartmentDto,
  InstrumentDto,
  OpenScanDto,
  ScanDetailDto,
  ScanDto,
  ScanResultsDto,
  ScanSettingsDto,
  TrendDto,
  addScanStatement,
  answerScan,
  closeScan,
  compareDepartments,
  getScan,
  getScanInstrument,
  getScanResults,
  getScanSettings,
  getScanTrend,
  listDepartments,
  listScans,
  openScan,
  remindScan,
  updateScanSettings,
} from '@kaizen/web/data-access-api/scans';

/** The roll-up figures shown beside each department's learning culture. */
export const OUTCOME_METRICS = ['improvementRate', 'loopClosureRate', 'participation'] as const;
export type OutcomeMetric = (typeof OUTCOME_METRICS)[number];

/** Scans over the generated client: what the pages read, and the few things they change. */
@Injectable({ providedIn: 'root' })
export class ScanStore {
  private readonly api = inject(Api);

  readonly scans = signal<ScanDto[]>([]);
  readonly scan = signal<ScanDetailDto | null>(null);
  readonly results = signal<ScanResultsDto | null>(null);
  readonly trend = signal<TrendDto | null>(null);
  readonly outcomes = signal<Partial<Record<OutcomeMetric, ComparisonDto>>>({});
  readonly settings = signal<ScanSettingsDto | null>(null);
  readonly instrument = signal<InstrumentDto | null>(null);
  readonly departments = signal<DepartmentDto[]>([]);
  private readonly state = new LoadState();
  readonly loading = this.state.loading;
  readonly error = this.state.error;

  async loadList(manage: boolean, results: boolean): Promise<void> {
    await this.state.track(async () => {
      const [scans, departments, instrument, settings] = await Promise.all([
        allPages((page) => this.api.invoke(listScans, page)),
        manage ? allPages((page) => this.api.invoke(listDepartments, page)) : Promise.resolve([]),
        manage ? this.api.invoke(getScanInstrument) : Promise.resolve(null),
        results ? this.api.invoke(getScanSettings) : Promise.resolve(null),
      ]);
      this.scans.set(scans);
      this.departments.set(departments.filter((d) => !d.archivedAt));
      this.instrument.set(instrument);
      this.settings.set(settings);
    });
  }

  async loadScan(id: string): Promise<void> {
    this.scan.set(null);
    await this.state.track(async () => this.scan.set(await this.api.invoke(getScan, { id })));
  }

  /** A closed scan's results, with the roll-up figures of the departments beside them. */
  async loadResults(id: string): Promise<void> {
    this.results.set(null);
    await this.state.track(async () => {
      this.results.set(await this.api.invoke(getScanResults, { id }));
      const outcomes: Partial<Record<OutcomeMetric, ComparisonDto>> = {};
      for (const metric of OUTCOME_METRICS)
        outcomes[metric] = await this.api.invoke(compareDepartments, { metric, period: 'quarter', count: 4 });
      this.outcomes.set(outcomes);
    });
  }

  async loadTrend(group: string): Promise<void> {
    this.trend.set(null); // never show one group's trend under another's name
    await this.state.track(async () => this.trend.set(await this.api.invoke(getScanTrend, { group })));
  }

  answer(id: string, answers: Record<string, number>, comment: string | null): Promise<void> {
    return this.api.invoke(answerScan, { id, body: { answers, ...(comment ? { comment } : {}) } });
  }

  open(body: OpenScanDto): Promise<ScanDetailDto> {
    return this.api.invoke(openScan, { body });
  }

  remind(id: string): Promise<{ round: number }> {
    return this.api.invoke(remindScan, { id });
  }

  close(id: string): Promise<ScanDto> {
    return this.api.invoke(closeScan, { id });
  }

  setThreshold(minResponses: number): Promise<ScanSettingsDto> {
    return this.api.invoke(updateScanSettings, { body: { minResponses } });
  }

  addStatement(body: { dimension: string; en: string; nl: string }): Promise<InstrumentDto> {
    return this.api.invoke(addScanStatement, {
      body: body as Parameters<typeof addScanStatement>[2]['body'],
    });
  }
}
