export * from './lib/reviews.module';
