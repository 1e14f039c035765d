import { Injectable, inject, signal } from '@angular/core';
import { Api, CursorPages, LoadState } from '@kaizen/web/data-access-api';
import {
  CreateProgrammeDto,
  ProgrammeDto,
  ProgrammeSummaryDto,
  createProgramme,
  exportPortfolio,
  getPortfolio,
  listProgrammes,
} from '@kaizen/web/data-access-api/programmes';

const PAGE_SIZE = 25;

export interface PortfolioFilter {
  departmentId?: string;
  stalledOnly?: boolean;
}

/**
 * The organisation's programmes, most recently changed first, page by page. As the portfolio (heads and admins) the
 * same list filters by department and stalled programmes, and exports as CSV.
 */
@Injectable({ providedIn: 'root' })
export class ProgrammesStore {
  private readonly api = inject(Api);
  private readonly filterState = signal<PortfolioFilter & { portfolio: boolean }>({ portfolio: false });

  readonly state = new LoadState();
  readonly filter = this.filterState.asReadonly();
  readonly pages = new CursorPages<ProgrammeSummaryDto>((cursor) => {
    const { portfolio, departmentId, stalledOnly } = this.filterState();
    return portfolio
      ? this.api.invoke(getPortfolio, { limit: PAGE_SIZE, cursor, departmentId, stalledOnly })
      : this.api.invoke(listProgrammes, { limit: PAGE_SIZE, cursor, departmentId });
  });
  readonly items = this.pages.items;

  /** Loads the first page; as the portfolio when `portfolio` is set (heads and admins only). */
  load(portfolio: boolean, filter: PortfolioFilter = {}): Promise<boolean> {
    this.filterState.set({ portfolio, ...filter });
    return this.state.track(() => this.pages.first());
  }

  more(): Promise<boolean> {
    return this.state.track(() => this.pages.more());
  }

  async create(body: CreateProgrammeDto): Promise<ProgrammeDto> {
    const created = await this.api.invoke(createProgramme, { body });
    this.pages.update((items) => [created, ...items.filter((p) => p.id !== created.id)]);
    return created;
  }

  /** The portfolio as CSV, filtered as shown. */
  exportCsv(): Promise<string> {
    const { departmentId } = this.filterState();
    return this.api.invoke(exportPortfolio, { departmentId });
  }
}
