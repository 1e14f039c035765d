export { MeasuresStore } from './lib/measures.store';
export { MeasureStore } from './lib/measure.store';
export { ExperimentMeasureStore } from './lib/experiment-measure.store';
export { importProblemsOf } from './lib/import-problems';
export type { ImportProblem } from './lib/import-problems';
