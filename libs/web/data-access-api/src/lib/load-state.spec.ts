import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { describe, expect, it } from 'vitest';
import { allPages, CursorPages, LoadState, PAGE_LIMIT_MAX, PagedList, type PageParams } from './load-state';

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

describe('PagedList', () => {
  const conflict = () =>
    new HttpErrorResponse({ status: 503, error: { title: 'Unavailable' }, headers: new HttpHeaders() });

  it('loads the first page, loads more onto it, and says whether there is more', async () => {
    const list = new PagedList<number>(async (cursor) =>
      cursor === undefined ? { items: [1, 2], nextCursor: 'c2' } : { items: [3], nextCursor: null },
    );
    expect([list.loaded(), list.hasMore()]).toEqual([false, false]);
    const loading = list.load();
    expect(list.loading()).toBe(true);
    await expect(loading).resolves.toBe(true);
    expect([list.items(), list.loaded(), list.hasMore(), list.nextCursor()]).toEqual([
      [1, 2],
      true,
      true,
      'c2',
    ]);
    const more = list.more();
    expect([list.loading(), list.loadingMore()]).toEqual([false, true]);
    await more;
    expect([list.items(), list.hasMore(), list.loadingMore()]).toEqual([[1, 2, 3], false, false]);
  });

  it('keeps what it had and reports the problem when a page fails, and clears it on the next read', async () => {
    let fail = false;
    const list = new PagedList<string>(async (cursor) => {
      if (fail) throw conflict();
      return cursor ? { items: ['b'], nextCursor: null } : { items: ['a'], nextCursor: 'c2' };
    });
    await list.load();
    fail = true;
    await expect(list.more()).resolves.toBe(false);
    expect(list.items()).toEqual(['a']);
    expect(list.error()).toMatchObject({ kind: 'http', status: 503 });
    fail = false;
    await list.more();
    expect([list.items(), list.error()]).toEqual([['a', 'b'], null]);
  });

  it('is loading until the newest load answers, and an older failure says nothing about it', async () => {
    const answers: Array<{ resolve: (page: { items: string[] }) => void; reject: (e: unknown) => void }> = [];
    const list = new PagedList<string>(
      () => new Promise((resolve, reject) => answers.push({ resolve, reject })),
    );
    const older = list.load();
    const newer = list.load();
    answers[0].reject(conflict());
    await older;
    expect([list.loading(), list.error()]).toEqual([true, null]);
    answers[1].resolve({ items: ['new filter'] });
    await newer;
    expect([list.loading(), list.items(), list.error()]).toEqual([false, ['new filter'], null]);
  });

  it('changes items in place without reading again', async () => {
    const list = new PagedList<number>(async () => ({ items: [1, 2, 3], nextCursor: null }));
    await list.load();
    list.update((items) => items.filter((item) => item !== 2));
    expect(list.items()).toEqual([1, 3]);
  });
});
