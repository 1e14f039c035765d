import { Module, type DynamicModule, type FactoryProvider, type ModuleMetadata } from '@nestjs/common';
import { NotificationsCoreModule } from '@kaizen/api/data-access-notifications';
import { REVIEW_PROGRAMMES, type ReviewProgrammes } from './review-programmes';
import { ReviewsJobs } from './reviews.jobs';
import { ReviewsRepository } from './reviews.repository';
import { ReviewsService } from './reviews.service';

/** Opening review cycles, without HTTP: what the worker runs (no controller, so no Swagger or validation code). */
@Module({
  imports: [NotificationsCoreModule],
  providers: [ReviewsRepository, ReviewsService, ReviewsJobs],
  exports: [ReviewsService],
})
export class ReviewsJobsModule {
  /** With the programmes of a review's unit (see {@link ReviewProgrammes}), as the API serves reviews. */
  static withProgrammes(programmes: {
    imports: ModuleMetadata['imports'];
    useFactory: (...deps: never[]) => ReviewProgrammes;
    inject: FactoryProvider['inject'];
  }): DynamicModule {
    return {
      module: ReviewsJobsModule,
      imports: programmes.imports,
      providers: [
        { provide: REVIEW_PROGRAMMES, useFactory: programmes.useFactory, inject: programmes.inject },
      ],
    };
  }
}
