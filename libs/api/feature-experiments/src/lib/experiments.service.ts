import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { AuditLog, type AuditAction, type Actor } from '@kaizen/api/data-access-auth';
import { MeasureLinksRepository } from '@kaizen/api/data-access-measures';
import { WebhookOutbox } from '@kaizen/api/data-access-notifications';
import {
  APP_CONFIG,
  type Clock,
  CLOCK,
  FieldValidationException,
  mapPage,
  type Page,
  type PageQueryDto,
} from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import {
  acceptsCheckIns,
  approvalLevel,
  availableTransitions,
  awaitsLesson,
  decideTransition,
  isDoubleLoop,
  isPlanEditable,
  isTerminal,
  proposalGaps,
  quarterOf,
  type Relation,
  type Transition,
} from '@kaizen/shared/domain-experiment';
import {
  envelopeDto,
  type Experiment,
  experimentDto,
  experimentOf,
  ExperimentEvents,
  experimentSummaryDto,
  type ExperimentSummaryDto,
  type ExperimentFields,
  ExperimentsRepository,
  EnvelopesRepository,
  LessonsRepository,
  participantDto,
  settingsOf,
  type Settings,
  storedColumns,
  type ExperimentDto,
} from '@kaizen/api/data-access-experiments';
import type {
  CheckInDto,
  CheckInInputDto,
  CommentDto,
  CommentInputDto,
  CreateExperimentDto,
  ExperimentQueryDto,
  ResultInputDto,
  TimelineEventDto,
  TransitionDto,
  UpdateExperimentDto,
} from './experiment.dto';
import { checkInDto, commentDto, experimentsCsv, timelineEventDto } from './experiments.mappers';
import type { LessonInputDto } from './lesson-input.dto';
import { ruleInputOf } from './decisions.mappers';
import { DecisionsRepository } from './decisions.repository';
import { DecisionsService } from './decisions.service';

const notFound = () => new NotFoundException('No such experiment in this organisation');
const stale = () =>
  new ConflictException('The experiment was changed by someone else; reload it and try again');
const editors: Relation[] = ['owner', 'participant', 'team_lead', 'org_admin'];
const doers: Relation[] = ['owner', 'participant'];
const PLAN_FIELDS = ['problem', 'hypothesis', 'metric', 'plan', 'request'] as const;
/** The decisions on a proposal, which the audit log keeps: they commit money and hours. */
const auditedDecisions: Partial<Record<Transition, AuditAction>> = {
  approve: 'experiment.approved',
  reject: 'experiment.rejected',
  request_changes: 'experiment.changes_requested',
};

/** The experiment loop: plan, approval, run, result, lesson. Runs inside the request's tenant transaction. */
@Injectable()
export class ExperimentsService {
  constructor(
    private readonly experiments: ExperimentsRepository,
    private readonly envelopes: EnvelopesRepository,
    private readonly lessons: LessonsRepository,
    private readonly decisions: DecisionsRepository,
    private readonly measureLinks: MeasureLinksRepository,
    private readonly proof: DecisionsService,
    private readonly events: ExperimentEvents,
    private readonly webhooks: WebhookOutbox,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(query: ExperimentQueryDto): Promise<Page<ExperimentSummaryDto>> {
    const statuses = query.status === undefined ? undefined : [query.status].flat();
    const page = await this.experiments.list(
      { statuses, teamId: query.teamId, ownerId: query.ownerId, q: query.q, sort: query.sort ?? 'updated' },
      query,
    );
    return mapPage(page, experimentSummaryDto);
  }

  async create(actor: Actor, dto: CreateExperimentDto): Promise<ExperimentDto> {
    if (!(await this.experiments.activeTeam(dto.teamId))) {
      throw new FieldValidationException([
        { field: 'teamId', rule: 'exists', message: 'teamId names no active team here' },
      ]);
    }
    if (
      dto.buildsOnLessonId &&
      !(await this.lessons.findVisible(dto.buildsOnLessonId, actor.membershipId, actor.role === 'org_admin'))
    ) {
      throw new FieldValidationException([
        {
          field: 'buildsOnLessonId',
          rule: 'exists',
          message: 'buildsOnLessonId names no lesson you can see',
        },
      ]);
    }
    // The proof stated with the draft is checked before anything is written: a refusal creates nothing.
    if (dto.decisionRule) {
      const refusals = await this.measureLinks.refusals(dto.decisionRule, 'decisionRule.');
      if (refusals.length > 0) throw new FieldValidationException(refusals);
    }
    const id = uuidv7();
    const fields = { title: dto.title, ...fieldsOf(dto) };
    await this.experiments.create({
      id,
      teamId: dto.teamId,
      ownerId: actor.membershipId,
      buildsOnLessonId: dto.buildsOnLessonId ?? null,
      ...fields,
    });
    if (dto.participantIds) await this.setParticipants(id, dto.participantIds, actor.membershipId);
    if (dto.decisionRule) {
      await this.measureLinks.link(id, dto.decisionRule, [], actor.membershipId);
      await this.decisions.setRule(id, ruleInputOf(dto.decisionRule));
    }
    await this.events.record(actor, {
      experimentId: id,
      type: 'created',
      toStatus: 'draft',
      // the first values, as this event has always recorded them: under their stored names
      changes: Object.fromEntries(
        Object.entries(storedColumns(fields)).map(([k, v]) => [k, { before: null, after: v }]),
      ),
    });
    return this.detail(actor, id);
  }

  async detail(actor: Actor, id: string): Promise<ExperimentDto> {
    const read = await this.experiments.detail(id, actor.membershipId, actor.role === 'org_admin');
    if (!read) throw notFound();
    const experiment = experimentOf(read.experiment);
    return experimentDto(experiment, {
      participants: read.participants,
      approvals: read.approvals,
      decisionRule: read.decisionRule,
      availableTransitions: availableTransitions(experiment.status, read.relations),
    });
  }

  async update(actor: Actor, id: string, dto: UpdateExperimentDto): Promise<ExperimentDto> {
    const experiment = await this.load(id);
    await this.requireRelation(actor, id, editors, 'edit it');
    if (isTerminal(experiment.status))
      throw new ConflictException(`A ${experiment.status} experiment can no longer change`);
    const touchesPlan = PLAN_FIELDS.filter((field) => dto[field] !== undefined);
    if (touchesPlan.length > 0 && !isPlanEditable(experiment.status)) {
      throw new ConflictException(
        `The plan (${touchesPlan.join(', ')}) can change only before approval, in draft or changes requested; this experiment is ${experiment.status}`,
      );
    }
    const fields: ExperimentFields = { title: dto.title, ...fieldsOf(dto) };
    const changes = changesBetween(experiment, fields);
    if (dto.participantIds) {
      const before = (await this.participantIds(id)).sort();
      await this.setParticipants(id, dto.participantIds, experiment.ownerId);
      const after = [...new Set(dto.participantIds)].sort();
      if (before.join() !== after.join()) changes['participants'] = { before, after };
    }
    if (!(await this.experiments.update(id, dto.version, fields))) throw stale();
    await this.events.record(actor, {
      experimentId: id,
      type: 'edited',
      changes,
    });
    return this.detail(actor, id);
  }

  async transition(actor: Actor, id: string, dto: TransitionDto): Promise<ExperimentDto> {
    const found = await this.experiments.forTransition(id, actor.membershipId, actor.role === 'org_admin');
    if (!found) throw notFound();
    const experiment = experimentOf(found.experiment);
    const held = found.relations;
    const decision = decideTransition(experiment.status, dto.transition, held, dto.reason);
    if (!decision.ok) {
      if (decision.reason === 'not_from_this_status') {
        const yours = availableTransitions(experiment.status, held);
        throw new ConflictException({
          message: `Cannot ${dto.transition} an experiment that is ${experiment.status}; from ${experiment.status} you may: ${yours.join(', ') || 'nothing'}`,
          allowedTransitions: yours,
        });
      }
      if (decision.reason === 'not_yours') {
        throw new ForbiddenException(
          `Only ${decision.allowedFor.join(', ')} may ${dto.transition} this experiment`,
        );
      }
      throw new FieldValidationException([
        { field: 'reason', rule: 'required', message: `reason is required to ${dto.transition}` },
      ]);
    }
    const fields: ExperimentFields = { status: decision.to };
    const now = this.clock.now();
    const settings = settingsOf(found.settings);
    await this.sideEffects(actor, experiment, dto.transition, dto.reason ?? '', fields, now, settings);
    if (!(await this.experiments.update(id, dto.version, fields))) throw stale();
    await this.events.record(actor, {
      experimentId: id,
      type: 'transition',
      transition: dto.transition,
      fromStatus: experiment.status,
      toStatus: decision.to,
      reason: dto.reason ?? null,
    });
    const decided = auditedDecisions[dto.transition];
    if (decided) {
      const { status, approvedHours, approvedAmountMinor, envelopeId } = experiment;
      const before = { status, approvedHours, approvedAmountMinor, envelopeId };
      await this.audit.record({
        action: decided,
        targetId: id,
        before,
        after: { ...before, ...fields },
        details: { reason: dto.reason ?? null },
      });
    }
    return this.detail(actor, id);
  }

  async recordResult(actor: Actor, id: string, dto: ResultInputDto): Promise<ExperimentDto> {
    const experiment = await this.load(id);
    await this.requireRelation(actor, id, doers, 'record its result');
    if (experiment.status !== 'running')
      throw new ConflictException(
        `A result is recorded while the experiment runs; it is ${experiment.status}`,
      );
    const fields: ExperimentFields = {
      resultValue: dto.value,
      verdict: dto.verdict,
      evidence: dto.evidence,
      actualHours: dto.actualHours,
      actualSpendMinor: dto.actualSpendMinor,
    };
    const changes = changesBetween(experiment, fields);
    if (!(await this.experiments.update(id, dto.version, fields))) throw stale();
    await this.events.record(actor, {
      experimentId: id,
      type: 'result_recorded',
      changes,
    });
    return this.detail(actor, id);
  }

  async captureLesson(actor: Actor, id: string, dto: LessonInputDto): Promise<ExperimentDto> {
    const experiment = await this.load(id);
    await this.requireRelation(actor, id, doers, 'capture its lesson');
    if (!awaitsLesson(experiment.status) && experiment.status !== 'learned') {
      throw new ConflictException(
        `A lesson is captured once there is a result or the experiment stopped; it is ${experiment.status}`,
      );
    }
    await this.lessons.upsert({
      id: uuidv7(),
      experimentId: id,
      teamId: experiment.teamId,
      departmentId: experiment.departmentId,
      authorId: actor.membershipId,
      insight: dto.insight,
      recommendation: dto.recommendation,
      assumptionBefore: dto.assumptionBefore ?? '',
      assumptionAfter: dto.assumptionAfter ?? '',
      doubleLoop: isDoubleLoop(dto.assumptionBefore, dto.assumptionAfter),
      disciplines: dto.disciplines ?? [],
      tags: dto.tags ?? [],
      visibility: dto.visibility,
      // Data-backed is frozen with the lesson: recorded again while the lesson may change, kept once learned.
      dataBacked: experiment.status === 'learned' ? null : await this.proof.signalAfterChange(id),
    });
    if (!(await this.experiments.update(id, dto.version, {}))) throw stale();
    const { version: _version, ...lesson } = dto;
    await this.events.record(actor, {
      experimentId: id,
      type: 'lesson_captured',
      changes: { lesson: { before: null, after: lesson } },
    });
    // Only lessons the whole organisation may read go to its channels; the first capture posts, edits do not.
    if (dto.visibility === 'organisation') {
      await this.webhooks.publish('lesson.captured', `lesson-captured-${id}`, {
        title: `Lesson captured: ${experiment.title}`,
        lines: [dto.insight, `Recommendation: ${dto.recommendation}`],
        link: new URL(`/experiments/${id}`, this.config.APP_URL).toString(),
      });
    }
    return this.detail(actor, id);
  }

  async checkIn(actor: Actor, id: string, dto: CheckInInputDto): Promise<CheckInDto> {
    const experiment = await this.load(id);
    await this.requireRelation(actor, id, ['owner', 'participant', 'team_lead'], 'check in on it');
    if (!acceptsCheckIns(experiment.status))
      throw new ConflictException(`Check-ins happen while the experiment runs; it is ${experiment.status}`);
    const checkInId = uuidv7();
    await this.experiments.addCheckIn({
      id: checkInId,
      experimentId: id,
      authorId: actor.membershipId,
      progress: dto.progress,
      confidence: dto.confidence,
      blockers: dto.blockers ?? '',
      createdAt: this.clock.now(),
    });
    await this.events.record(actor, {
      experimentId: id,
      type: 'check_in',
      changes: { checkIn: { before: null, after: { id: checkInId, confidence: dto.confidence } } },
    });
    return this.checkInOf(id, checkInId);
  }

  async checkIns(id: string, page: PageQueryDto): Promise<Page<CheckInDto>> {
    await this.load(id);
    return mapPage(await this.experiments.checkIns(id, page), checkInDto);
  }

  async checkInOf(id: string, checkInId: string): Promise<CheckInDto> {
    await this.load(id);
    const row = await this.experiments.checkIn(id, checkInId);
    if (!row) throw new NotFoundException('No such check-in on this experiment');
    return checkInDto(row);
  }

  async timeline(id: string, page: PageQueryDto): Promise<Page<TimelineEventDto>> {
    await this.load(id);
    return mapPage(await this.experiments.timeline(id, page), timelineEventDto);
  }

  async comment(actor: Actor, id: string, dto: CommentInputDto): Promise<CommentDto> {
    await this.load(id);
    const mentions = [...new Set(dto.mentions ?? [])];
    const known = await this.experiments.activeMembers(mentions);
    if (known.length !== mentions.length) {
      throw new FieldValidationException([
        {
          field: 'mentions',
          rule: 'exists',
          message: 'mentions names someone who is not an active member here',
        },
      ]);
    }
    const commentId = uuidv7();
    await this.experiments.addComment({
      id: commentId,
      experimentId: id,
      authorId: actor.membershipId,
      body: dto.body,
      mentions,
    });
    return this.commentOf(id, commentId);
  }

  async comments(id: string, page: PageQueryDto): Promise<Page<CommentDto>> {
    await this.load(id);
    return mapPage(await this.experiments.comments(id, page), commentDto);
  }

  async commentOf(id: string, commentId: string): Promise<CommentDto> {
    await this.load(id);
    const row = await this.experiments.comment(id, commentId);
    if (!row) throw new NotFoundException('No such comment on this experiment');
    return commentDto(row);
  }

  async exportCsv(): Promise<string> {
    const experiments = (await this.experiments.all()).map(experimentOf);
    await this.audit.record({ action: 'experiments.exported', details: { rows: experiments.length } });
    return experimentsCsv(experiments);
  }

  /** What a transition does besides changing the status; adds the fields it sets. */
  private async sideEffects(
    actor: Actor,
    experiment: Experiment,
    transition: Transition,
    reason: string,
    fields: ExperimentFields,
    now: Date,
    settings: Settings,
  ): Promise<void> {
    switch (transition) {
      case 'propose': {
        const gaps = proposalGaps({
          problem: experiment.problem,
          hypothesis: {
            change: experiment.hypothesisChange,
            outcome: experiment.hypothesisOutcome,
            measure: experiment.hypothesisMeasure,
          },
          metric: {
            name: experiment.metricName,
            unit: experiment.metricUnit,
            baseline: experiment.metricBaseline,
            target: experiment.metricTarget,
            direction: experiment.metricDirection,
          },
          plan: { start: experiment.plannedStart, end: experiment.plannedEnd },
        });
        if (gaps.length > 0) {
          throw new FieldValidationException(
            gaps.map((field) => ({
              field,
              rule: 'requiredToPropose',
              message: `${field} is needed before proposing`,
            })),
          );
        }
        const level = approvalLevel(
          { hours: experiment.requestedHours, amountMinor: experiment.requestedAmountMinor },
          { hours: settings.thresholdHours, amountMinor: settings.thresholdAmountMinor },
        );
        await this.experiments.openApproval({
          id: uuidv7(),
          experimentId: experiment.id,
          level,
          hours: experiment.requestedHours,
          amountMinor: experiment.requestedAmountMinor,
          requestedAt: now,
        });
        fields.proposedAt = now;
        return;
      }
      case 'approve': {
        const quarter = quarterOf(
          experiment.plannedStart ? new Date(`${experiment.plannedStart}T12:00:00Z`) : now,
          settings.timeZone,
        );
        const draw = await this.envelopes.draw(
          experiment.teamId,
          quarter,
          experiment.requestedHours,
          experiment.requestedAmountMinor,
        );
        const envelope = draw && envelopeDto(draw.envelope);
        if (envelope && !draw.drawn) {
          // Read again: the statement's own view predates the approvals it queued behind.
          const found = await this.envelopes.find(envelope.id);
          const fresh = found && envelopeDto(found);
          const remaining = {
            hours: fresh?.hoursRemaining ?? 0,
            amountMinor: fresh?.amountRemainingMinor ?? 0,
          };
          const requested = {
            hours: experiment.requestedHours,
            amountMinor: experiment.requestedAmountMinor,
          };
          // `remaining` and `requested` are problem-details extension members, for clients to act on without parsing text.
          throw new ConflictException({
            message:
              `The ${quarter} envelope of ${envelope.scopeName} has ${remaining.hours} hours and ${remaining.amountMinor} (minor units) left; ` +
              `this proposal asks ${requested.hours} hours and ${requested.amountMinor}`,
            envelopeId: envelope.id,
            remaining,
            requested,
          });
        }
        this.decisions.approveRule(experiment.id, actor.membershipId, now);
        fields.approvedHours = experiment.requestedHours;
        fields.approvedAmountMinor = experiment.requestedAmountMinor;
        fields.envelopeId = envelope?.id ?? null;
        this.experiments.decideApproval(experiment.id, {
          by: actor.membershipId,
          decision: 'approved',
          comment: reason,
          envelopeId: envelope?.id ?? null,
        });
        return;
      }
      case 'reject':
      case 'request_changes':
        this.experiments.decideApproval(experiment.id, {
          by: actor.membershipId,
          decision: transition === 'reject' ? 'rejected' : 'changes_requested',
          comment: reason,
          envelopeId: null,
        });
        return;
      case 'start':
        fields.startedAt = now;
        return;
      case 'conclude':
        if (experiment.resultValue === null || experiment.verdict === null)
          throw new ConflictException('Record the result before concluding');
        if (experiment.envelopeId)
          await this.envelopes.recordSpend(
            experiment.envelopeId,
            experiment.actualHours ?? 0,
            experiment.actualSpendMinor ?? 0,
          );
        fields.concludedAt = now;
        return;
      case 'learn':
        if (!experiment.lessonId)
          throw new ConflictException('Capture the lesson before marking the experiment learned');
        if (await this.decisions.reviewPending(experiment.id))
          throw new ConflictException(
            "The team's decision departs from its rule and waits for the approver's review before the lesson is learned",
          );
        fields.learnedAt = now;
        return;
      case 'close':
        fields.closedAt = now;
        return;
      case 'stop':
        return;
    }
  }

  private async load(id: string): Promise<Experiment> {
    const row = await this.experiments.find(id);
    if (!row) throw notFound();
    return experimentOf(row);
  }

  private async participantIds(id: string): Promise<string[]> {
    return (await this.experiments.participants(id)).map((p) => participantDto(p).membershipId);
  }

  private async requireRelation(actor: Actor, id: string, allowed: Relation[], what: string): Promise<void> {
    const held = await this.experiments.relations(id, actor.membershipId, actor.role === 'org_admin');
    if (!held.some((relation) => allowed.includes(relation))) {
      throw new ForbiddenException(`Only ${allowed.join(', ')} may ${what}`);
    }
  }

  private async setParticipants(id: string, ids: string[], ownerId: string): Promise<void> {
    const unique = [...new Set(ids)].filter((p) => p !== ownerId);
    const known = await this.experiments.activeMembers(unique);
    if (known.length !== unique.length) {
      throw new FieldValidationException([
        {
          field: 'participantIds',
          rule: 'exists',
          message: 'participantIds names someone who is not an active member here',
        },
      ]);
    }
    await this.experiments.setParticipants(id, unique);
  }
}

/** The experiment's fields a create or an edit gives, by name; an absent part leaves its fields as they are. */
function fieldsOf(dto: Partial<CreateExperimentDto>): ExperimentFields {
  return {
    problem: dto.problem,
    hypothesisChange: dto.hypothesis?.change,
    hypothesisOutcome: dto.hypothesis?.outcome,
    hypothesisMeasure: dto.hypothesis?.measure,
    metricName: dto.metric?.name,
    metricUnit: dto.metric?.unit,
    metricBaseline: dto.metric ? (dto.metric.baseline ?? null) : undefined,
    metricTarget: dto.metric ? (dto.metric.target ?? null) : undefined,
    metricDirection: dto.metric ? (dto.metric.direction ?? null) : undefined,
    plannedStart: dto.plan ? (dto.plan.start ?? null) : undefined,
    plannedEnd: dto.plan ? (dto.plan.end ?? null) : undefined,
    checkInCadence: dto.plan?.checkInCadence,
    requestedHours: dto.request?.hours,
    requestedAmountMinor: dto.request?.amountMinor,
    disciplines: dto.disciplines,
    tags: dto.tags,
  };
}

/** Each field whose value really changes, with its value before and after: the event's record of an edit. */
function changesBetween(
  experiment: Experiment,
  fields: ExperimentFields,
): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const [field, after] of Object.entries(fields)) {
    if (after === undefined) continue;
    const before = experiment[field as keyof Experiment];
    if (JSON.stringify(before ?? null) !== JSON.stringify(after ?? null))
      changes[field] = { before: before ?? null, after };
  }
  return changes;
}
