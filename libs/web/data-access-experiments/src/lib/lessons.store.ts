import { Injectable, inject } from '@angular/core';
import { Api, PagedList } from '@kaizen/web/data-access-api';
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

  private filter: LessonFilter = {};
  private readonly pages = new PagedList<LessonDto>((cursor) =>
    this.api.invoke(listLessons, { ...this.filter, cursor, limit: 30 }),
  );

  readonly items = this.pages.items;
  readonly nextCursor = this.pages.nextCursor;
  readonly loading = this.pages.loading;
  readonly loadingMore = this.pages.loadingMore;
  readonly loaded = this.pages.loaded;
  readonly error = this.pages.error;

  async load(filter: LessonFilter): Promise<void> {
    this.filter = filter;
    await this.pages.load();
  }

  async more(): Promise<void> {
    await this.pages.more();
  }

  /** Adopts a lesson for a team: the API starts a follow-up experiment there, which this returns. */
  async adopt(lesson: LessonDto, teamId: string): Promise<ExperimentDto> {
    const followUp = await this.api.invoke(adoptLesson, { id: lesson.id, body: { teamId } });
    this.pages.update((items) =>
      items.map((item) =>
        item.id === lesson.id
          ? {
              ...item,
              adoptionCount: item.adoptionCount + 1,
              followUpExperimentIds: [...item.followUpExperimentIds, followUp.id],
            }
          : item,
      ),
    );
    return followUp;
  }

  exportCsv(): Promise<string> {
    return this.api.invoke(exportLessons);
  }
}
