import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideApiRoot } from '@kaizen/web/data-access-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExperimentsStore, experimentListFilter } from './experiments.store';

function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve));
}

const page = (title: string) => ({
  items: [{ id: `id-${title}`, title }],
  nextCursor: null,
});

describe('experimentListFilter', () => {
  it('reads the page’s query as the list asks the API', () => {
    expect(experimentListFilter({}, 'me')).toEqual({ limit: 50 });
    expect(
      experimentListFilter(
        { view: 'board', status: 'running', teamId: 't1', q: 'handover', mine: '1' },
        'me',
      ),
    ).toEqual({ status: ['running'], teamId: 't1', q: 'handover', ownerId: 'me', limit: 200 });
    expect(experimentListFilter({ mine: '1', q: '' }, null)).toEqual({ limit: 50 });
  });
});

describe('ExperimentsStore', () => {
  let store: ExperimentsStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideApiRoot('')],
    });
    store = TestBed.inject(ExperimentsStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('hands a read ahead to the page’s first load of the same filter: one request', async () => {
    store.readAhead(experimentListFilter({}, 'me'));
    await settle();
    const pageLoad = store.load(experimentListFilter({ view: undefined, q: undefined }, 'me'));
    await settle();
    http.expectOne((request) => request.url === '/api/experiments').flush(page('Handover'));
    await pageLoad;
    expect(store.items().map((item) => item.title)).toEqual(['Handover']);

    // Only the first load takes it over: loading again reads again.
    const again = store.load(experimentListFilter({}, 'me'));
    await settle();
    http.expectOne((request) => request.url === '/api/experiments').flush(page('Handover, again'));
    await again;
    expect(store.items().map((item) => item.title)).toEqual(['Handover, again']);
  });

  it('reads afresh when the page asks for another filter than the one read ahead, and that answer wins', async () => {
    store.readAhead(experimentListFilter({}, 'me'));
    await settle();
    const board = store.load(experimentListFilter({ view: 'board' }, 'me'));
    await settle();
    const requests = http.match((request) => request.url === '/api/experiments');
    expect(requests.map((request) => request.request.params.get('limit'))).toEqual(['50', '200']);
    requests[1].flush(page('Board'));
    requests[0].flush(page('List'));
    await board;
    expect(store.items().map((item) => item.title)).toEqual(['Board']);
  });

  it('reads afresh when the read ahead was never taken over by the first load, and is old', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      store.readAhead(experimentListFilter({}, 'me'));
      await settle();
      http.expectOne((request) => request.url === '/api/experiments').flush(page('Old'));
      vi.setSystemTime(Date.now() + 60_000);
      const later = store.load(experimentListFilter({}, 'me'));
      await settle();
      http.expectOne((request) => request.url === '/api/experiments').flush(page('Now'));
      await later;
      expect(store.items().map((item) => item.title)).toEqual(['Now']);
    } finally {
      vi.useRealTimers();
    }
  });
});
