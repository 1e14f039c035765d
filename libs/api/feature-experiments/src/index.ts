export * from './lib/experiments.module';
export { ExperimentsService } from './lib/experiments.service';
