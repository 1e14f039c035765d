export * from './lib/lessons.module';
export { LessonsService } from './lib/lessons.service';
export type { ExperimentStarter } from './lib/experiment-starter';
