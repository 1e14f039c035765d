import { Injectable, inject, signal } from '@angular/core';
import { Api, LoadState } from '@kaizen/web/data-access-api';
import {
  ChartDto,
  ExperimentMeasureDto,
  ExperimentMeasureInputDto,
  MeasureDto,
  getExperimentMeasure,
  getMeasureChart,
  listMeasures,
  setExperimentMeasure,
} from '@kaizen/web/data-access-api/measures';

/**
 * The measure an experiment is judged by: the link (baseline and change moments), the chart judged
 * against this experiment's baseline, and the measures one may link. Provided per page.
 */
@Injectable()
export class ExperimentMeasureStore {
  private readonly api = inject(Api);
  private readonly linkState = signal<ExperimentMeasureDto | null>(null);
  private readonly chartState = signal<ChartDto | null>(null);
  private readonly choicesState = signal<readonly MeasureDto[]>([]);
  private experimentId: string | null = null;

  readonly state = new LoadState();
  readonly link = this.linkState.asReadonly();
  readonly chart = this.chartState.asReadonly();
  readonly choices = this.choicesState.asReadonly();

  /**
   * Reads the link and its chart; an experiment without a measure has no link and no chart. `own`: the chart from
   * the experiment's baseline on, with only its own baseline and changes marked, as an approver judges a proposal
   * (a measure shared by many cycles over years otherwise shows all of them).
   */
  load(experimentId: string, view: 'whole' | 'own' = 'whole'): Promise<boolean> {
    if (this.experimentId !== experimentId) {
      this.linkState.set(null);
      this.chartState.set(null);
    }
    this.experimentId = experimentId;
    return this.state.track(async () => {
      const { link } = await this.api.invoke(getExperimentMeasure, { id: experimentId });
      const chart = link
        ? await this.api.invoke(getMeasureChart, {
            id: link.measureId,
            experimentId,
            ...(view === 'own' ? { from: link.baseline.from } : {}),
          })
        : null;
      if (this.experimentId !== experimentId) return;
      this.linkState.set(link);
      this.chartState.set(
        chart && view === 'own'
          ? { ...chart, annotations: chart.annotations.filter((a) => a.experimentId === experimentId) }
          : chart,
      );
    });
  }

  /** The active measures one may link (the first 100, most recently changed first). */
  async loadChoices(): Promise<void> {
    const page = await this.api.invoke(listMeasures, { limit: 100 });
    this.choicesState.set(page.items);
  }

  /**
   * Links the measure with its baseline and change moments, then reads the chart judged against them: of the loaded
   * experiment, or of the one just created (`experimentId`), which it then holds.
   */
  async save(input: ExperimentMeasureInputDto, experimentId = this.experimentId): Promise<void> {
    if (!experimentId) throw new Error('ExperimentMeasureStore: load an experiment first');
    this.experimentId = experimentId;
    const link = await this.api.invoke(setExperimentMeasure, { id: experimentId, body: input });
    const chart = await this.api.invoke(getMeasureChart, { id: link.measureId, experimentId });
    this.linkState.set(link);
    this.chartState.set(chart);
  }
}
