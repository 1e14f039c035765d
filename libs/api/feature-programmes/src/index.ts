export * from './lib/programmes.module';
export type { CycleStarter } from './lib/cycle-starter';
export { ProgrammesService } from './lib/programmes.service';
