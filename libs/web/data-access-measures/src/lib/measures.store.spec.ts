import { HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toApiProblem } from '@kaizen/web/data-access-api';
import type { ChartDto, MeasureDto, PointImportResultDto } from '@kaizen/web/data-access-api/measures';
import { ExperimentMeasureStore } from './experiment-measure.store';
import { importProblemsOf } from './import-problems';
import { MeasureStore } from './measure.store';
import { MeasuresStore } from './measures.store';

const measure = (id: string, name = `Measure ${id}`): MeasureDto => ({
  id,
  name,
  unit: '',
  definition: '',
  direction: 'lower-is-better',
  kind: 'value',
  multiplier: 1,
  unitType: 'organisation',
  unitName: null,
  teamId: null,
  departmentId: null,
  lastPeriod: null,
  pointCount: 0,
  archivedAt: null,
  createdAt: '2026-11-01T10:00:00Z',
  createdById: 'm-1',
  updatedAt: '2026-11-01T10:00:00Z',
  version: 1,
});

const chart = (id: string): ChartDto =>
  ({
    measure: measure(id),
    periods: [],
    values: [],
    denominators: null,
    signals: [],
    annotations: [],
    changeIndexes: [],
  }) as unknown as ChartDto;

describe('measure stores', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), MeasureStore, ExperimentMeasureStore],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('lists measures page by page, lists a created one first and drops an archived one', async () => {
    const store = TestBed.inject(MeasuresStore);
    const loading = store.load();
    http
      .expectOne(
        (r) => r.url === '/api/measures' && r.params.get('limit') === '50' && !r.params.has('cursor'),
      )
      .flush({ items: [measure('a')], nextCursor: 'c1' });
    await loading;
    expect(store.pages.hasMore()).toBe(true);
    const more = store.more();
    http
      .expectOne((r) => r.url === '/api/measures' && r.params.get('cursor') === 'c1')
      .flush({ items: [measure('b')], nextCursor: null });
    await more;
    expect(store.items().map((m) => m.id)).toEqual(['a', 'b']);

    const creating = store.create({
      name: 'Falls',
      direction: 'lower-is-better',
      kind: 'value',
      unitType: 'organisation',
    });
    const post = http.expectOne({ method: 'POST', url: '/api/measures' });
    expect(post.request.body).toEqual({
      name: 'Falls',
      direction: 'lower-is-better',
      kind: 'value',
      unitType: 'organisation',
    });
    post.flush(measure('c', 'Falls'), { status: 201, statusText: 'Created' });
    await creating;
    expect(store.items().map((m) => m.id)).toEqual(['c', 'a', 'b']);

    const archiving = store.archive(store.items()[1]);
    http
      .expectOne({ method: 'DELETE', url: '/api/measures/a' })
      .flush(null, { status: 204, statusText: 'No Content' });
    await archiving;
    expect(store.items().map((m) => m.id)).toEqual(['c', 'b']);
  });

  it('previews an import without reading the chart again, and reads it after a real import', async () => {
    const store = TestBed.inject(MeasureStore);
    const loading = store.load('m1');
    http.expectOne('/api/measures/m1').flush(measure('m1'));
    http.expectOne('/api/measures/m1/chart').flush(chart('m1'));
    await loading;
    expect(store.measure()?.id).toBe('m1');

    const result: PointImportResultDto = {
      dryRun: true,
      imported: 0,
      points: [],
      problems: [
        { row: 5, column: 'value', rule: 'numeric', message: 'row 5, value: "abc" is not a number' },
      ],
    };
    const previewing = store.preview('period,value\n');
    const dry = http.expectOne({ method: 'POST', url: '/api/measures/m1/points/import' });
    expect(dry.request.body).toEqual({ csv: 'period,value\n', dryRun: true });
    dry.flush(result);
    await expect(previewing).resolves.toEqual(result);

    const importing = store.import('period,value\n2025-01-06,3\n');
    const real = http.expectOne({ method: 'POST', url: '/api/measures/m1/points/import' });
    expect(real.request.body).toEqual({ csv: 'period,value\n2025-01-06,3\n' });
    real.flush({ dryRun: false, imported: 1, points: [], problems: [] });
    (await vi.waitFor(() => http.expectOne('/api/measures/m1'))).flush({ ...measure('m1'), pointCount: 1 });
    http.expectOne('/api/measures/m1/chart').flush(chart('m1'));
    await expect(importing).resolves.toMatchObject({ imported: 1 });
    expect(store.measure()?.pointCount).toBe(1);
  });

  it('offers Laney when σz is above 1, and reads the chart again with it', async () => {
    const store = TestBed.inject(MeasureStore);
    const loading = store.load('p1');
    http.expectOne('/api/measures/p1').flush({ ...measure('p1'), kind: 'proportion' });
    http
      .expectOne((r) => r.url === '/api/measures/p1/chart' && !r.params.has('laney'))
      .flush({ ...chart('p1'), control: { type: 'p', phases: [{ sigmaZ: 2.4 }] } });
    await loading;
    expect(store.overdispersed()).toBe(true);
    const laney = store.useLaney(true);
    http
      .expectOne((r) => r.url === '/api/measures/p1/chart' && r.params.get('laney') === 'true')
      .flush({ ...chart('p1'), control: { type: 'p-prime', phases: [{ sigmaZ: 2.4 }] } });
    await laney;
    expect(store.laney()).toBe(true);
    expect(store.chart()?.control.type).toBe('p-prime');
  });

  it('reads an experiment without a measure as no link, not as an error, and links one', async () => {
    const store = TestBed.inject(ExperimentMeasureStore);
    const loading = store.load('e1');
    http.expectOne('/api/experiments/e1/measure').flush({ link: null });
    await Promise.resolve();
    http.expectNone('/api/measures/m1/chart');
    await loading;
    expect(store.link()).toBeNull();
    expect(store.state.error()).toBeNull();
    expect(store.state.loaded()).toBe(true);

    const link = {
      experimentId: 'e1',
      measureId: 'm1',
      measureName: 'Falls',
      baseline: { from: '2025-01-06', through: '2025-05-19' },
      changes: [{ period: '2025-05-26', label: 'PDSA 1' }],
    };
    const saving = store.save({ measureId: 'm1', baseline: link.baseline, changes: link.changes });
    const put = http.expectOne({ method: 'PUT', url: '/api/experiments/e1/measure' });
    expect(put.request.body).toEqual({ measureId: 'm1', baseline: link.baseline, changes: link.changes });
    put.flush(link);
    (
      await vi.waitFor(() =>
        http.expectOne((r) => r.url === '/api/measures/m1/chart' && r.params.get('experimentId') === 'e1'),
      )
    ).flush(chart('m1'));
    await saving;
    expect(store.link()).toEqual(link);
    expect(store.chart()?.measure.id).toBe('m1');
  });

  it("reads a linked experiment's link, then the chart judged against its baseline", async () => {
    const store = TestBed.inject(ExperimentMeasureStore);
    const link = {
      experimentId: 'e3',
      measureId: 'm3',
      measureName: 'Falls',
      baseline: { from: '2025-01-06', through: '2025-05-19' },
      changes: [],
    };
    const loading = store.load('e3');
    http.expectOne('/api/experiments/e3/measure').flush({ link });
    (
      await vi.waitFor(() =>
        http.expectOne((r) => r.url === '/api/measures/m3/chart' && r.params.get('experimentId') === 'e3'),
      )
    ).flush(chart('m3'));
    await loading;
    expect(store.link()).toEqual(link);
    expect(store.chart()?.measure.id).toBe('m3');
  });

  it('for an approver, reads the chart from the proposal’s baseline on, marking only its own baseline', async () => {
    const store = TestBed.inject(ExperimentMeasureStore);
    const baseline = { from: '2026-06-01', through: '2026-11-23' };
    const loading = store.load('e4', 'own');
    http.expectOne('/api/experiments/e4/measure').flush({
      link: { experimentId: 'e4', measureId: 'm4', measureName: 'Swaps', baseline, changes: [] },
    });
    const request = await vi.waitFor(() =>
      http.expectOne((r) => r.url === '/api/measures/m4/chart' && r.params.get('experimentId') === 'e4'),
    );
    expect(request.request.params.get('from')).toBe('2026-06-01');
    const annotation = (experimentId: string) => ({
      experimentId,
      experimentTitle: `Cycle ${experimentId}`,
      baseline,
      changes: [],
    });
    request.flush({ ...chart('m4'), annotations: [annotation('e1'), annotation('e4'), annotation('e2')] });
    await loading;
    expect(store.chart()?.annotations.map((a) => a.experimentId)).toEqual(['e4']);
  });
  it('keeps other failures of the link as the error', async () => {
    const store = TestBed.inject(ExperimentMeasureStore);
    const loading = store.load('e2');
    http
      .expectOne('/api/experiments/e2/measure')
      .flush({ title: 'Forbidden', status: 403 }, { status: 403, statusText: 'Forbidden' });
    await loading;
    expect(store.state.error()).toMatchObject({ status: 403 });
  });
});

describe('importProblemsOf', () => {
  it('reads row and column from the fields of a refused import, in row order, and ignores other fields', () => {
    const error = new HttpErrorResponse({
      status: 400,
      error: {
        errors: [
          { field: 'csv.4.period', rule: 'range', message: 'row 4, period: out of range' },
          { field: 'csv.2.value', rule: 'numeric', message: 'row 2, value: "abc" is not a number' },
          { field: 'csv.7', rule: 'extraFields', message: 'row 7: has 3 fields' },
          { field: 'dryRun', rule: 'isBoolean', message: 'dryRun must be a boolean' },
        ],
      },
    });
    expect(importProblemsOf(toApiProblem(error))).toEqual([
      { row: 2, column: 'value', rule: 'numeric', message: 'row 2, value: "abc" is not a number' },
      { row: 4, column: 'period', rule: 'range', message: 'row 4, period: out of range' },
      { row: 7, column: '', rule: 'extraFields', message: 'row 7: has 3 fields' },
    ]);
  });
});
