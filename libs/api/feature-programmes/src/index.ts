export * from './lib/programmes.module';
export type { CycleStarter } from './lib/cycle-starter';
