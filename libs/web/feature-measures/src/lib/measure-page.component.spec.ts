import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChartDto, MeasureDto } from '@kaizen/web/data-access-api/measures';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { LanguageService } from '@kaizen/web/util-i18n';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';
import { MeasurePageComponent } from './measure-page.component';

const measure: MeasureDto = {
  id: 'm1',
  name: 'Valincidenten',
  unit: 'per 1.000 ligdagen',
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
  createdById: 'x',
  updatedAt: '2026-11-01T10:00:00Z',
  version: 1,
};
const emptyChart = {
  measure,
  periods: [],
  values: [],
  denominators: null,
  signals: [],
  annotations: [],
  changeIndexes: [],
  control: {
    type: 'xmr',
    centre: [],
    lower: [],
    upper: [],
    lowerTwoSigma: [],
    upperTwoSigma: [],
    phases: [],
  },
  run: { centre: [], phases: [] },
  plan: { baseline: null, changes: [], experimentId: null, recalculations: [] },
} as ChartDto;

describe('the measure page in Dutch', () => {
  let http: HttpTestingController;
  let element: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideI18nTesting('nl'),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        // Someone who may enter data; the session's own rules are tested in data-access-auth.
        { provide: SessionStore, useValue: { can: () => true } },
      ],
    });
    await TestBed.inject(LanguageService).use('nl');
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(MeasurePageComponent);
    fixture.componentRef.setInput('id', 'm1');
    fixture.autoDetectChanges();
    element = fixture.nativeElement;
    (await vi.waitFor(() => http.expectOne('/api/measures/m1'))).flush(measure);
    http.expectOne('/api/measures/m1/chart').flush(emptyChart);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  const byTestId = (id: string) => element.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
  const type = async (text: string) => {
    const area = byTestId('import-csv') as HTMLTextAreaElement;
    area.value = text;
    area.dispatchEvent(new Event('input'));
    await vi.waitFor(() => expect((byTestId('import-check') as HTMLButtonElement).disabled).toBe(false));
  };

  it('shows each bad row by row and column, imports only a clean preview of the same text, then reads the chart again', async () => {
    await vi.waitFor(() => expect(byTestId('measure-heading')?.textContent).toContain('Valincidenten'));
    await vi.waitFor(() => expect(byTestId('chart-empty')?.textContent).toContain('Nog geen punten'));

    await type('period,value\n2025-01-06,abc\n');
    byTestId('import-check')?.click();
    const dry = await vi.waitFor(() =>
      http.expectOne({ method: 'POST', url: '/api/measures/m1/points/import' }),
    );
    expect(dry.request.body).toEqual({ csv: 'period,value\n2025-01-06,abc\n', dryRun: true });
    dry.flush({
      dryRun: true,
      imported: 0,
      points: [],
      problems: [
        { row: 2, column: 'value', rule: 'numeric', message: 'row 2, value: "abc" is not a number' },
      ],
    });
    await vi.waitFor(() =>
      expect(byTestId('import-problems')?.textContent).toContain('Regel 2, value: geen getal'),
    );
    expect((byTestId('import-submit') as HTMLButtonElement).disabled).toBe(true);

    await type('period,value\n2025-01-06,3\n');
    byTestId('import-check')?.click();
    (await vi.waitFor(() => http.expectOne({ method: 'POST', url: '/api/measures/m1/points/import' }))).flush(
      {
        dryRun: true,
        imported: 0,
        problems: [],
        points: [{ row: 2, period: '2025-01-06', value: 3, numerator: null, denominator: null, note: '' }],
      },
    );
    await vi.waitFor(() => expect(byTestId('import-ready')?.textContent).toContain('1 regels zijn klaar'));
    expect(byTestId('import-problems')).toBeNull();

    // Changing the text after the check asks for a new check before importing.
    await type('period,value\n2025-01-06,4\n');
    await vi.waitFor(() => expect((byTestId('import-submit') as HTMLButtonElement).disabled).toBe(true));
    await type('period,value\n2025-01-06,3\n');
    await vi.waitFor(() => expect((byTestId('import-submit') as HTMLButtonElement).disabled).toBe(false));

    byTestId('import-submit')?.click();
    const real = await vi.waitFor(() =>
      http.expectOne({ method: 'POST', url: '/api/measures/m1/points/import' }),
    );
    expect(real.request.body).toEqual({ csv: 'period,value\n2025-01-06,3\n' });
    real.flush({ dryRun: false, imported: 1, points: [], problems: [] });
    (await vi.waitFor(() => http.expectOne('/api/measures/m1'))).flush({
      ...measure,
      pointCount: 1,
      lastPeriod: '2025-01-06',
    });
    http.expectOne('/api/measures/m1/chart').flush(emptyChart);
    await vi.waitFor(() =>
      expect(byTestId('import-done')?.textContent).toContain('1 punten zijn geïmporteerd'),
    );
  });
});
