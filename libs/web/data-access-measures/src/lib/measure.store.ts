import { Injectable, computed, inject, signal } from '@angular/core';
import { Api, LoadState } from '@kaizen/web/data-access-api';
import {
  ChartDto,
  MeasureDto,
  PointImportResultDto,
  PointInputDto,
  addMeasurePoint,
  getMeasure,
  getMeasureChart,
  importMeasurePoints,
  putMeasurePoints,
} from '@kaizen/web/data-access-api/measures';

/**
 * One measure and its chart as the API analysed it (centre, limits, signals, annotations): the web
 * shows that analysis and never computes signals itself. Provided per page.
 */
@Injectable()
export class MeasureStore {
  private readonly api = inject(Api);
  private readonly measureState = signal<MeasureDto | null>(null);
  private readonly chartState = signal<ChartDto | null>(null);
  private readonly laneyState = signal(false);
  private id: string | null = null;

  readonly state = new LoadState();
  readonly measure = this.measureState.asReadonly();
  readonly chart = this.chartState.asReadonly();
  /** Whether the p or u chart is read with Laney's p′/u′ limits. */
  readonly laney = this.laneyState.asReadonly();
  /** The API reports σz above 1 on a p or u chart: overdispersed, so p′/u′ is worth offering. */
  readonly overdispersed = computed(() =>
    (this.chartState()?.control.phases ?? []).some((phase) => (phase.sigmaZ ?? 0) > 1),
  );

  load(id: string): Promise<boolean> {
    if (this.id !== id) {
      this.measureState.set(null);
      this.chartState.set(null);
    }
    this.id = id;
    return this.state.track(() => this.reload(id));
  }

  /** Reads the chart again with or without Laney's adjustment. */
  useLaney(on: boolean): Promise<boolean> {
    this.laneyState.set(on);
    const id = this.current();
    return this.state.track(async () => {
      const chart = await this.api.invoke(getMeasureChart, this.chartParams(id));
      if (this.id === id) this.chartState.set(chart);
    });
  }

  /** Adds one point and reads the chart again. */
  async addPoint(point: PointInputDto): Promise<void> {
    const id = this.current();
    await this.api.invoke(addMeasurePoint, { id, body: point });
    await this.reload(id);
  }

  /**
   * Stores a grid of points as a whole (the API refuses it all when any row is wrong, naming `points.3.value`) and
   * reads the chart again. A period the measure has gets the new values, kept as a revision.
   */
  async putPoints(points: PointInputDto[]): Promise<void> {
    const id = this.current();
    await this.api.invoke(putMeasurePoints, { id, body: { points } });
    await this.reload(id);
  }

  /** Checks a CSV and answers what would be imported and every row-level problem; stores nothing. */
  preview(csv: string): Promise<PointImportResultDto> {
    return this.api.invoke(importMeasurePoints, { id: this.current(), body: { csv, dryRun: true } });
  }

  /** Imports a CSV as a whole (the API refuses a file with any problem) and reads the chart again. */
  async import(csv: string): Promise<PointImportResultDto> {
    const id = this.current();
    const result = await this.api.invoke(importMeasurePoints, { id, body: { csv } });
    await this.reload(id);
    return result;
  }

  private async reload(id: string): Promise<void> {
    const [measure, chart] = await Promise.all([
      this.api.invoke(getMeasure, { id }),
      this.api.invoke(getMeasureChart, this.chartParams(id)),
    ]);
    if (this.id !== id) return;
    this.measureState.set(measure);
    this.chartState.set(chart);
  }

  private chartParams(id: string): { id: string; laney?: boolean } {
    return this.laneyState() ? { id, laney: true } : { id };
  }

  private current(): string {
    if (!this.id) throw new Error('MeasureStore: load a measure first');
    return this.id;
  }
}
