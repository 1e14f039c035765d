import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { MeasureStore } from '@kaizen/web/data-access-measures';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';
import { PointsGridComponent } from './points-grid.component';
import { settle } from '@kaizen/web/ui-kit/testing';

describe('PointsGridComponent', () => {
  let fixture: ComponentFixture<PointsGridComponent>;
  let element: HTMLElement;
  let http: HttpTestingController;

  const byTestId = (testId: string) => element.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  const text = (testId: string) => byTestId(testId)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  async function settled(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }
  async function type(testId: string, value: string): Promise<void> {
    const input = byTestId(testId) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settled();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [PointsGridComponent],
      providers: [provideI18nTesting('en'), provideHttpClient(), provideHttpClientTesting(), MeasureStore],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PointsGridComponent);
    fixture.componentRef.setInput('kind', 'proportion');
    element = fixture.nativeElement;
    fixture.detectChanges();
    await settled();
  });

  it('checks each row with the domain rules, names row and column, and sends nothing', async () => {
    await type('grid-period-0', '2025-01-06');
    await type('grid-numerator-0', 'abc');
    await type('grid-denominator-0', '40');
    await type('grid-period-1', '2025-01-13');
    await type('grid-numerator-1', '5');
    await type('grid-denominator-1', '4');
    byTestId('grid-submit')?.click();
    await settled();
    expect(text('import-problems')).toContain('Row 1, Numerator: not a number');
    expect(text('import-problems')).toContain('Row 2, Denominator: must be at least the numerator');
    expect(text('grid-row-1')).toContain('must be at least the numerator');
    http.expectNone({ method: 'PUT' });
  });

  it('sends the rows as one grid, leaving spare rows out, and names a refused cell by row and column', async () => {
    TestBed.inject(MeasureStore).load('m1');
    http.expectOne({ method: 'GET', url: '/api/measures/m1' }).flush({});
    http.expectOne((request) => request.url === '/api/measures/m1/chart').flush({});
    await settled();
    await type('grid-period-0', '2025-01-06');
    await type('grid-numerator-0', '3');
    await type('grid-denominator-0', '40,5');
    await type('grid-period-2', '2025-01-06');
    await type('grid-numerator-2', '4');
    await type('grid-denominator-2', '40');
    await type('grid-note-2', ' recount ');
    byTestId('grid-submit')?.click();
    await settled();
    const put = http.expectOne({ method: 'PUT', url: '/api/measures/m1/points' });
    expect(put.request.body).toEqual({
      points: [
        { period: '2025-01-06', numerator: 3, denominator: 40.5 },
        { period: '2025-01-06', numerator: 4, denominator: 40, note: 'recount' },
      ],
    });
    put.flush(
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        errors: [
          { field: 'points.1.period', rule: 'duplicate', message: 'points.1.period repeats points.0.period' },
        ],
      },
      { status: 400, statusText: 'Bad Request', headers: { 'content-type': 'application/problem+json' } },
    );
    await settled();
    expect(text('import-problems')).toContain('Row 2, Period (start): this period is also in an earlier row');
    expect(text('grid-row-1')).toContain('this period is also in an earlier row');
  });
});
