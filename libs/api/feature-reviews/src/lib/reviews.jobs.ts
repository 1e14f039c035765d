import { Injectable, Logger } from '@nestjs/common';
import { JobHandler, type JobContext } from '@kaizen/api/data-access-queue';
import type { OpenReviewPayload, TenantJob } from '@kaizen/shared/util-jobs';
import { ReviewsService } from './reviews.service';

@Injectable()
export class ReviewsJobs {
  private readonly logger = new Logger('Reviews');

  constructor(private readonly reviews: ReviewsService) {}

  @JobHandler('reviews', 'open')
  async open(payload: OpenReviewPayload, context: JobContext): Promise<void> {
    const outcome = await this.reviews.open(payload.cadenceId, new Date(payload.opensAt));
    this.logger.log(
      { jobId: context.jobId, cadenceId: payload.cadenceId, opensAt: payload.opensAt, outcome },
      'review cycle',
    );
  }

  @JobHandler('reviews', 'reconcile')
  async reconcile(_payload: TenantJob): Promise<void> {
    await this.reviews.reconcile();
  }
}
