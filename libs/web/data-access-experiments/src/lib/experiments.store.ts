import { Injectable, inject, signal } from '@angular/core';
import { Api, ApiProblem, toApiProblem } from '@kaizen/web/data-access-api';
import {
  CreateExperimentDto,
  ExperimentSummaryDto,
  ListExperiments$Params,
  createExperiment,
  exportExperiments,
  listExperiments,
} from '@kaizen/web/data-access-api/operations';
import type { ExperimentDto } from '@kaizen/web/data-access-api/operations';

export type ExperimentFilter = Omit<ListExperiments$Params, 'cursor'>;

/** Experiment lists (the board, the filtered list, "mine") and creating one. */
@Injectable({ providedIn: 'root' })
export class ExperimentsStore {
  private readonly api = inject(Api);

  private readonly itemsState = signal<readonly ExperimentSummaryDto[]>([]);
  private readonly nextCursorState = signal<string | null>(null);
  private readonly loadingState = signal(false);
  private readonly errorState = signal<ApiProblem | null>(null);
  private filter: ExperimentFilter = {};

  readonly items = this.itemsState.asReadonly();
  readonly nextCursor = this.nextCursorState.asReadonly();
  readonly loading = this.loadingState.asReadonly();
  readonly error = this.errorState.asReadonly();

  /** Replaces the list with the first page that matches the filter. */
  async load(filter: ExperimentFilter): Promise<void> {
    this.filter = filter;
    await this.fetch(undefined);
  }

  /** Appends the next page of the same filter. */
  async more(): Promise<void> {
    const cursor = this.nextCursorState();
    if (cursor) await this.fetch(cursor);
  }

  private async fetch(cursor: string | undefined): Promise<void> {
    this.loadingState.set(true);
    this.errorState.set(null);
    try {
      const page = await this.api.invoke(listExperiments, {
        ...this.filter,
        cursor,
        limit: this.filter.limit ?? 50,
      });
      this.itemsState.update((items) => (cursor ? [...items, ...page.items] : page.items));
      this.nextCursorState.set(page.nextCursor);
    } catch (error) {
      this.errorState.set(toApiProblem(error));
    } finally {
      this.loadingState.set(false);
    }
  }

  /** Puts a changed card in place (after a drag on the board) without reloading the list. */
  replace(summary: ExperimentSummaryDto): void {
    this.itemsState.update((items) => items.map((item) => (item.id === summary.id ? summary : item)));
  }

  /** Creates a draft; rejects with the HTTP error, for the form to place. */
  create(body: CreateExperimentDto): Promise<ExperimentDto> {
    return this.api.invoke(createExperiment, { body });
  }

  /** Every experiment one may see, as CSV. */
  exportCsv(): Promise<string> {
    return this.api.invoke(exportExperiments);
  }
}
