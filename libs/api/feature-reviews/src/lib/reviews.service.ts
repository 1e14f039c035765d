import {
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
  Optional,
} from '@nestjs/common';
import { DateTime } from 'luxon';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '@kaizen/api/data-access-auth';
import { Db } from '@kaizen/api/data-access-db';
import { Notifier, WebhookOutbox } from '@kaizen/api/data-access-notifications';
import { JobProducer } from '@kaizen/api/data-access-queue';
import {
  APP_CONFIG,
  CLOCK,
  FieldValidationException,
  mapPage,
  type Clock,
  type Page,
  type PageQueryDto,
} from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import {
  cadenceProblems,
  isTimeZone,
  latestMissedOpening,
  nextOccurrence,
  opensWhenDue,
  reviewPeriod,
  type ReviewCadence,
} from '@kaizen/shared/domain-schedules';
import type {
  AddReflectionDto,
  CadenceDto,
  CadenceSettingsDto,
  CreateCadenceDto,
  ProgrammeCadenceDto,
  ReviewDto,
  ReviewQueryDto,
  ReviewSummaryDto,
  SetProgrammeCadenceDto,
  UpdateCadenceDto,
} from './reviews.dto';
import {
  cadenceDto,
  cadenceOf,
  innerReviewDto,
  reflectionDto,
  reviewExperimentDto,
  reviewLessonDto,
  reviewOf,
  reviewSummaryDto,
  type StoredCadence,
  type StoredReview,
} from './reviews.mappers';
import { REVIEW_PROGRAMMES, type ReviewProgrammes } from './review-programmes';
import { ReviewsRepository, type UnitType } from './reviews.repository';

export type OpenOutcome = 'opened' | 'already-open' | 'not-scheduled';

/** Review cycles: cadences open reviews on time; people reflect; a manager closes with lessons. */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly reviews: ReviewsRepository,
    private readonly notifier: Notifier,
    private readonly webhooks: WebhookOutbox,
    private readonly jobs: JobProducer,
    private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(REVIEW_PROGRAMMES) private readonly programmes?: ReviewProgrammes,
  ) {}

  async cadences(page: PageQueryDto): Promise<Page<CadenceDto>> {
    const now = this.clock.now();
    return mapPage(await this.reviews.cadences(page), (row) => cadenceDto(cadenceOf(row), now));
  }

  async cadenceDetail(id: string): Promise<CadenceDto> {
    const cadence = await this.cadence(id);
    if (!cadence) throw new NotFoundException('No such cadence');
    return cadenceDto(cadence, this.clock.now());
  }

  /** A programme team's own rhythm, and whether the actor may set it. */
  async programmeCadence(actor: Actor, programmeId: string): Promise<ProgrammeCadenceDto> {
    const programme = await this.programme(programmeId);
    const row = await this.reviews.programmeCadence(programmeId);
    return {
      cadence: row ? cadenceDto(cadenceOf(row), this.clock.now()) : null,
      canManage: leads(actor, programme),
    };
  }

  /** The programme's lead (or an admin) sets, changes or pauses its team's rhythm; the first set creates it. */
  async setProgrammeCadence(
    actor: Actor,
    programmeId: string,
    dto: SetProgrammeCadenceDto,
  ): Promise<CadenceDto> {
    const programme = await this.programme(programmeId);
    if (!leads(actor, programme))
      throw new ForbiddenException("Only the programme's lead or an admin sets its review rhythm");
    if (programme.archived_at) throw new ConflictException('The programme is archived');
    const existing = await this.reviews.programmeCadence(programmeId);
    if (existing) {
      if (dto.version === undefined)
        throw fieldError('version', 'required', 'version is required to change a rhythm that is set');
      return this.updateCadence(existing.id, {
        ...dto,
        version: dto.version,
        active: dto.active ?? existing.active,
      });
    }
    const created = await this.insertCadence('programme', programmeId, dto);
    return dto.active === false
      ? this.updateCadence(created.id, { ...dto, version: created.version, active: false })
      : created;
  }

  async createCadence(dto: CreateCadenceDto): Promise<CadenceDto> {
    const unitId =
      dto.unitType === 'team'
        ? (dto.teamId as string)
        : dto.unitType === 'department'
          ? (dto.departmentId as string)
          : null;
    if (dto.unitType !== 'team' && dto.teamId)
      throw fieldError('teamId', 'absent', `teamId belongs only to a team cadence`);
    if (dto.unitType !== 'department' && dto.departmentId)
      throw fieldError('departmentId', 'absent', `departmentId belongs only to a department cadence`);
    if (!(await this.reviews.unitExists(dto.unitType, unitId))) {
      const field = dto.unitType === 'team' ? 'teamId' : 'departmentId';
      throw fieldError(field, 'exists', `${field} names no active ${dto.unitType} here`);
    }
    return this.insertCadence(dto.unitType, unitId, dto);
  }

  private async insertCadence(
    unitType: UnitType,
    unitId: string | null,
    dto: CadenceSettingsDto,
  ): Promise<CadenceDto> {
    const id = uuidv7();
    const created = await this.reviews.createCadence(id, unitType, unitId, await this.settings(dto));
    if (!created)
      throw new ConflictException(`That ${unitType} already has a review cadence; change it instead`);
    const cadence = (await this.cadence(id)) as StoredCadence;
    this.scheduleNext(cadence, this.clock.now());
    return cadenceDto(cadence, this.clock.now());
  }

  /** A programme's rhythm is its lead's: through this route only an admin changes it. */
  async updateUnitCadence(actor: Actor, id: string, dto: UpdateCadenceDto): Promise<CadenceDto> {
    const existing = await this.cadence(id);
    if (existing?.unitType === 'programme' && actor.role !== 'org_admin')
      throw new ForbiddenException("A programme's review rhythm is set on the programme, by its lead");
    return this.updateCadence(id, dto);
  }

  async updateCadence(id: string, dto: UpdateCadenceDto): Promise<CadenceDto> {
    const existing = await this.cadence(id);
    if (!existing) throw new NotFoundException('No such cadence');
    const settings = await this.settings(dto, existing);
    if (!(await this.reviews.updateCadence(id, dto.version, settings, dto.active, this.clock.now()))) {
      throw new ConflictException('The cadence was changed by someone else; reload it and try again');
    }
    const cadence = (await this.cadence(id)) as StoredCadence;
    // The job of the old moment finds the cadence changed and does nothing; this one is the new moment.
    if (cadence.active) this.scheduleNext(cadence, this.clock.now());
    return cadenceDto(cadence, this.clock.now());
  }

  /** Opens the cycle of `opensAt` once, tells the unit, and schedules the next cycle. */
  async open(cadenceId: string, opensAt: Date): Promise<OpenOutcome> {
    const cadence = await this.cadence(cadenceId, true);
    // A paused or changed cadence no longer opens at this moment; its new moment has its own job.
    if (
      !cadence?.active ||
      cadence.unitArchived ||
      nextOccurrence(cadence, new Date(opensAt.getTime() - 1)).getTime() !== opensAt.getTime()
    )
      return 'not-scheduled';
    const now = this.clock.now();
    if (!opensWhenDue(cadence, opensAt, now)) {
      // A moment that passed while nothing ran, with a later one passed too (or from before a pause): it never
      // opens. The latest missed one does, and the next opening counts from now.
      const latest = latestMissedOpening(cadence, now);
      if (latest && !(await this.reviews.reviewOpenedAt(cadence.id, latest)))
        this.enqueueOpening(cadence, latest, now);
      this.scheduleNext(cadence, now);
      return 'not-scheduled';
    }
    const reviewId = await this.reviews.openReview(
      uuidv7(),
      cadence.id,
      opensAt,
      reviewPeriod(cadence, opensAt),
    );
    this.scheduleNext(cadence, new Date(Math.max(opensAt.getTime(), now.getTime())));
    if (!reviewId) return 'already-open';
    for (const recipientId of await this.reviews.unitMembers(cadence.id)) {
      await this.notifier.notify({
        recipientId,
        kind: 'review_opened',
        dedupeKey: `review-${reviewId}`,
        subjectType: 'review',
        subjectId: reviewId,
        params: { reviewId, unitName: cadence.unitName },
      });
    }
    await this.webhooks.publish('review.opened', `review-opened-${reviewId}`, {
      title: `Review opened: ${cadence.unitName}`,
      lines: [`The ${cadence.frequency} review of ${cadence.unitName} is open for reflections.`],
      link: this.link(`/reviews/${reviewId}`),
    });
    return 'opened';
  }

  /**
   * Rebuilds the openings from the cadences: the next opening of each gets its job, and a cycle
   * whose moment passed without a review (the queue lost it) opens now; only the latest, never a backlog.
   */
  async reconcile(): Promise<{ cadences: number; caughtUp: number }> {
    const now = this.clock.now();
    const organisationId = this.db.scope.organisationId as string;
    let caughtUp = 0;
    const cadences = (await this.reviews.activeCadences()).map(cadenceOf);
    for (const cadence of cadences) {
      const missed = latestMissedOpening(cadence, now);
      if (missed && !(await this.reviews.reviewOpenedAt(cadence.id, missed))) {
        caughtUp += 1;
        this.db.afterCommit(async () => {
          await this.jobs.ensure(
            'reviews',
            'open',
            { organisationId, cadenceId: cadence.id, opensAt: missed.toISOString() },
            { jobId: openJobId(cadence.id, missed), delayMs: 0 },
          );
        });
      }
      const next = nextOccurrence(cadence, now);
      this.db.afterCommit(async () => {
        await this.jobs.ensure(
          'reviews',
          'open',
          { organisationId, cadenceId: cadence.id, opensAt: next.toISOString() },
          { jobId: openJobId(cadence.id, next), delayMs: next.getTime() - now.getTime() },
        );
      });
    }
    return { cadences: cadences.length, caughtUp };
  }

  async list(actor: Actor, query: ReviewQueryDto): Promise<Page<ReviewSummaryDto>> {
    const page = await this.reviews.visibleReviews(actor.membershipId, actor.role === 'org_admin', query);
    return mapPage(page, (row) => reviewSummaryDto(reviewOf(row)));
  }

  async get(actor: Actor, id: string): Promise<ReviewDto> {
    const { review, manage } = await this.visible(actor, id);
    // One after the other: they share the request's transaction, and one client runs one query at a time.
    const programme = review.unitType === 'programme';
    const awaitingReflection = await this.reviews.awaitingReflection(id, programme);
    const lessons = await this.reviews.lessons(id, programme);
    const innerReviews = await this.reviews.innerReviews(id);
    const reflections = await this.reviews.reflections(id);
    const programmes =
      (await this.programmes?.inUnit(
        { type: review.unitType, id: review.unitType === 'organisation' ? null : review.unitId },
        { start: review.periodStart.toISOString(), end: review.periodEnd.toISOString() },
      )) ?? [];
    return {
      ...reviewSummaryDto(review),
      takeaways: review.takeaways,
      closedAt: review.closedAt?.toISOString() ?? null,
      closedByName: review.closedByName,
      canClose: manage && review.status === 'open',
      awaitingReflection: awaitingReflection.map(reviewExperimentDto),
      lessons: lessons.map(reviewLessonDto),
      innerReviews: innerReviews.map(innerReviewDto),
      reflections: reflections.map(reflectionDto),
      programmes,
    };
  }

  async reflect(actor: Actor, id: string, dto: AddReflectionDto): Promise<ReviewDto> {
    const { review } = await this.visible(actor, id, true);
    if (review.status !== 'open')
      throw new ConflictException('This review is closed; reflections can no longer be added');
    if (
      dto.experimentId &&
      !(await this.reviews.experimentInScope(id, dto.experimentId, review.unitType === 'programme'))
    ) {
      throw fieldError('experimentId', 'inUnit', `experimentId names no experiment of ${review.unitName}`);
    }
    await this.reviews.addReflection(uuidv7(), id, actor.membershipId, dto.body, dto.experimentId ?? null);
    return this.get(actor, id);
  }

  async close(actor: Actor, id: string, takeaways: string[]): Promise<ReviewDto> {
    const { review, manage } = await this.visible(actor, id, true);
    if (!manage)
      throw new ForbiddenException(
        `Only the leads, heads or admins of ${review.unitName} may close its review`,
      );
    if (review.status !== 'open') throw new ConflictException('This review is closed already');
    await this.reviews.close(
      id,
      actor.membershipId,
      takeaways.map((takeaway) => takeaway.trim()),
      this.clock.now(),
    );
    await this.webhooks.publish('review.closed', `review-closed-${id}`, {
      title: `Review closed: ${review.unitName}`,
      lines: takeaways.map((takeaway) => `• ${takeaway}`),
      link: this.link(`/reviews/${id}`),
    });
    return this.get(actor, id);
  }

  /** A review the actor may not see is, to them, no review at all. */
  private async visible(
    actor: Actor,
    id: string,
    lock = false,
  ): Promise<{ review: StoredReview; manage: boolean }> {
    const row = await this.reviews.review(id, lock);
    const review = row ? reviewOf(row) : null;
    const access = review
      ? await this.reviews.access(id, actor.membershipId, actor.role === 'org_admin')
      : null;
    if (!review || !access?.visible) throw new NotFoundException('No such review');
    return { review, manage: access.manage };
  }

  private async settings(dto: CadenceSettingsDto, existing?: StoredCadence): Promise<ReviewCadence> {
    const zone = dto.timeZone ?? existing?.timeZone ?? (await this.organisationTimeZone());
    const cadence: ReviewCadence = {
      frequency: dto.frequency,
      weekday: dto.weekday ?? existing?.weekday ?? 1,
      dayOfMonth: dto.dayOfMonth ?? existing?.dayOfMonth ?? 1,
      hour: dto.hour,
      minute: dto.minute ?? 0,
      timeZone: zone,
      // An unknown zone is reported as such below; the anchor then falls back to UTC rather than adding a second error.
      anchorDate:
        dto.anchorDate ??
        existing?.anchorDate ??
        (DateTime.fromJSDate(this.clock.now(), {
          zone: isTimeZone(zone) ? zone : 'UTC',
        }).toISODate() as string),
    };
    const problems = cadenceProblems(cadence);
    const fields = Object.keys(problems);
    if (fields.length > 0)
      throw new FieldValidationException(
        fields.map((field) => ({ field, rule: 'valid', message: `${field} ${problems[field]}` })),
      );
    return cadence;
  }

  private async programme(programmeId: string) {
    const programme = await this.reviews.programme(programmeId);
    if (!programme) throw new NotFoundException('No such programme in this organisation');
    return programme;
  }

  private async organisationTimeZone(): Promise<string> {
    return (await this.reviews.organisationTimeZone()) ?? 'Europe/Amsterdam';
  }

  private async cadence(id: string, lock = false): Promise<StoredCadence | null> {
    const row = await this.reviews.cadence(id, lock);
    return row ? cadenceOf(row) : null;
  }

  private scheduleNext(cadence: StoredCadence, after: Date): void {
    this.enqueueOpening(cadence, nextOccurrence(cadence, after), this.clock.now());
  }

  private enqueueOpening(cadence: StoredCadence, opensAt: Date, now: Date): void {
    const organisationId = this.db.scope.organisationId as string;
    this.db.afterCommit(async () => {
      await this.jobs.enqueue(
        'reviews',
        'open',
        { organisationId, cadenceId: cadence.id, opensAt: opensAt.toISOString() },
        { jobId: openJobId(cadence.id, opensAt), delayMs: Math.max(0, opensAt.getTime() - now.getTime()) },
      );
    });
  }

  private link(path: string): string {
    return new URL(path, this.config.APP_URL).toString();
  }
}

function leads(actor: Actor, programme: { owner_membership_id: string }): boolean {
  return actor.role === 'org_admin' || programme.owner_membership_id === actor.membershipId;
}

function openJobId(cadenceId: string, opensAt: Date): string {
  return `review-${cadenceId}-${opensAt.getTime()}`;
}

function fieldError(field: string, rule: string, message: string): FieldValidationException {
  return new FieldValidationException([{ field, rule, message }]);
}
