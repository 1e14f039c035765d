import { Injectable, inject } from '@angular/core';
import type { Status } from '@kaizen/shared/domain-experiment';
// Its operations from the main barrel: the store is in the initial bundle (the list reads ahead), where the
// operations barrel would bring every endpoint.
import {
  Api,
  PagedList,
  createExperiment,
  exportExperiments,
  listExperiments,
} from '@kaizen/web/data-access-api';
import type {
  CreateExperimentDto,
  ExperimentDto,
  ExperimentSummaryDto,
  ListExperiments$Params,
} from '@kaizen/web/data-access-api/operations';

export type ExperimentFilter = Omit<ListExperiments$Params, 'cursor'>;

/** The list page's query parameters (`?view=board&status=running&teamId=…&q=…&mine=1`). */
export interface ExperimentListQuery {
  readonly view?: string | null;
  readonly status?: string | null;
  readonly teamId?: string | null;
  readonly q?: string | null;
  readonly mine?: string | null;
}

/** What the list page reads for its query: the page and its read ahead (a first load) read the same. */
export function experimentListFilter(
  query: ExperimentListQuery,
  membershipId: string | null,
): ExperimentFilter {
  return {
    status: query.status ? [query.status as Status] : undefined,
    teamId: query.teamId || undefined,
    q: query.q || undefined,
    ownerId: query.mine === '1' ? (membershipId ?? undefined) : undefined,
    limit: query.view === 'board' ? 200 : 50,
  };
}

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

  /** A first read started before the page existed, for the page's first load of the same filter to take over. */
  private ahead: { readonly key: string; readonly read: Promise<void>; readonly at: number } | null = null;

  /** Replaces the list with the first page that matches the filter. */
  async load(filter: ExperimentFilter): Promise<void> {
    const ahead = this.ahead;
    this.ahead = null;
    // Only while it is the first load's: a list that never showed (its code failed to load) is read afresh later.
    if (ahead?.key === filterKey(filter) && Date.now() - ahead.at < READ_AHEAD_KEPT_MS) return ahead.read;
    this.filter = filter;
    await this.list.load();
  }

  /** Starts the first read of a page that is still on its way (see `readAhead` in data-access-api). */
  readAhead(filter: ExperimentFilter): void {
    this.ahead = { key: filterKey(filter), read: this.load(filter), at: Date.now() };
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

/** Longer than a first load takes on a slow phone, far shorter than anyone would call the answer fresh. */
const READ_AHEAD_KEPT_MS = 30_000;

function filterKey(filter: ExperimentFilter): string {
  return JSON.stringify(Object.entries(filter).filter(([, value]) => value !== undefined));
}
