export * from './lib/reviews.module';
export * from './lib/reviews-jobs.module';
export type { ReviewProgrammes } from './lib/review-programmes';
