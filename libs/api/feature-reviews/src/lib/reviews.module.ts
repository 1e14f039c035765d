import { Module } from '@nestjs/common';
import { NotificationsCoreModule } from '@kaizen/api/data-access-notifications';
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
export class ReviewsModule {}
