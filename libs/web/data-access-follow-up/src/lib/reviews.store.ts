import { Injectable, inject, signal } from '@angular/core';
import { allPages, Api, LoadState } from '@kaizen/web/data-access-api';
import {
  CadenceDto,
  CreateCadenceDto,
  ReviewDto,
  ReviewSummaryDto,
  addReviewReflection,
  closeReview,
  createReviewCadence,
  getReview,
  listReviewCadences,
  listReviews,
  updateReviewCadence,
} from '@kaizen/web/data-access-api/follow-up';

/** Review cycles: the reviews I can see, one review in detail, and the cadences that open them. */
@Injectable({ providedIn: 'root' })
export class ReviewsStore {
  private readonly api = inject(Api);

  private readonly reviewsState = signal<readonly ReviewSummaryDto[]>([]);
  private readonly reviewState = signal<ReviewDto | null>(null);
  private readonly cadencesState = signal<readonly CadenceDto[]>([]);
  private readonly state = new LoadState();

  readonly reviews = this.reviewsState.asReadonly();
  readonly review = this.reviewState.asReadonly();
  readonly cadences = this.cadencesState.asReadonly();
  readonly loading = this.state.loading;
  readonly loaded = this.state.loaded;
  readonly error = this.state.error;

  loadReviews(): Promise<boolean> {
    return this.state.track(async () =>
      this.reviewsState.set((await this.api.invoke(listReviews, { limit: 100 })).items),
    );
  }

  loadReview(id: string): Promise<boolean> {
    this.reviewState.set(null);
    return this.state.track(async () => this.reviewState.set(await this.api.invoke(getReview, { id })));
  }

  loadCadences(): Promise<boolean> {
    return this.state.track(async () =>
      this.cadencesState.set(await allPages((page) => this.api.invoke(listReviewCadences, page))),
    );
  }

  async reflect(id: string, body: string, experimentId: string | null): Promise<void> {
    this.reviewState.set(
      await this.api.invoke(addReviewReflection, {
        id,
        body: { body, ...(experimentId ? { experimentId } : {}) },
      }),
    );
  }

  async close(id: string, takeaways: string[]): Promise<void> {
    this.reviewState.set(await this.api.invoke(closeReview, { id, body: { takeaways } }));
  }

  async createCadence(cadence: CreateCadenceDto): Promise<void> {
    const created = await this.api.invoke(createReviewCadence, { body: cadence });
    this.cadencesState.update((items) => [...items, created]);
  }

  async setActive(cadence: CadenceDto, active: boolean): Promise<void> {
    const { frequency, weekday, dayOfMonth, hour, minute, timeZone, anchorDate, version } = cadence;
    const updated = await this.api.invoke(updateReviewCadence, {
      id: cadence.id,
      body: { frequency, weekday, dayOfMonth, hour, minute, timeZone, anchorDate, version, active },
    });
    this.cadencesState.update((items) => items.map((item) => (item.id === updated.id ? updated : item)));
  }
}
