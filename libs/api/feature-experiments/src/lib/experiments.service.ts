import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '@kaizen/api/data-access-auth';
import { WebhookOutbox } from '@kaizen/api/data-access-notifications';
import { APP_CONFIG, type Clock, CLOCK, decodeCursor, encodeCursor, FieldValidationException, toCsv } from '@kaizen/api/util-core';
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
import { BudgetsRepository } from './budgets.repository';
import type {
  CheckInDto,
  CheckInInputDto,
  CommentDto,
  CommentInputDto,
  CreateExperimentDto,
  ExperimentDto,
  ExperimentPageDto,
  ExperimentQueryDto,
  ExperimentSummaryDto,
  ResultInputDto,
  TimelineEventDto,
  TransitionDto,
  UpdateExperimentDto,
} from './experiment.dto';
import { ExperimentsRepository, type ExperimentColumns, type ExperimentRow } from './experiments.repository';
import type { LessonInputDto } from './lesson.dto';
import { ExperimentEvents } from './experiment-events';
import { LessonsRepository } from './lessons.repository';

const notFound = () => new NotFoundException('No such experiment in this organisation');
const stale = () => new ConflictException('The experiment was changed by someone else; reload it and try again');
const editors: Relation[] = ['owner', 'participant', 'team_lead', 'org_admin'];
const doers: Relation[] = ['owner', 'participant'];
const PLAN_FIELDS = ['problem', 'hypothesis', 'metric', 'plan', 'request'] as const;

/** The experiment loop: plan, approval, run, result, lesson. Runs inside the request's tenant transaction. */
@Injectable()
export class ExperimentsService {
  constructor(
    private readonly experiments: ExperimentsRepository,
    private readonly budgets: BudgetsRepository,
    private readonly lessons: LessonsRepository,
    private readonly events: ExperimentEvents,
    private readonly webhooks: WebhookOutbox,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(query: ExperimentQueryDto): Promise<ExperimentPageDto> {
    const statuses = query.status === undefined ? undefined : [query.status].flat();
    const { items, last } = await this.experiments.list({
      statuses,
      teamId: query.teamId,
      ownerId: query.ownerId,
      q: query.q,
      sort: query.sort ?? 'updated',
      limit: query.limit ?? 50,
      after: decodeCursor(query.cursor, query.sort === 'title' ? 'text' : 'timestamp'),
    });
    return { items, nextCursor: encodeCursor(last) };
  }

  async create(actor: Actor, dto: CreateExperimentDto): Promise<ExperimentDto> {
    if (!(await this.experiments.activeTeam(dto.teamId))) {
      throw new FieldValidationException([{ field: 'teamId', rule: 'exists', message: 'teamId names no active team here' }]);
    }
    if (dto.buildsOnLessonId && !(await this.lessons.findVisible(dto.buildsOnLessonId, actor.membershipId, actor.role === 'org_admin'))) {
      throw new FieldValidationException([{ field: 'buildsOnLessonId', rule: 'exists', message: 'buildsOnLessonId names no lesson you can see' }]);
    }
    const id = uuidv7();
    const columns = { title: dto.title, ...columnsOf(dto) };
    await this.experiments.create({ id, teamId: dto.teamId, ownerId: actor.membershipId, buildsOnLessonId: dto.buildsOnLessonId ?? null, ...columns });
    if (dto.participantIds) await this.setParticipants(id, dto.participantIds, actor.membershipId);
    await this.events.record(actor, {
      experimentId: id,
      type: 'created',
      toStatus: 'draft',
      changes: Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, { before: null, after: v }])),
    });
    return this.detail(actor, id);
  }

  async detail(actor: Actor, id: string): Promise<ExperimentDto> {
    const row = await this.experiments.find(id);
    if (!row) throw notFound();
    const held = await this.experiments.relations(id, actor.membershipId, actor.role === 'org_admin');
    return {
      ...summaryOf(row),
      problem: row.problem,
      hypothesis: { change: row.hypothesisChange, outcome: row.hypothesisOutcome, measure: row.hypothesisMeasure },
      metric: { name: row.metricName, unit: row.metricUnit, baseline: row.metricBaseline, target: row.metricTarget, direction: row.metricDirection },
      plan: { start: row.plannedStart, end: row.plannedEnd, checkInCadence: row.checkInCadence },
      request: { hours: row.requestedHours, amountMinor: row.requestedAmountMinor },
      approved: row.approvedHours === null ? null : { hours: row.approvedHours, amountMinor: row.approvedAmountMinor ?? 0 },
      result:
        row.resultValue === null || row.verdict === null
          ? null
          : { value: row.resultValue, verdict: row.verdict, evidence: row.evidence ?? '', actualHours: row.actualHours ?? 0, actualSpendMinor: row.actualSpendMinor ?? 0 },
      participants: await this.experiments.participants(id),
      disciplines: row.disciplines as ExperimentDto['disciplines'],
      buildsOnLessonId: row.buildsOnLessonId,
      lessonId: row.lessonId,
      approvals: await this.experiments.approvals(id),
      availableTransitions: availableTransitions(row.status, held),
      createdAt: row.createdAt,
    };
  }

  async update(actor: Actor, id: string, dto: UpdateExperimentDto): Promise<ExperimentDto> {
    const row = await this.load(id);
    await this.requireRelation(actor, id, editors, 'edit it');
    if (isTerminal(row.status)) throw new ConflictException(`A ${row.status} experiment can no longer change`);
    const touchesPlan = PLAN_FIELDS.filter((field) => dto[field] !== undefined);
    if (touchesPlan.length > 0 && !isPlanEditable(row.status)) {
      throw new ConflictException(
        `The plan (${touchesPlan.join(', ')}) can change only before approval, in draft or changes requested; this experiment is ${row.status}`,
      );
    }
    const columns: ExperimentColumns = { title: dto.title, ...columnsOf(dto) };
    const changes = changesBetween(row, columns);
    if (dto.participantIds) {
      const before = (await this.experiments.participants(id)).map((p) => p.membershipId).sort();
      await this.setParticipants(id, dto.participantIds, row.ownerId);
      const after = [...new Set(dto.participantIds)].sort();
      if (before.join() !== after.join()) changes['participants'] = { before, after };
    }
    if (!(await this.experiments.update(id, dto.version, columns))) throw stale();
    await this.events.record(actor, {
      experimentId: id, type: 'edited', changes });
    return this.detail(actor, id);
  }

  async transition(actor: Actor, id: string, dto: TransitionDto): Promise<ExperimentDto> {
    const row = await this.load(id);
    const held = await this.experiments.relations(id, actor.membershipId, actor.role === 'org_admin');
    const decision = decideTransition(row.status, dto.transition, held, dto.reason);
    if (!decision.ok) {
      if (decision.reason === 'not_from_this_status') {
        const yours = availableTransitions(row.status, held);
        throw new ConflictException({
          message: `Cannot ${dto.transition} an experiment that is ${row.status}; from ${row.status} you may: ${yours.join(', ') || 'nothing'}`,
          allowedTransitions: yours,
        });
      }
      if (decision.reason === 'not_yours') {
        throw new ForbiddenException(`Only ${decision.allowedFor.join(', ')} may ${dto.transition} this experiment`);
      }
      throw new FieldValidationException([{ field: 'reason', rule: 'required', message: `reason is required to ${dto.transition}` }]);
    }
    const columns: ExperimentColumns = { status: decision.to };
    const now = this.clock.now();
    await this.sideEffects(actor, row, dto.transition, dto.reason ?? '', columns, now);
    if (!(await this.experiments.update(id, dto.version, columns))) throw stale();
    await this.events.record(actor, {
      experimentId: id,
      type: 'transition',
      transition: dto.transition,
      fromStatus: row.status,
      toStatus: decision.to,
      reason: dto.reason ?? null,
    });
    return this.detail(actor, id);
  }

  async recordResult(actor: Actor, id: string, dto: ResultInputDto): Promise<ExperimentDto> {
    const row = await this.load(id);
    await this.requireRelation(actor, id, doers, 'record its result');
    if (row.status !== 'running') throw new ConflictException(`A result is recorded while the experiment runs; it is ${row.status}`);
    const columns: ExperimentColumns = {
      result_value: dto.value,
      verdict: dto.verdict,
      evidence: dto.evidence,
      actual_hours: dto.actualHours,
      actual_spend_minor: dto.actualSpendMinor,
    };
    const changes = changesBetween(row, columns);
    if (!(await this.experiments.update(id, dto.version, columns))) throw stale();
    await this.events.record(actor, {
      experimentId: id, type: 'result_recorded', changes });
    return this.detail(actor, id);
  }

  async captureLesson(actor: Actor, id: string, dto: LessonInputDto): Promise<ExperimentDto> {
    const row = await this.load(id);
    await this.requireRelation(actor, id, doers, 'capture its lesson');
    if (!awaitsLesson(row.status) && row.status !== 'learned') {
      throw new ConflictException(`A lesson is captured once there is a result or the experiment stopped; it is ${row.status}`);
    }
    await this.lessons.upsert({
      id: uuidv7(),
      experimentId: id,
      teamId: row.teamId,
      departmentId: row.departmentId,
      authorId: actor.membershipId,
      insight: dto.insight,
      recommendation: dto.recommendation,
      assumptionBefore: dto.assumptionBefore ?? '',
      assumptionAfter: dto.assumptionAfter ?? '',
      doubleLoop: isDoubleLoop(dto.assumptionBefore, dto.assumptionAfter),
      disciplines: dto.disciplines ?? [],
      tags: dto.tags ?? [],
      visibility: dto.visibility,
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
        title: `Lesson captured: ${row.title}`,
        lines: [dto.insight, `Recommendation: ${dto.recommendation}`],
        link: new URL(`/experiments/${id}`, this.config.APP_URL).toString(),
      });
    }
    return this.detail(actor, id);
  }

  async checkIn(actor: Actor, id: string, dto: CheckInInputDto): Promise<CheckInDto[]> {
    const row = await this.load(id);
    await this.requireRelation(actor, id, ['owner', 'participant', 'team_lead'], 'check in on it');
    if (!acceptsCheckIns(row.status)) throw new ConflictException(`Check-ins happen while the experiment runs; it is ${row.status}`);
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
    return this.experiments.checkIns(id);
  }

  async checkIns(id: string): Promise<CheckInDto[]> {
    await this.load(id);
    return this.experiments.checkIns(id);
  }

  async timeline(id: string): Promise<TimelineEventDto[]> {
    await this.load(id);
    return this.experiments.timeline(id);
  }

  async comment(actor: Actor, id: string, dto: CommentInputDto): Promise<CommentDto[]> {
    await this.load(id);
    const mentions = [...new Set(dto.mentions ?? [])];
    const known = await this.experiments.activeMembers(mentions);
    if (known.length !== mentions.length) {
      throw new FieldValidationException([{ field: 'mentions', rule: 'exists', message: 'mentions names someone who is not an active member here' }]);
    }
    await this.experiments.addComment({ id: uuidv7(), experimentId: id, authorId: actor.membershipId, body: dto.body, mentions });
    return this.experiments.comments(id);
  }

  async comments(id: string): Promise<CommentDto[]> {
    await this.load(id);
    return this.experiments.comments(id);
  }

  async exportCsv(): Promise<string> {
    const rows = await this.experiments.all();
    return toCsv(
      ['id', 'title', 'status', 'team', 'owner', 'planned_start', 'planned_end', 'requested_hours', 'requested_amount_minor', 'approved_hours',
        'approved_amount_minor', 'verdict', 'result_value', 'actual_hours', 'actual_spend_minor', 'tags', 'updated_at'],
      rows.map((r) => [r.id, r.title, r.status, r.teamName, r.ownerName, r.plannedStart, r.plannedEnd, r.requestedHours, r.requestedAmountMinor,
        r.approvedHours, r.approvedAmountMinor, r.verdict, r.resultValue, r.actualHours, r.actualSpendMinor, r.tags, r.updatedAt]),
    );
  }

  /** What a transition does besides changing the status; adds the columns it sets. */
  private async sideEffects(actor: Actor, row: ExperimentRow, transition: Transition, reason: string, columns: ExperimentColumns, now: Date): Promise<void> {
    switch (transition) {
      case 'propose': {
        const gaps = proposalGaps({
          problem: row.problem,
          hypothesis: { change: row.hypothesisChange, outcome: row.hypothesisOutcome, measure: row.hypothesisMeasure },
          metric: { name: row.metricName, unit: row.metricUnit, baseline: row.metricBaseline, target: row.metricTarget, direction: row.metricDirection },
          plan: { start: row.plannedStart, end: row.plannedEnd },
        });
        if (gaps.length > 0) {
          throw new FieldValidationException(gaps.map((field) => ({ field, rule: 'requiredToPropose', message: `${field} is needed before proposing` })));
        }
        const settings = await this.experiments.settings();
        const level = approvalLevel(
          { hours: row.requestedHours, amountMinor: row.requestedAmountMinor },
          { hours: settings.thresholdHours, amountMinor: settings.thresholdAmountMinor },
        );
        await this.experiments.openApproval({ id: uuidv7(), experimentId: row.id, level, hours: row.requestedHours, amountMinor: row.requestedAmountMinor, requestedAt: now });
        columns.proposed_at = now;
        return;
      }
      case 'approve': {
        const settings = await this.experiments.settings();
        const quarter = quarterOf(row.plannedStart ? new Date(`${row.plannedStart}T12:00:00Z`) : now, settings.timeZone);
        const envelope = await this.budgets.envelopeFor(row.teamId, quarter);
        if (envelope && !(await this.budgets.commit(envelope.id, row.requestedHours, row.requestedAmountMinor))) {
          const fresh = await this.budgets.find(envelope.id);
          const remaining = { hours: fresh?.hoursRemaining ?? 0, amountMinor: fresh?.amountRemainingMinor ?? 0 };
          const requested = { hours: row.requestedHours, amountMinor: row.requestedAmountMinor };
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
        columns.approved_hours = row.requestedHours;
        columns.approved_amount_minor = row.requestedAmountMinor;
        columns.envelope_id = envelope?.id ?? null;
        await this.experiments.decideApproval(row.id, { by: actor.membershipId, decision: 'approved', comment: reason, envelopeId: envelope?.id ?? null });
        return;
      }
      case 'reject':
      case 'request_changes':
        await this.experiments.decideApproval(row.id, {
          by: actor.membershipId,
          decision: transition === 'reject' ? 'rejected' : 'changes_requested',
          comment: reason,
          envelopeId: null,
        });
        return;
      case 'start':
        columns.started_at = now;
        return;
      case 'conclude':
        if (row.resultValue === null || row.verdict === null) throw new ConflictException('Record the result before concluding');
        if (row.envelopeId) await this.budgets.recordSpend(row.envelopeId, row.actualHours ?? 0, row.actualSpendMinor ?? 0);
        columns.concluded_at = now;
        return;
      case 'learn':
        if (!row.lessonId) throw new ConflictException('Capture the lesson before marking the experiment learned');
        columns.learned_at = now;
        return;
      case 'close':
        columns.closed_at = now;
        return;
      case 'stop':
        return;
    }
  }

  private async load(id: string): Promise<ExperimentRow> {
    const row = await this.experiments.find(id);
    if (!row) throw notFound();
    return row;
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
      throw new FieldValidationException([{ field: 'participantIds', rule: 'exists', message: 'participantIds names someone who is not an active member here' }]);
    }
    await this.experiments.setParticipants(id, unique);
  }
}

export function summaryOf(row: ExperimentRow): ExperimentSummaryDto {
  const { id, title, status, teamId, teamName, ownerId, ownerName, plannedStart, plannedEnd, verdict, tags, updatedAt, version } = row;
  return { id, title, status, teamId, teamName, ownerId, ownerName, plannedStart, plannedEnd, verdict, tags, updatedAt, version };
}

function columnsOf(dto: Partial<CreateExperimentDto>): ExperimentColumns {
  return {
    problem: dto.problem,
    hypothesis_change: dto.hypothesis?.change,
    hypothesis_outcome: dto.hypothesis?.outcome,
    hypothesis_measure: dto.hypothesis?.measure,
    metric_name: dto.metric?.name,
    metric_unit: dto.metric?.unit,
    metric_baseline: dto.metric ? (dto.metric.baseline ?? null) : undefined,
    metric_target: dto.metric ? (dto.metric.target ?? null) : undefined,
    metric_direction: dto.metric ? (dto.metric.direction ?? null) : undefined,
    planned_start: dto.plan ? (dto.plan.start ?? null) : undefined,
    planned_end: dto.plan ? (dto.plan.end ?? null) : undefined,
    check_in_cadence: dto.plan?.checkInCadence,
    requested_hours: dto.request?.hours,
    requested_amount_minor: dto.request?.amountMinor,
    disciplines: dto.disciplines,
    tags: dto.tags,
  };
}

const columnToField: Record<string, keyof ExperimentRow> = {
  title: 'title',
  problem: 'problem',
  hypothesis_change: 'hypothesisChange',
  hypothesis_outcome: 'hypothesisOutcome',
  hypothesis_measure: 'hypothesisMeasure',
  metric_name: 'metricName',
  metric_unit: 'metricUnit',
  metric_baseline: 'metricBaseline',
  metric_target: 'metricTarget',
  metric_direction: 'metricDirection',
  planned_start: 'plannedStart',
  planned_end: 'plannedEnd',
  check_in_cadence: 'checkInCadence',
  requested_hours: 'requestedHours',
  requested_amount_minor: 'requestedAmountMinor',
  disciplines: 'disciplines',
  tags: 'tags',
  result_value: 'resultValue',
  verdict: 'verdict',
  evidence: 'evidence',
  actual_hours: 'actualHours',
  actual_spend_minor: 'actualSpendMinor',
};

/** Each column whose value really changes, with its value before and after: the event's record of an edit. */
function changesBetween(row: ExperimentRow, columns: ExperimentColumns): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const [column, after] of Object.entries(columns)) {
    if (after === undefined) continue;
    const before = row[columnToField[column]];
    if (JSON.stringify(before ?? null) !== JSON.stringify(after ?? null)) changes[columnToField[column] ?? column] = { before: before ?? null, after };
  }
  return changes;
}

