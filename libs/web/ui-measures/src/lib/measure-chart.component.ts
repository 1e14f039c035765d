import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  OnDestroy,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import type { Chart, ChartConfiguration, Plugin } from 'chart.js';
import { LazyChart } from '@kaizen/web/ui-kit/chart';
import { FORMAT_PIPES, Formats, TranslatePipe, TranslateService } from '@kaizen/web/util-i18n';
import {
  ChartKind,
  MeasureChartData,
  MeasureChartSignal,
  SignalClass,
  changeMarks,
  chartRows,
  indexAtOrAfter,
  signalGroups,
} from './measure-chart';

let nextId = 0;

/**
 * A measure's run or control chart as the API analysed it: the points, the centre line, the limits
 * per point, each linked experiment's baseline and change moments, and the signals, each named by its
 * rule. The table below carries the same figures for screen readers (the canvas's label says so).
 */
@Component({
  selector: 'kz-measure-chart',
  imports: [FORMAT_PIPES, MatButtonToggle, MatButtonToggleGroup, TranslatePipe],
  templateUrl: './measure-chart.component.html',
  styleUrl: './measure-chart.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MeasureChartComponent implements OnDestroy {
  readonly data = input.required<MeasureChartData>();
  /** A smaller chart and table, for a section of another page. */
  readonly compact = input(false);

  private readonly translate = inject(TranslateService);
  private readonly formats = inject(Formats);
  private readonly canvas = viewChild<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly chart = new LazyChart();

  protected readonly tableId = `kz-measure-table-${nextId++}`;
  protected readonly kind = signal<ChartKind>('control');
  protected readonly rows = computed(() => chartRows(this.data(), this.kind()));
  protected readonly signals = computed(() => this.data().signals.filter((s) => s.chart === this.kind()));
  protected readonly groups = computed(() => signalGroups(this.signals()));
  protected readonly changes = computed(() =>
    this.data().annotations.flatMap((a) =>
      a.changes.map((c) => ({ ...c, experimentTitle: a.experimentTitle })),
    ),
  );

  constructor() {
    effect(() => {
      const canvas = this.canvas()?.nativeElement;
      const data = this.data();
      const kind = this.kind();
      this.formats.lang(); // words and dates again after a language switch
      if (!canvas || data.periods.length === 0) {
        this.chart.destroy();
        return;
      }
      untracked(() => void this.chart.draw(canvas, (palette) => this.configure(data, kind, palette)));
    });
  }

  ngOnDestroy(): void {
    this.chart.destroy();
  }

  protected choose(kind: ChartKind): void {
    this.kind.set(kind);
  }

  protected ruleName(signal: MeasureChartSignal): string {
    return this.text(`measures.rules.${signal.rule}`);
  }

  private text(key: string, params?: Record<string, unknown>): string {
    const text: unknown = this.translate.instant(key, params);
    return typeof text === 'string' ? text : key;
  }

  private configure(data: MeasureChartData, kind: ChartKind, palette: readonly string[]): ChartConfiguration {
    const [primary, tertiary, secondary, error] = palette;
    const colourOf: Record<SignalClass, string> = {
      improvement: tertiary,
      concern: error,
      neutral: secondary,
    };
    const rows = chartRows(data, kind);
    const labels = data.periods.map((p) => this.formats.day(p));
    const datasets: ChartConfiguration<'line'>['data']['datasets'] = [
      {
        label: this.text('measures.chart.value'),
        data: [...data.values],
        borderColor: primary,
        backgroundColor: primary,
        pointRadius: 3,
        borderWidth: 2,
      },
      {
        label: this.text(kind === 'control' ? 'measures.chart.centre' : 'measures.chart.median'),
        data: rows.map((r) => r.centre),
        borderColor: secondary,
        backgroundColor: secondary,
        pointRadius: 0,
        borderWidth: 1.5,
        stepped: 'middle',
      },
    ];
    if (kind === 'control') {
      for (const [key, values] of [
        ['measures.chart.upper', rows.map((r) => r.upper)],
        ['measures.chart.lower', rows.map((r) => r.lower)],
      ] as const) {
        datasets.push({
          label: this.text(key),
          data: values,
          borderColor: error,
          backgroundColor: error,
          borderDash: [6, 4],
          pointRadius: 0,
          borderWidth: 1,
          stepped: 'middle',
        });
      }
    }
    // One marked series per rule and class, so the legend and the tooltip name the rule.
    const groups = new Map<string, { signal: MeasureChartSignal; points: Set<number> }>();
    for (const s of data.signals.filter((x) => x.chart === kind)) {
      const key = `${s.rule}|${s.class}`;
      const group = groups.get(key) ?? { signal: s, points: new Set<number>() };
      s.points.forEach((p) => group.points.add(p));
      groups.set(key, group);
    }
    for (const { signal: s, points } of groups.values()) {
      datasets.push({
        label: `${this.ruleName(s)} (${this.text(`measures.class.${s.class}`)})`,
        data: data.values.map((v, i) => (points.has(i) ? v : null)),
        borderColor: colourOf[s.class],
        backgroundColor: colourOf[s.class],
        showLine: false,
        pointStyle: s.class === 'concern' ? 'triangle' : 'rectRot',
        pointRadius: 7,
        pointHoverRadius: 8,
      });
    }
    return {
      type: 'line',
      data: { labels, datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        spanGaps: false,
        scales: { x: { ticks: { maxRotation: 0, autoSkip: true } } },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      },
      plugins: [annotationsPlugin(data, secondary, primary, this.text('measures.chart.baseline'))],
    } as ChartConfiguration;
  }
}

/** Baselines as a light band, change moments as dashed vertical lines with their labels. */
function annotationsPlugin(
  data: MeasureChartData,
  bandColour: string,
  lineColour: string,
  baselineLabel: string,
): Plugin<'line'> {
  const bands = data.annotations.map((a) => ({
    from: indexAtOrAfter(data.periods, a.baseline.from),
    through: indexAtOrAfter(data.periods, a.baseline.through),
  }));
  const marks = changeMarks(data);
  return {
    id: 'kzMeasureAnnotations',
    beforeDatasetsDraw(chart: Chart<'line'>) {
      const { ctx, chartArea: area, scales } = chart;
      const x = scales['x'];
      ctx.save();
      ctx.globalAlpha = 0.12;
      ctx.fillStyle = bandColour;
      for (const band of bands) {
        if (band.from >= data.periods.length) continue;
        const last = Math.min(band.through, data.periods.length - 1);
        const left = Math.max(area.left, x.getPixelForValue(band.from) - 4);
        const right = Math.min(area.right, x.getPixelForValue(last) + 4);
        ctx.fillRect(left, area.top, Math.max(0, right - left), area.bottom - area.top);
        ctx.globalAlpha = 0.9;
        ctx.font = '12px sans-serif';
        ctx.fillText(baselineLabel, left + 4, area.top + 14, Math.max(0, right - left - 8));
        ctx.globalAlpha = 0.12;
      }
      ctx.restore();
    },
    afterDatasetsDraw(chart: Chart<'line'>) {
      const { ctx, chartArea: area, scales } = chart;
      const x = scales['x'];
      ctx.save();
      ctx.strokeStyle = lineColour;
      ctx.fillStyle = lineColour;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([4, 4]);
      ctx.font = '12px sans-serif';
      marks.forEach((mark, i) => {
        const px = x.getPixelForValue(mark.index);
        ctx.beginPath();
        ctx.moveTo(px, area.top);
        ctx.lineTo(px, area.bottom);
        ctx.stroke();
        const room = area.right - px - 8;
        const y = area.top + 30 + (i % 3) * 14;
        if (room > 60) {
          ctx.textAlign = 'left';
          ctx.fillText(mark.label, px + 4, y, room);
        } else {
          ctx.textAlign = 'right';
          ctx.fillText(mark.label, px - 4, y, Math.max(0, px - area.left - 8));
        }
      });
      ctx.restore();
    },
  };
}
