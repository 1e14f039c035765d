export * from './lib/instrument';
export * from './lib/scoring';
export * from './lib/suppression';
export * from './lib/linear-span';
export * from './lib/disclosure';
export * from './lib/scan-results';
