import { Injectable, inject } from '@angular/core';
import { Api, PagedList } from '@kaizen/web/data-access-api';
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

  private filter: ExperimentFilter = {};
  private readonly list = new PagedList<ExperimentSummaryDto>((cursor) =>
    this.api.invoke(listExperiments, { ...this.filter, cursor, limit: this.filter.limit ?? 50 }),
  );

  readonly items = this.list.items;
  readonly nextCursor = this.list.nextCursor;
  readonly loading = this.list.loading;
  readonly loadingMore = this.list.loadingMore;
  readonly error = this.list.error;

  /** Replaces the list with the first page that matches the filter. */
  async load(filter: ExperimentFilter): Promise<void> {
    this.filter = filter;
    await this.list.load();
  }

  /** Appends the next page of the same filter. */
  async more(): Promise<void> {
    await this.list.more();
  }

  /** Puts a changed card in place (after a drag on the board) without reloading the list. */
  replace(summary: ExperimentSummaryDto): void {
    this.list.update((items) => items.map((item) => (item.id === summary.id ? summary : item)));
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
