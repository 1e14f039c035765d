import { TestBed } from '@angular/core/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { LanguageService } from '@kaizen/web/util-i18n';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';
import { MeasureChartData, changeMarks, chartRows, signalGroups } from './measure-chart';
import { MeasureChartComponent } from './measure-chart.component';

const periods = ['2025-01-06', '2025-01-13', '2025-01-20', '2025-01-27', '2025-02-03'];

/** A chart as the API answers it: the last two points dropped below the lower limit after a change. */
const data: MeasureChartData = {
  measure: { name: 'Valincidenten', unit: 'per 1.000 ligdagen' },
  periods,
  values: [10, 10.5, 9.5, 4, 4.2],
  control: {
    type: 'xmr',
    centre: [10, 10, 10, 10, 10],
    lower: [8, 8, 8, 8, 8],
    upper: [12, 12, 12, 12, 12],
  },
  run: { centre: [10, 10, 10, 10, 10] },
  signals: [
    {
      chart: 'control',
      class: 'improvement',
      rule: 'beyond-limit',
      detectedAt: 3,
      detectedPeriod: '2025-01-27',
      points: [3],
    },
    {
      chart: 'control',
      class: 'improvement',
      rule: 'beyond-limit',
      detectedAt: 4,
      detectedPeriod: '2025-02-03',
      points: [4],
    },
    {
      chart: 'run',
      class: 'neutral',
      rule: 'few-crossings',
      detectedAt: 4,
      detectedPeriod: '2025-02-03',
      points: [0, 1, 2, 3, 4],
    },
  ],
  annotations: [
    {
      experimentId: 'e1',
      experimentTitle: 'Sensoren',
      baseline: { from: '2025-01-06', through: '2025-01-20' },
      changes: [{ period: '2025-01-25', label: 'PDSA 1' }],
    },
  ],
};

describe('the measure chart', () => {
  it('places a change between two periods on the next point, and leaves out changes after the last', () => {
    const later = {
      ...data,
      annotations: [
        {
          ...data.annotations[0],
          changes: [...data.annotations[0].changes, { period: '2025-03-01', label: 'later' }],
        },
      ],
    };
    expect(changeMarks(later)).toEqual([{ index: 3, label: 'PDSA 1' }]);
  });

  it('gives each row the figures of the chosen chart and the signals it is part of', () => {
    const control = chartRows(data, 'control');
    expect(control[3]).toMatchObject({
      period: '2025-01-27',
      value: 4,
      centre: 10,
      lower: 8,
      upper: 12,
      changes: ['PDSA 1'],
    });
    expect(control[3].signals.map((s) => s.rule)).toEqual(['beyond-limit']);
    expect(control[0].signals).toEqual([]);
    const run = chartRows(data, 'run');
    expect(run[0]).toMatchObject({ centre: 10, lower: null, upper: null });
    expect(run[0].signals.map((s) => s.rule)).toEqual(['few-crossings']);
  });

  it('tells the signals once per rule and class, in the order they first fired', () => {
    expect(signalGroups(data.signals)).toEqual([
      {
        rule: 'beyond-limit',
        class: 'improvement',
        count: 2,
        firstPeriod: '2025-01-27',
        lastPeriod: '2025-02-03',
      },
      {
        rule: 'few-crossings',
        class: 'neutral',
        count: 1,
        firstPeriod: '2025-02-03',
        lastPeriod: '2025-02-03',
      },
    ]);
  });

  describe('in Dutch', () => {
    beforeEach(async () => {
      TestBed.configureTestingModule({ providers: [provideI18nTesting('nl')] });
      await TestBed.inject(LanguageService).use('nl');
    });

    it('names each signal by its rule and class, and gives the table the canvas points to', async () => {
      const fixture = TestBed.createComponent(MeasureChartComponent);
      fixture.componentRef.setInput('data', data);
      await fixture.whenStable();
      const element = fixture.nativeElement as HTMLElement;
      const signals = Array.from(element.querySelectorAll('[data-testid="signals"] li')).map((li) =>
        li.textContent?.replace(/\s+/g, ' ').trim(),
      );
      expect(signals).toEqual([
        'Een punt buiten een regelgrens · verbetering · gezien op 27 jan 2025 · 2 keer in totaal, het laatst op 3 feb 2025',
      ]);

      const rows = element.querySelectorAll('[data-testid="chart-table"] tbody tr');
      expect(rows).toHaveLength(5);
      expect(rows[3].textContent).toContain('Verandering: PDSA 1');
      expect(rows[3].textContent).toContain('Een punt buiten een regelgrens (verbetering)');
      expect(rows[3].textContent).toContain('8 – 12');

      const canvas = element.querySelector('canvas') as HTMLCanvasElement;
      const caption = element.querySelector('caption') as HTMLElement;
      expect(canvas.getAttribute('aria-describedby')).toBe(caption.id);
      expect(canvas.getAttribute('aria-label')).toContain(
        `De tabel “${caption.textContent?.trim()}” hieronder`,
      );
    });

    it('switches to the run chart: the median, no limits, its own rules', async () => {
      const fixture = TestBed.createComponent(MeasureChartComponent);
      fixture.componentRef.setInput('data', data);
      await fixture.whenStable();
      const element = fixture.nativeElement as HTMLElement;
      (element.querySelector('[data-testid="chart-run"] button') as HTMLButtonElement).click();
      await fixture.whenStable();
      expect(element.querySelector('thead')?.textContent).toContain('Mediaan');
      expect(element.querySelector('thead')?.textContent).not.toContain('Grenzen');
      expect(element.querySelector('[data-testid="signals"]')?.textContent).toContain(
        'Te weinig kruisingen · zonder richting',
      );
    });

    it('says so when there are no points, and draws nothing', async () => {
      const fixture = TestBed.createComponent(MeasureChartComponent);
      fixture.componentRef.setInput('data', {
        ...data,
        periods: [],
        values: [],
        signals: [],
        annotations: [],
      });
      await fixture.whenStable();
      const element = fixture.nativeElement as HTMLElement;
      expect(element.querySelector('[data-testid="chart-empty"]')?.textContent).toContain('Nog geen punten');
      expect(element.querySelector('canvas')).toBeNull();
    });
  });
});
