import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  OnDestroy,
  effect,
  input,
  viewChild,
} from '@angular/core';
import { funnelCurve } from '@kaizen/shared/domain-measures';
import type { ComparisonDto } from '@kaizen/web/data-access-api/operations';
import { LazyChart } from '@kaizen/web/ui-kit/chart';

/** What the chart's lines and axes are called, in the reader's language. */
export interface FunnelChartLabels {
  readonly departments: string;
  readonly target: string;
  readonly limits95: string;
  readonly limits998: string;
  readonly exposure: string;
  readonly value: string;
}

/**
 * Departments on a funnel plot: value against exposure, the organisation's rate as the target line, and the
 * 95 % and 99.8 % limits narrowing as exposure grows. The limits are drawn with the domain's own `funnelCurve`,
 * so the picture and the API's within/above/below cannot disagree. The table beside it carries the same figures.
 */
@Component({
  selector: 'kz-funnel-chart',
  template: `<div class="kz-chart"><canvas #canvas role="img" [attr.aria-label]="label()"></canvas></div>`,
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
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FunnelChartComponent implements OnDestroy {
  readonly comparison = input.required<ComparisonDto>();
  readonly labels = input.required<FunnelChartLabels>();
  readonly label = input('');

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly chart = new LazyChart();

  constructor() {
    effect(() => {
      const { funnel, departments } = this.comparison();
      const labels = this.labels();
      const points = departments
        .filter((d) => d.value !== null && d.exposure > 0)
        .map((d) => ({ x: d.exposure, y: d.value as number, name: d.name }));
      const exposures = points.map((p) => p.x);
      const from = Math.max(Math.min(...exposures) / 2, 0.5);
      const to = Math.max(...exposures) * 1.2;
      const curve = points.length > 0 ? funnelCurve(funnel, from, to) : [];
      const line = (key: 'lower95' | 'upper95' | 'lower998' | 'upper998') =>
        curve.map((c) => ({ x: c.exposure, y: c[key] }));
      void this.chart.draw(this.canvas().nativeElement, (palette) => {
        const limit = (label: string, data: { x: number; y: number }[], dash: number[], hidden = false) => ({
          type: 'line' as const,
          label,
          data,
          borderColor: palette[2],
          borderDash: dash,
          borderWidth: 1,
          pointRadius: 0,
          fill: false,
          hidden,
        });
        return {
          type: 'scatter',
          data: {
            datasets: [
              {
                label: labels.departments,
                data: points,
                backgroundColor: palette[0],
                pointRadius: 5,
              },
              {
                type: 'line',
                label: labels.target,
                data:
                  funnel.target === null ? [] : [from, to].map((x) => ({ x, y: funnel.target as number })),
                borderColor: palette[1],
                borderWidth: 2,
                pointRadius: 0,
              },
              limit(labels.limits95, line('upper95'), [6, 4]),
              limit(labels.limits95, line('lower95'), [6, 4]),
              limit(labels.limits998, line('upper998'), [2, 3]),
              limit(labels.limits998, line('lower998'), [2, 3]),
            ],
          },
          options: {
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            scales: {
              x: { type: 'linear', title: { display: true, text: labels.exposure }, beginAtZero: true },
              y: { title: { display: true, text: labels.value }, beginAtZero: true },
            },
            plugins: {
              // Each limit is two lines with one name: the legend names it once.
              legend: {
                position: 'bottom',
                labels: {
                  filter: (item, data) =>
                    data.datasets.findIndex((d) => d.label === item.text) === item.datasetIndex,
                },
              },
              tooltip: {
                callbacks: {
                  label: (item) => {
                    const raw = item.raw as { x: number; y: number; name?: string };
                    return raw.name ? `${raw.name}: ${raw.y}` : `${item.dataset.label}: ${raw.y.toFixed(2)}`;
                  },
                },
              },
            },
          },
        };
      });
    });
  }

  ngOnDestroy(): void {
    this.chart.destroy();
  }
}
