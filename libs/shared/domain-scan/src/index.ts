export * from './lib/instrument';
export * from './lib/scoring';
export * from './lib/suppression';
