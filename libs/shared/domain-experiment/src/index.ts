export * from './lib/lifecycle';
export * from './lib/approval-routing';
export * from './lib/vocabulary';
