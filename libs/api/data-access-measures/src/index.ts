export { changeMomentsOf } from './lib/change-moments';
export type { ChangeMomentRow } from './lib/change-moments';
export { measurePointsOf } from './lib/measure-points';
export type { MeasurePointRow } from './lib/measure-points';
export {
  BaselineDto,
  CalendarDate,
  calendarDate,
  MeasureLinksRepository,
  type MeasureLink,
} from './lib/measure-link';
