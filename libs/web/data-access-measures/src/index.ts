export { MeasuresStore } from './lib/measures.store';
export { MeasureStore } from './lib/measure.store';
export { ExperimentMeasureStore } from './lib/experiment-measure.store';
export { gridProblemsOf, importProblemsOf } from './lib/import-problems';
export type { ImportProblem } from './lib/import-problems';
export { DecisionStore } from './lib/decision.store';
export { DecisionReviewsStore } from './lib/decision-reviews.store';
export type { ReviewOutcome } from './lib/decision-reviews.store';
