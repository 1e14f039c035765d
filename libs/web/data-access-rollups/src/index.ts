export { RollupsStore } from './lib/rollups.store';
export type { ComparisonMetric, Period, RollupScope } from './lib/rollups.store';
