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

export interface ScanChartSeries {
  readonly label: string;
  readonly values: readonly (number | null)[];
}

/**
 * A radar chart of the dimensions, or a line chart of a trend, on the 1–5 scale. chart.js is
 * imported on first use, so it stays out of the initial bundle. The page shows the same figures
 * in a table for screen readers.
 */
@Component({
  selector: 'kz-scan-chart',
  template: `<div class="kz-chart" [class.kz-chart--radar]="type() === 'radar'">
    <canvas #canvas role="img" [attr.aria-label]="label()"></canvas>
  </div>`,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    .kz-chart {
      position: relative;
      height: 300px;
      min-width: 0;
    }
    .kz-chart--radar {
      height: 380px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ScanChartComponent implements OnDestroy {
  /** A label may be several lines: a radar's long names wrap rather than run into each other. */
  readonly labels = input.required<readonly (string | readonly string[])[]>();
  readonly series = input.required<readonly ScanChartSeries[]>();
  readonly type = input<'radar' | 'line'>('radar');
  readonly label = input('');
  /** The Intl locale for the axis and tooltip figures ("3,45" in Dutch). */
  readonly locale = input('en-GB');

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly chart = new LazyChart();

  constructor() {
    effect(() => {
      const labels = this.labels().map((label) => (typeof label === 'string' ? label : [...label]));
      const locale = this.locale();
      const series = this.series();
      const type = this.type();
      const scale = { min: 1, max: 5, ticks: { stepSize: 1 } };
      const radarScale = {
        ...scale,
        pointLabels: { font: { size: 13 }, color: '#333', padding: 6 },
      };
      void this.chart.draw(this.canvas().nativeElement, (palette) => ({
        type,
        data: {
          labels,
          datasets: series.map((s, i) => ({
            label: s.label,
            data: [...s.values],
            borderColor: palette[i % palette.length],
            backgroundColor: translucent(palette[i % palette.length]),
            pointBackgroundColor: palette[i % palette.length],
            fill: type === 'radar',
            borderDash: i % 2 === 1 ? [6, 4] : [],
            spanGaps: true,
          })),
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          locale,
          scales: type === 'radar' ? { r: radarScale } : { y: scale },
          plugins: { legend: { position: 'bottom' } },
        },
      }));
    });
  }

  ngOnDestroy(): void {
    this.chart.destroy();
  }
}

/** A see-through fill for the radar's areas; a colour that is not #rrggbb gets no fill rather than a solid one. */
function translucent(colour: string): string {
  return /^#[0-9a-f]{6}$/i.test(colour) ? `${colour}2e` : 'transparent';
}
