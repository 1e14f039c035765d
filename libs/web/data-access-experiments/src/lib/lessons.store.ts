import { Injectable, inject, signal } from '@angular/core';
import { Api, ApiProblem, toApiProblem } from '@kaizen/web/data-access-api';
import {
  ExperimentDto,
  LessonDto,
  ListLessons$Params,
  adoptLesson,
  exportLessons,
  listLessons,
} from '@kaizen/web/data-access-api/operations';

export type LessonFilter = Omit<ListLessons$Params, 'cursor' | 'limit'>;

/** The lessons library: search, filters, paging, adoption by another team. */
@Injectable({ providedIn: 'root' })
export class LessonsStore {
  private readonly api = inject(Api);

  private readonly itemsState = signal<readonly LessonDto[]>([]);
  private readonly nextCursorState = signal<string | null>(null);
  private readonly loadingState = signal(false);
  private readonly loadedState = signal(false);
  private readonly errorState = signal<ApiProblem | null>(null);
  private filter: LessonFilter = {};

  readonly items = this.itemsState.asReadonly();
  readonly nextCursor = this.nextCursorState.asReadonly();
  readonly loading = this.loadingState.asReadonly();
  readonly loaded = this.loadedState.asReadonly();
  readonly error = this.errorState.asReadonly();

  async load(filter: LessonFilter): Promise<void> {
    this.filter = filter;
    await this.fetch(undefined);
  }

  async more(): Promise<void> {
    const cursor = this.nextCursorState();
    if (cursor) await this.fetch(cursor);
  }

  private async fetch(cursor: string | undefined): Promise<void> {
    this.loadingState.set(true);
    this.errorState.set(null);
    try {
      const page = await this.api.invoke(listLessons, { ...this.filter, cursor, limit: 30 });
      this.itemsState.update((items) => (cursor ? [...items, ...page.items] : page.items));
      this.nextCursorState.set(page.nextCursor);
      this.loadedState.set(true);
    } catch (error) {
      this.errorState.set(toApiProblem(error));
    } finally {
      this.loadingState.set(false);
    }
  }

  /** Adopts a lesson for a team: the API starts a follow-up experiment there, which this returns. */
  async adopt(lesson: LessonDto, teamId: string): Promise<ExperimentDto> {
    const followUp = await this.api.invoke(adoptLesson, { id: lesson.id, body: { teamId } });
    this.itemsState.update((items) =>
      items.map((item) =>
        item.id === lesson.id
          ? { ...item, adoptionCount: item.adoptionCount + 1, followUpExperimentIds: [...item.followUpExperimentIds, followUp.id] }
          : item,
      ),
    );
    return followUp;
  }

  exportCsv(): Promise<string> {
    return this.api.invoke(exportLessons);
  }
}
