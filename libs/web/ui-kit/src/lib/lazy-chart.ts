import type { Chart, ChartConfiguration } from 'chart.js';

/**
 * One chart.js chart on a canvas, with chart.js imported on first use so it never lands in the
 * initial bundle. Drawing again replaces the chart; when draws overlap, the latest wins.
 */
export class LazyChart {
  private chart: Chart | null = null;
  private drawing = 0;

  /** `configure` gets a colour-blind-safe palette, one colour per series. */
  async draw(
    canvas: HTMLCanvasElement,
    configure: (palette: readonly string[]) => ChartConfiguration,
  ): Promise<void> {
    const ticket = ++this.drawing;
    const { Chart, registerables } = await import('chart.js');
    if (ticket !== this.drawing) return;
    Chart.register(...registerables);
    this.chart?.destroy();
    this.chart = new Chart(canvas, configure(CHART_PALETTE));
  }

  destroy(): void {
    this.drawing++;
    this.chart?.destroy();
    this.chart = null;
  }
}

/**
 * Okabe and Ito's palette, which people with any common colour-vision deficiency can tell apart; the theme's
 * primary, tertiary and secondary colours are too close in hue for that.
 */
export const CHART_PALETTE: readonly string[] = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#cc79a7',
  '#d55e00',
  '#56b4e9',
];
