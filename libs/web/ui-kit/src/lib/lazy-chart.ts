import type { Chart, ChartConfiguration } from 'chart.js';

/**
 * One chart.js chart on a canvas, with chart.js imported on first use so it never lands in the
 * initial bundle. Drawing again replaces the chart; when draws overlap, the latest wins.
 */
export class LazyChart {
  private chart: Chart | null = null;
  private drawing = 0;

  /** `configure` gets the theme's palette (primary, tertiary, secondary, error) as read from the canvas. */
  async draw(
    canvas: HTMLCanvasElement,
    configure: (palette: readonly string[]) => ChartConfiguration,
  ): Promise<void> {
    const ticket = ++this.drawing;
    const { Chart, registerables } = await import('chart.js');
    if (ticket !== this.drawing) return;
    Chart.register(...registerables);
    this.chart?.destroy();
    this.chart = new Chart(canvas, configure(themePalette(canvas)));
  }

  destroy(): void {
    this.drawing++;
    this.chart?.destroy();
    this.chart = null;
  }
}

function themePalette(element: Element): readonly string[] {
  const style = getComputedStyle(element);
  return ['--mat-sys-primary', '--mat-sys-tertiary', '--mat-sys-secondary', '--mat-sys-error'].map(
    (name) => style.getPropertyValue(name).trim() || '#005cbb',
  );
}
