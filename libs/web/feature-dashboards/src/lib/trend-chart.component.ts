import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  OnDestroy,
  effect,
  input,
  viewChild,
} from '@angular/core';
import { LazyChart } from '@kaizen/web/ui-kit/chart';

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
    :host {
      display: block;
      min-width: 0;
    }
    .kz-chart {
      position: relative;
      height: 260px;
      min-width: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TrendChartComponent implements OnDestroy {
  readonly labels = input.required<readonly string[]>();
  readonly series = input.required<readonly ChartSeries[]>();
  readonly type = input<'bar' | 'line'>('bar');
  readonly label = input('');

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly chart = new LazyChart();

  constructor() {
    effect(() => {
      const labels = [...this.labels()];
      const series = this.series();
      const type = this.type();
      void this.chart.draw(this.canvas().nativeElement, (palette) => ({
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
      }));
    });
  }

  ngOnDestroy(): void {
    this.chart.destroy();
  }
}
