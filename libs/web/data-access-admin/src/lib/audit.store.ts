import { Injectable, inject, signal } from '@angular/core';
import { Api, ApiProblem, toApiProblem } from '@kaizen/web/data-access-api';
import {
  AuditEventDto,
  ListAuditEvents$Params,
  exportAuditEvents,
  listAuditEvents,
} from '@kaizen/web/data-access-api/operations';

/** What the admin narrows the log to; every field given must hold. */
export type AuditFilter = Omit<ListAuditEvents$Params, 'limit' | 'cursor'>;

const PAGE = 50;

/** The audit log as admins read it: filtered, newest first, a page at a time. */
@Injectable({ providedIn: 'root' })
export class AuditStore {
  private readonly api = inject(Api);

  private readonly filterState = signal<AuditFilter>({});
  private readonly eventsState = signal<readonly AuditEventDto[]>([]);
  private readonly nextCursorState = signal<string | null>(null);
  private readonly loadingState = signal(false);
  private readonly errorState = signal<ApiProblem | null>(null);

  readonly filter = this.filterState.asReadonly();
  readonly events = this.eventsState.asReadonly();
  /** More events match than are shown. */
  readonly hasMore = () => this.nextCursorState() !== null;
  readonly loading = this.loadingState.asReadonly();
  readonly error = this.errorState.asReadonly();

  /** The first page of what `filter` selects. */
  async load(filter: AuditFilter = this.filterState()): Promise<void> {
    this.filterState.set(withoutEmpty(filter));
    this.eventsState.set([]);
    this.nextCursorState.set(null);
    await this.fetch();
  }

  /** The next page, after those shown. */
  async more(): Promise<void> {
    if (this.hasMore()) await this.fetch(this.nextCursorState() ?? undefined);
  }

  /** What the current filter selects, as CSV. */
  export(): Promise<string> {
    return this.api.invoke(exportAuditEvents, this.filterState());
  }

  private async fetch(cursor?: string): Promise<void> {
    this.loadingState.set(true);
    this.errorState.set(null);
    try {
      const page = await this.api.invoke(listAuditEvents, { ...this.filterState(), limit: PAGE, cursor });
      this.eventsState.update((shown) => [...shown, ...page.items]);
      this.nextCursorState.set(page.nextCursor);
    } catch (error) {
      this.errorState.set(toApiProblem(error));
    } finally {
      this.loadingState.set(false);
    }
  }
}

function withoutEmpty(filter: AuditFilter): AuditFilter {
  return Object.fromEntries(
    Object.entries(filter).filter(([, value]) => value !== undefined && value !== ''),
  ) as AuditFilter;
}
