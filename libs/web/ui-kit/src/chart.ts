// Charts for lazy pages: a separate entry point, so nothing of chart.js's wiring reaches the initial bundle.
export { CHART_PALETTE, LazyChart } from './lib/lazy-chart';
