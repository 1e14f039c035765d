import { Module, type DynamicModule, type FactoryProvider, type ModuleMetadata } from '@nestjs/common';
import { NotificationsCoreModule } from '@kaizen/api/data-access-notifications';
import { REVIEW_PROGRAMMES, type ReviewProgrammes } from './review-programmes';
import { ReviewsController } from './reviews.controller';
import { ReviewsJobs } from './reviews.jobs';
import { ReviewsRepository } from './reviews.repository';
import { ReviewsService } from './reviews.service';

/** Recurring review cycles of teams, departments and the organisation. */
@Module({
  imports: [NotificationsCoreModule],
  controllers: [ReviewsController],
  providers: [ReviewsRepository, ReviewsService, ReviewsJobs],
})
export class ReviewsModule {
  /** With the programmes of a review's unit (see {@link ReviewProgrammes}), as the API serves reviews. */
  static withProgrammes(programmes: {
    imports: ModuleMetadata['imports'];
    useFactory: (...deps: never[]) => ReviewProgrammes;
    inject: FactoryProvider['inject'];
  }): DynamicModule {
    return {
      module: ReviewsModule,
      imports: programmes.imports,
      providers: [
        { provide: REVIEW_PROGRAMMES, useFactory: programmes.useFactory, inject: programmes.inject },
      ],
    };
  }
}
