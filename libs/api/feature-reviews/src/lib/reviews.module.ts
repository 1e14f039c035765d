import { Module, type DynamicModule } from '@nestjs/common';
import { ReviewsController } from './reviews.controller';
import { ReviewsJobsModule } from './reviews-jobs.module';

/** Recurring review cycles of teams, departments and the organisation. */
@Module({
  controllers: [ReviewsController],
})
export class ReviewsModule {
  /** With the programmes of a review's unit, as the API serves reviews: the one way to import it. */
  static withProgrammes(programmes: Parameters<typeof ReviewsJobsModule.withProgrammes>[0]): DynamicModule {
    return { module: ReviewsModule, imports: [ReviewsJobsModule.withProgrammes(programmes)] };
  }
}
