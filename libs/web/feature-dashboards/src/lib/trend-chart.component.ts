import { ChangeDetectionStrategy, Component, ElementRef, OnDestroy, effect, input, viewChild } from '@angular/core';
import type { Chart } from 'chart.js';

export interface ChartSeries {
  readonly label: string;
  readonly values: readonly (number | null)[];
}

/**
 * A bar or line chart drawn by chart.js, which is imported on first use so that it never lands
 * in the initial bundle. The table beside it in the page carries the same figures for screen readers.
 */
@Component({
  selector: 'kz-trend-chart',
  template: `<div class="kz-chart"><canvas #canvas role="img" [attr.aria-label]="label()"></canvas></div>`,
  styles: `
    .kz-chart { position: relative; height: 260px; min-width: 0; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TrendChartComponent implements OnDestroy {
  readonly labels = input.required<readonly string[]>();
  readonly series = input.required<readonly ChartSeries[]>();
  readonly type = input<'bar' | 'line'>('bar');
  readonly label = input('');

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart: Chart | null = null;
  private drawing = 0;

  constructor() {
    effect(() => {
      const labels = [...this.labels()];
      const series = this.series();
      const type = this.type();
      const canvas = this.canvas().nativeElement;
      void this.draw(canvas, type, labels, series);
    });
  }

  private async draw(canvas: HTMLCanvasElement, type: 'bar' | 'line', labels: string[], series: readonly ChartSeries[]): Promise<void> {
    const ticket = ++this.drawing;
    const { Chart, registerables } = await import('chart.js');
    if (ticket !== this.drawing) return;
    Chart.register(...registerables);
    this.chart?.destroy();
    const style = getComputedStyle(canvas);
    const palette = ['--mat-sys-primary', '--mat-sys-tertiary', '--mat-sys-secondary', '--mat-sys-error'].map(
      (name) => style.getPropertyValue(name).trim() || '#005cbb',
    );
    this.chart = new Chart(canvas, {
      type,
      data: {
        labels,
        datasets: series.map((s, i) => ({
          label: s.label,
          data: [...s.values],
          backgroundColor: palette[i % palette.length],
          borderColor: palette[i % palette.length],
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: 'bottom' } },
      },
    });
  }

  ngOnDestroy(): void {
    this.drawing++;
    this.chart?.destroy();
  }
}
