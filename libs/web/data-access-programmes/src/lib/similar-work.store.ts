import { Injectable, OnDestroy, inject, signal } from '@angular/core';
import { Api } from '@kaizen/web/data-access-api';
import { SimilarItemDto, findSimilarWork } from '@kaizen/web/data-access-api/programmes';

/** How long typing must pause before the draft is sent: one request per pause, not per key. */
export const SIMILAR_WORK_DEBOUNCE_MS = 400;
const MIN_DRAFT = 10;

/**
 * "Has this been tried?" while someone writes a problem and hypothesis: earlier experiments and the lessons they may
 * see, closest first. Only the answer to the latest draft is kept. Provided per form.
 */
@Injectable()
export class SimilarWorkStore implements OnDestroy {
  private readonly api = inject(Api);
  private readonly itemsState = signal<SimilarItemDto[]>([]);
  private readonly searchingState = signal(false);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private latest = '';

  readonly items = this.itemsState.asReadonly();
  readonly searching = this.searchingState.asReadonly();

  /** The draft changed: search once typing pauses. */
  draftChanged(text: string, excludeExperimentId?: string): void {
    const draft = text.trim();
    if (this.timer) clearTimeout(this.timer);
    if (draft === this.latest) return;
    this.latest = draft;
    if (draft.length < MIN_DRAFT) {
      this.itemsState.set([]);
      return;
    }
    this.timer = setTimeout(() => void this.search(draft, excludeExperimentId), SIMILAR_WORK_DEBOUNCE_MS);
  }

  ngOnDestroy(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private async search(draft: string, excludeExperimentId?: string): Promise<void> {
    this.searchingState.set(true);
    try {
      const answer = await this.api.invoke(findSimilarWork, {
        body: { text: draft, excludeExperimentId, limit: 5 },
      });
      if (draft === this.latest) this.itemsState.set(answer.items);
    } catch {
      // A hint, not a step: a failed search leaves the form as it is.
    } finally {
      if (draft === this.latest) this.searchingState.set(false);
    }
  }
}
