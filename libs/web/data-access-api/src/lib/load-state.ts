import { Signal, computed, signal } from '@angular/core';
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
 * A list read page by page with the API's cursor: `first` replaces what was there (a newer `first`,
 * say for another filter, wins over an older one still under way), `more` appends the next page;
 * asking for more while that page is on its way reads it once.
 */
export class CursorPages<T> {
  private readonly itemsState = signal<readonly T[]>([]);
  private readonly nextCursorState = signal<string | null>(null);
  private generation = 0;
  private readingMore: Promise<void> | null = null;

  readonly items = this.itemsState.asReadonly();
  readonly nextCursor = this.nextCursorState.asReadonly();
  readonly hasMore = computed(() => this.nextCursorState() !== null);

  constructor(private readonly fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>) {}

  async first(): Promise<void> {
    const generation = ++this.generation;
    this.readingMore = null;
    const page = await this.fetchPage(undefined);
    if (generation !== this.generation) return;
    this.itemsState.set(page.items);
    this.nextCursorState.set(page.nextCursor ?? null);
  }

  more(): Promise<void> {
    const cursor = this.nextCursorState();
    if (!cursor) return Promise.resolve();
    const generation = this.generation;
    this.readingMore ??= this.fetchPage(cursor)
      .then((page) => {
        if (generation !== this.generation) return;
        this.itemsState.update((items) => [...items, ...page.items]);
        this.nextCursorState.set(page.nextCursor ?? null);
      })
      .finally(() => (this.readingMore = null));
    return this.readingMore;
  }

  /** Changes items in place (marked read, removed) without reading again. */
  update(change: (items: readonly T[]) => readonly T[]): void {
    this.itemsState.update(change);
  }
}

/**
 * The store base for a paged list: the items of `{items, nextCursor}` pages with load-more, whether a
 * read is under way, and what went wrong last, as signals. `load` starts again from the first page (the
 * newest `load` wins over one still under way, and an older one's failure is forgotten); `more` appends
 * the next page, once however often it is asked. A failed read keeps the items already shown.
 */
export class PagedList<T> {
  private readonly pages: CursorPages<T>;
  private readonly readsState = signal(0);
  private readonly moreState = signal(false);
  private readonly loadedState = signal(false);
  private readonly errorState = signal<ApiProblem | null>(null);
  private generation = 0;

  readonly items: Signal<readonly T[]>;
  readonly nextCursor: Signal<string | null>;
  readonly hasMore: Signal<boolean>;
  /** Reading the first page (what a page shows as "loading"). */
  readonly loading = computed(() => this.readsState() > 0);
  /** Reading a next page (what the "more" button shows). */
  readonly loadingMore = this.moreState.asReadonly();
  /** True once a first page answered: before that an empty list is not yet known to be empty. */
  readonly loaded = this.loadedState.asReadonly();
  readonly error = this.errorState.asReadonly();

  constructor(fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>) {
    this.pages = new CursorPages(fetchPage);
    this.items = this.pages.items;
    this.nextCursor = this.pages.nextCursor;
    this.hasMore = this.pages.hasMore;
  }

  /** Reads the first page again (after a filter changed, say); true when it worked. */
  async load(): Promise<boolean> {
    const generation = ++this.generation;
    this.readsState.update((reads) => reads + 1);
    this.errorState.set(null);
    try {
      await this.pages.first();
      if (generation === this.generation) this.loadedState.set(true);
      return true;
    } catch (error) {
      if (generation === this.generation) this.errorState.set(toApiProblem(error));
      return false;
    } finally {
      this.readsState.update((reads) => reads - 1);
    }
  }

  /** Appends the next page, if there is one; true when it worked. */
  async more(): Promise<boolean> {
    if (!this.hasMore()) return true;
    const generation = this.generation;
    this.moreState.set(true);
    this.errorState.set(null);
    try {
      await this.pages.more();
      return true;
    } catch (error) {
      if (generation === this.generation) this.errorState.set(toApiProblem(error));
      return false;
    } finally {
      this.moreState.set(false);
    }
  }

  /** Changes items in place (marked read, adopted, removed) without reading again. */
  update(change: (items: readonly T[]) => readonly T[]): void {
    this.pages.update(change);
  }
}

/** The most items one page holds, as the API documents it for every list. */
export const PAGE_LIMIT_MAX = 200;

/** What a list endpoint takes to read one page of at most `PAGE_LIMIT_MAX` items. */
export interface PageParams {
  limit: number;
  cursor?: string;
}

/**
 * Every item of a list, page after page until `nextCursor` is null: for lists a screen shows whole
 * (departments, teams, members), so a big organisation is never cut off at one page.
 */
export async function allPages<T>(fetchPage: (page: PageParams) => Promise<CursorPage<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage({ limit: PAGE_LIMIT_MAX, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}
