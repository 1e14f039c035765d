export { MeasureChartComponent } from './lib/measure-chart.component';
export { changeMarks, chartRows, indexAtOrAfter } from './lib/measure-chart';
export type { ChartKind, ChartRow, MeasureChartAnnotation, MeasureChartData, MeasureChartSignal, SignalClass } from './lib/measure-chart';
