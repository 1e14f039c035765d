import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { describe, expect, it } from 'vitest';
import { allPages, CursorPages, LoadState, PAGE_LIMIT_MAX, type PageParams } from './load-state';

describe('LoadState', () => {
  it('is loading while a read runs, loaded after it worked, and keeps the problem when one fails', async () => {
    const state = new LoadState();
    let finish!: () => void;
    const read = state.track(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(state.loading()).toBe(true);
    expect(state.loaded()).toBe(false);
    finish();
    await expect(read).resolves.toBe(true);
    expect([state.loading(), state.loaded(), state.error()]).toEqual([false, true, null]);

    const failed = await state.track(() =>
      Promise.reject(
        new HttpErrorResponse({
          status: 409,
          error: { title: 'Conflict', errors: [] },
          headers: new HttpHeaders(),
        }),
      ),
    );
    expect(failed).toBe(false);
    expect(state.error()).toMatchObject({ kind: 'http', status: 409, title: 'Conflict' });
    expect(state.loading()).toBe(false);

    await state.track(async () => undefined);
    expect(state.error()).toBeNull();
  });
});

describe('CursorPages', () => {
  it('replaces with the first page, appends the next ones, and reads a page once when asked twice', async () => {
    const asked: Array<string | undefined> = [];
    const pages = new CursorPages<number>(async (cursor) => {
      asked.push(cursor);
      return cursor === undefined ? { items: [1, 2], nextCursor: 'c2' } : { items: [3], nextCursor: null };
    });
    await pages.first();
    expect([pages.items(), pages.hasMore()]).toEqual([[1, 2], true]);
    await Promise.all([pages.more(), pages.more()]);
    expect([pages.items(), pages.hasMore()]).toEqual([[1, 2, 3], false]);
    await pages.more();
    expect(asked).toEqual([undefined, 'c2']);
    pages.update((items) => items.filter((item) => item !== 2));
    expect(pages.items()).toEqual([1, 3]);
    await pages.first();
    expect(pages.items()).toEqual([1, 2]);
  });

  it('keeps the newest first page when an older one answers last (a filter changed meanwhile)', async () => {
    const answers: Array<(page: { items: string[]; nextCursor: null }) => void> = [];
    const pages = new CursorPages<string>(() => new Promise((resolve) => answers.push(resolve)));
    const older = pages.first();
    const newer = pages.first();
    answers[1]({ items: ['new filter'], nextCursor: null });
    answers[0]({ items: ['old filter'], nextCursor: null });
    await Promise.all([older, newer]);
    expect(pages.items()).toEqual(['new filter']);
  });
});

describe('allPages', () => {
  it('follows nextCursor to the last page, asking for full pages, so nothing is cut off', async () => {
    const asked: PageParams[] = [];
    const items = await allPages<number>(async (page) => {
      asked.push(page);
      if (!page.cursor) return { items: [1, 2], nextCursor: 'c2' };
      return page.cursor === 'c2' ? { items: [3], nextCursor: 'c3' } : { items: [4], nextCursor: null };
    });
    expect(items).toEqual([1, 2, 3, 4]);
    expect(asked).toEqual([
      { limit: PAGE_LIMIT_MAX },
      { limit: PAGE_LIMIT_MAX, cursor: 'c2' },
      { limit: PAGE_LIMIT_MAX, cursor: 'c3' },
    ]);
  });
});
