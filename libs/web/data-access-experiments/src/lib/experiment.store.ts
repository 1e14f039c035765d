import { Injectable, computed, inject, signal } from '@angular/core';
import { allPages, Api, LoadState } from '@kaizen/web/data-access-api';
import {
  CheckInDto,
  CheckInInputDto,
  CommentDto,
  ExperimentDto,
  LessonDto,
  LessonInputDto,
  ResultInputDto,
  TimelineEventDto,
  TransitionDto,
  UpdateExperimentDto,
  addCheckIn,
  addComment,
  captureLesson,
  getExperiment,
  getExperimentTimeline,
  getLesson,
  listCheckIns,
  listComments,
  recordResult,
  transitionExperiment,
  updateExperiment,
} from '@kaizen/web/data-access-api/operations';

/**
 * One experiment with its timeline, check-ins and comments. Provided per page (not in root),
 * so two pages never share a half-loaded experiment. Every write sends the version it read
 * and takes the fresh experiment the API answers with.
 */
@Injectable()
export class ExperimentStore {
  private readonly api = inject(Api);

  private readonly experimentState = signal<ExperimentDto | null>(null);
  private readonly timelineState = signal<readonly TimelineEventDto[]>([]);
  private readonly checkInsState = signal<readonly CheckInDto[]>([]);
  private readonly commentsState = signal<readonly CommentDto[]>([]);
  private readonly lessonState = signal<LessonDto | null>(null);
  private readonly state = new LoadState();

  readonly experiment = this.experimentState.asReadonly();
  readonly timeline = this.timelineState.asReadonly();
  readonly checkIns = this.checkInsState.asReadonly();
  readonly comments = this.commentsState.asReadonly();
  /** The lesson the experiment taught, once captured and when the reader may see it. */
  readonly lesson = this.lessonState.asReadonly();
  readonly loading = this.state.loading;
  readonly error = this.state.error;
  readonly available = computed(() => this.experimentState()?.availableTransitions ?? []);

  async load(id: string): Promise<void> {
    await this.state.track(async () => {
      const [experiment, timeline, checkIns, comments] = await Promise.all([
        this.api.invoke(getExperiment, { id }),
        this.readTimeline(id),
        allPages((page) => this.api.invoke(listCheckIns, { id, ...page })),
        allPages((page) => this.api.invoke(listComments, { id, ...page })),
      ]);
      this.experimentState.set(experiment);
      this.timelineState.set(timeline);
      this.checkInsState.set(checkIns);
      this.commentsState.set(comments);
      await this.reloadLesson(experiment);
    });
  }

  /** Holds an experiment the caller already has (just created), without reading it again. */
  hold(experiment: ExperimentDto): void {
    this.experimentState.set(experiment);
  }

  /** Takes a transition; rejects with the HTTP error (409 names the transitions still open). */
  async transition(transition: TransitionDto['transition'], reason?: string): Promise<ExperimentDto> {
    const current = this.required();
    const body: TransitionDto = { transition, version: current.version, ...(reason ? { reason } : {}) };
    return this.settle(await this.api.invoke(transitionExperiment, { id: current.id, body }));
  }

  async update(body: Omit<UpdateExperimentDto, 'version'>): Promise<ExperimentDto> {
    const current = this.required();
    return this.settle(
      await this.api.invoke(updateExperiment, {
        id: current.id,
        body: { ...body, version: current.version },
      }),
    );
  }

  async recordResult(body: Omit<ResultInputDto, 'version'>): Promise<ExperimentDto> {
    const current = this.required();
    return this.settle(
      await this.api.invoke(recordResult, { id: current.id, body: { ...body, version: current.version } }),
    );
  }

  async captureLesson(body: Omit<LessonInputDto, 'version'>): Promise<ExperimentDto> {
    const current = this.required();
    return this.settle(
      await this.api.invoke(captureLesson, { id: current.id, body: { ...body, version: current.version } }),
    );
  }

  async addCheckIn(body: CheckInInputDto): Promise<void> {
    const current = this.required();
    const checkIn = await this.api.invoke(addCheckIn, { id: current.id, body });
    this.checkInsState.update((checkIns) => [...checkIns, checkIn]);
    await this.reloadTimeline(current.id);
  }

  async addComment(body: string): Promise<void> {
    const current = this.required();
    const comment = await this.api.invoke(addComment, { id: current.id, body: { body } });
    this.commentsState.update((comments) => [...comments, comment]);
    await this.reloadTimeline(current.id);
  }

  private async settle(experiment: ExperimentDto): Promise<ExperimentDto> {
    this.experimentState.set(experiment);
    await Promise.all([this.reloadTimeline(experiment.id), this.reloadLesson(experiment)]);
    return experiment;
  }

  private async reloadLesson(experiment: ExperimentDto): Promise<void> {
    if (!experiment.lessonId) {
      this.lessonState.set(null);
      return;
    }
    try {
      this.lessonState.set(await this.api.invoke(getLesson, { id: experiment.lessonId }));
    } catch {
      // A lesson kept to its team is not shown to others; the page then only says one exists.
      this.lessonState.set(null);
    }
  }

  private readTimeline(id: string): Promise<TimelineEventDto[]> {
    return allPages((page) => this.api.invoke(getExperimentTimeline, { id, ...page }));
  }

  private async reloadTimeline(id: string): Promise<void> {
    try {
      this.timelineState.set(await this.readTimeline(id));
    } catch {
      // The write succeeded; a stale timeline is refreshed on the next visit.
    }
  }

  private required(): ExperimentDto {
    const experiment = this.experimentState();
    if (!experiment) throw new Error('no experiment loaded');
    return experiment;
  }
}
