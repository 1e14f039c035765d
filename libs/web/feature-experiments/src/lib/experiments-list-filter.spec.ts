import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { EnvironmentInjector, runInInjectionContext } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ActivatedRouteSnapshot, RouterStateSnapshot, convertToParamMap } from '@angular/router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExperimentsStore } from '@kaizen/web/data-access-experiments';
import { experimentsListFilter, startExperimentsList } from './experiments-list-filter';

describe('the experiments list, started by its route', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('reads the filter from the query parameters as the page does', () => {
    expect(experimentsListFilter({})).toEqual({ limit: 50 });
    expect(
      experimentsListFilter({ view: 'board', status: 'running', teamId: 't', q: 'hand', mine: '1' }, 'm'),
    ).toEqual({ status: ['running'], teamId: 't', q: 'hand', ownerId: 'm', limit: 200 });
  });

  it('starts the read without holding up the navigation, and the page asking for the same list shares it', async () => {
    const route = { queryParamMap: convertToParamMap({ status: 'draft' }) } as ActivatedRouteSnapshot;
    const allowed = runInInjectionContext(TestBed.inject(EnvironmentInjector), () =>
      startExperimentsList(route, {} as RouterStateSnapshot),
    );
    expect(allowed).toBe(true);
    const store = TestBed.inject(ExperimentsStore);
    const page = store.load(experimentsListFilter({ status: 'draft' }));

    const read = http.expectOne((request) => request.url === '/api/experiments');
    expect(read.request.params.get('status')).toBe('draft');
    read.flush({ items: [], nextCursor: null });
    await page;
    expect(store.loading()).toBe(false);

    // Once answered, asking again reads again.
    void store.load(experimentsListFilter({ status: 'draft' }));
    http.expectOne((request) => request.url === '/api/experiments').flush({ items: [], nextCursor: null });
  });
});
