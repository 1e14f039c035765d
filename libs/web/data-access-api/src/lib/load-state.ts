import { computed, signal } from '@angular/core';
import { ApiProblem, toApiProblem } from './api-problem';

/**
 * Whether a store's reads are under way, have worked at least once, and what went wrong last: the
 * three signals every store kept by hand. `track` runs one read; its failure becomes `error`, not a throw.
 */
export class LoadState {
  private readonly loadingState = signal(false);
  private readonly loadedState = signal(false);
  private readonly errorState = signal<ApiProblem | null>(null);

  readonly loading = this.loadingState.asReadonly();
  readonly loaded = this.loadedState.asReadonly();
  readonly error = this.errorState.asReadonly();

  /** Runs a read; true when it worked. The last error is cleared when it starts. */
  async track(read: () => Promise<unknown>): Promise<boolean> {
    this.loadingState.set(true);
    this.errorState.set(null);
    try {
      await read();
      this.loadedState.set(true);
      return true;
    } catch (error) {
      this.errorState.set(toApiProblem(error));
      return false;
    } finally {
      this.loadingState.set(false);
    }
  }
}

/** One page of a list, as every cursor-paged endpoint answers. */
export interface CursorPage<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string | null;
}

/**
 * A list read page by page with the API's cursor: `first` replaces what was there, `more` appends
 * the next page. Reads made while one is under way share it, so a double click loads a page once.
 */
export class CursorPages<T> {
  private readonly itemsState = signal<readonly T[]>([]);
  private readonly nextCursorState = signal<string | null>(null);
  private reading: Promise<void> | null = null;

  readonly items = this.itemsState.asReadonly();
  readonly nextCursor = this.nextCursorState.asReadonly();
  readonly hasMore = computed(() => this.nextCursorState() !== null);

  constructor(private readonly fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>) {}

  first(): Promise<void> {
    return this.read(undefined, false);
  }

  more(): Promise<void> {
    const cursor = this.nextCursorState();
    return cursor ? this.read(cursor, true) : Promise.resolve();
  }

  /** Changes items in place (marked read, removed) without reading again. */
  update(change: (items: readonly T[]) => readonly T[]): void {
    this.itemsState.update(change);
  }

  private read(cursor: string | undefined, append: boolean): Promise<void> {
    this.reading ??= this.fetchPage(cursor)
      .then((page) => {
        this.itemsState.update((items) => (append ? [...items, ...page.items] : page.items));
        this.nextCursorState.set(page.nextCursor ?? null);
      })
      .finally(() => (this.reading = null));
    return this.reading;
  }
}
