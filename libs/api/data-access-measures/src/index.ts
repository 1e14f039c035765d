export { measurePointsOf } from './lib/measure-points';
export type { MeasurePointRow } from './lib/measure-points';
