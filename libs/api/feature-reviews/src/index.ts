export * from './lib/reviews.module';
export type { ReviewProgrammes } from './lib/review-programmes';
