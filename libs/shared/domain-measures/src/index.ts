export * from './lib/measure';
export * from './lib/signals';
export * from './lib/binomial';
export * from './lib/run-chart';
export * from './lib/control-chart';
export * from './lib/analysis';
export * from './lib/decision-rule';
export * from './lib/funnel-plot';
