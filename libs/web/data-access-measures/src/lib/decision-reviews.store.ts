import { Injectable, inject, signal } from '@angular/core';
import { Api, LoadState } from '@kaizen/web/data-access-api';
import {
  DecisionReviewItemDto,
  listDecisionReviews,
  reviewExperimentDecision,
} from '@kaizen/web/data-access-api/measures';

export type ReviewOutcome = 'upheld' | 'overturned';

/** Decisions that depart from their rule, waiting for my review: the second step of the approval inbox. */
@Injectable()
export class DecisionReviewsStore {
  private readonly api = inject(Api);
  private readonly itemsState = signal<readonly DecisionReviewItemDto[]>([]);

  readonly state = new LoadState();
  readonly items = this.itemsState.asReadonly();

  load(): Promise<boolean> {
    return this.state.track(async () =>
      this.itemsState.set((await this.api.invoke(listDecisionReviews, { limit: 100 })).items),
    );
  }

  async review(item: DecisionReviewItemDto, outcome: ReviewOutcome, comment: string): Promise<void> {
    await this.api.invoke(reviewExperimentDecision, {
      id: item.experimentId,
      body: { outcome, comment },
    });
    this.itemsState.update((items) => items.filter((i) => i.experimentId !== item.experimentId));
  }
}
