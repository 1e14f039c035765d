export { ExperimentsStore, experimentListFilter } from './lib/experiments.store';
export type { ExperimentFilter, ExperimentListQuery } from './lib/experiments.store';
export { ExperimentStore } from './lib/experiment.store';
export { ApprovalsStore } from './lib/approvals.store';
export type { Decision } from './lib/approvals.store';
export { LessonsStore } from './lib/lessons.store';
export type { LessonFilter } from './lib/lessons.store';
