import { Injectable } from '@nestjs/common';
import { sql, type Expression, type ExpressionBuilder, type Updateable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import {
  approversOf,
  currentOrganisationId,
  dateText,
  Db,
  type DB,
  isActive,
  type KeysetOrder,
  type KeysetColumns,
  keysetPage,
  keysetRows,
  keysetSelect,
  personName,
  PreparedQuery,
  sameTenant,
} from '@kaizen/api/data-access-db';
import { decodeCursor, PAGE_LIMIT_DEFAULT, type PageQueryDto } from '@kaizen/api/util-core';
import type { Relation, Status } from '@kaizen/shared/domain-experiment';
import { decisionRuleOf } from './decision-rule.query';

type ExperimentTable = Updateable<DB['experiment']>;

/** Rows are written in the tenant the transaction entered. */

/** The experiment's fields the loop writes, by their domain names. */
export interface ExperimentFields {
  title?: string;
  problem?: string;
  hypothesisChange?: string;
  hypothesisOutcome?: string;
  hypothesisMeasure?: string;
  metricName?: string;
  metricUnit?: string;
  metricBaseline?: number | null;
  metricTarget?: number | null;
  metricDirection?: string | null;
  plannedStart?: string | null;
  plannedEnd?: string | null;
  checkInCadence?: string;
  requestedHours?: number;
  requestedAmountMinor?: number;
  disciplines?: string[];
  tags?: string[];
  status?: Status;
  resultValue?: number;
  verdict?: string;
  evidence?: string;
  actualHours?: number;
  actualSpendMinor?: number;
  approvedHours?: number;
  approvedAmountMinor?: number;
  envelopeId?: string | null;
  proposedAt?: Date;
  startedAt?: Date;
  concludedAt?: Date;
  learnedAt?: Date;
  closedAt?: Date;
}

/** Where each field is stored: the one map from the loop's names to the table's. */
const columnOf = {
  title: 'title',
  problem: 'problem',
  hypothesisChange: 'hypothesis_change',
  hypothesisOutcome: 'hypothesis_outcome',
  hypothesisMeasure: 'hypothesis_measure',
  metricName: 'metric_name',
  metricUnit: 'metric_unit',
  metricBaseline: 'metric_baseline',
  metricTarget: 'metric_target',
  metricDirection: 'metric_direction',
  plannedStart: 'planned_start',
  plannedEnd: 'planned_end',
  checkInCadence: 'check_in_cadence',
  requestedHours: 'requested_hours',
  requestedAmountMinor: 'requested_amount_minor',
  disciplines: 'disciplines',
  tags: 'tags',
  status: 'status',
  resultValue: 'result_value',
  verdict: 'verdict',
  evidence: 'evidence',
  actualHours: 'actual_hours',
  actualSpendMinor: 'actual_spend_minor',
  approvedHours: 'approved_hours',
  approvedAmountMinor: 'approved_amount_minor',
  envelopeId: 'envelope_id',
  proposedAt: 'proposed_at',
  startedAt: 'started_at',
  concludedAt: 'concluded_at',
  learnedAt: 'learned_at',
  closedAt: 'closed_at',
} as const satisfies { [F in keyof Required<ExperimentFields>]: keyof ExperimentTable };

type StoredColumns<F extends ExperimentFields> = {
  [K in keyof F & keyof ExperimentFields as (typeof columnOf)[K]]: F[K];
};

/**
 * The fields under their column names, every given key kept (an undefined value leaves the column as it is).
 * The `created` event records an experiment's first values under these names.
 */
export function storedColumns<F extends ExperimentFields>(fields: F): StoredColumns<F> {
  return Object.fromEntries(
    Object.entries(fields).map(([field, value]) => [columnOf[field as keyof ExperimentFields], value]),
  ) as StoredColumns<F>;
}

export interface ListFilter {
  statuses?: Status[];
  teamId?: string;
  ownerId?: string;
  q?: string;
  sort: 'updated' | 'created' | 'title';
}

/** Check-ins and comments (both aliased `c`) read as a conversation. */
const oldestFirst: KeysetOrder = { by: 'c.created_at', id: 'c.id', sort: 'timestamp' };

const orders: Record<ListFilter['sort'], KeysetOrder> = {
  updated: { by: 'e.updated_at', id: 'e.id', sort: 'timestamp', direction: 'desc' },
  created: { by: 'e.created_at', id: 'e.id', sort: 'timestamp', direction: 'desc' },
  title: { by: 'e.title', id: 'e.id', sort: 'text' },
};

/** Experiments with their team and owner, and the columns of an experiment summary; other queries add to it. */
export function experimentSummaries(db: Db) {
  return db
    .selectFrom('experiment as e')
    .innerJoin('team as t', (join) => sameTenant(join, 't.id', 'e.team_id'))
    .select((eb) => [
      'e.id',
      'e.title',
      'e.status',
      'e.team_id',
      't.name as team_name',
      'e.owner_membership_id',
      personName(db, eb, 'e.owner_membership_id').as('owner_name'),
      dateText<string | null>('e.planned_start').as('planned_start'),
      dateText<string | null>('e.planned_end').as('planned_end'),
      'e.verdict',
      'e.tags',
      'e.updated_at',
      'e.version',
    ]);
}

/** What shapes and binds a list page's SQL: the filters given, the cursor's key, one more than the page. */
interface ListValues extends Record<string, unknown> {
  statuses?: string[];
  teamId?: string;
  ownerId?: string;
  /** The ILIKE pattern, its wildcards escaped. */
  q?: string;
  afterSort?: string;
  afterId?: string;
  limit: number;
}

type ListRow = ExperimentSummaryRow & KeysetColumns;

export type ExperimentSummaryRow = Awaited<
  ReturnType<ReturnType<typeof experimentSummaries>['execute']>
>[number];
export type ExperimentRow = NonNullable<Awaited<ReturnType<ExperimentsRepository['find']>>>;
export type ParticipantRow = Awaited<ReturnType<ExperimentsRepository['participants']>>[number];
export type TimelineEventRow = Awaited<ReturnType<ExperimentsRepository['timeline']>>['items'][number];
export type CheckInRow = NonNullable<Awaited<ReturnType<ExperimentsRepository['checkIn']>>>;
export type CommentRow = NonNullable<Awaited<ReturnType<ExperimentsRepository['comment']>>>;
export type ApprovalRow = Awaited<ReturnType<ExperimentsRepository['approvals']>>[number];
export type SettingsRow = Awaited<ReturnType<ExperimentsRepository['settings']>>;

@Injectable()
export class ExperimentsRepository {
  constructor(private readonly db: Db) {}

  find(id: string) {
    return this.experiments().where('e.id', '=', id).executeTakeFirst();
  }

  /** A list page, its SQL built and compiled once per shape (which filters, the sort, a cursor or not). */
  async list(filter: ListFilter, page: PageQueryDto) {
    const order = orders[filter.sort];
    const limit = page.limit ?? PAGE_LIMIT_DEFAULT;
    const after = decodeCursor(page.cursor, order.sort);
    const values: ListValues = { limit: limit + 1 };
    if (filter.statuses !== undefined) values.statuses = filter.statuses;
    if (filter.teamId !== undefined) values.teamId = filter.teamId;
    if (filter.ownerId !== undefined) values.ownerId = filter.ownerId;
    if (filter.q !== undefined) values.q = `%${filter.q.replace(/%/g, '\\%').replace(/_/g, '\\_')}%`;
    if (after !== undefined) [values.afterSort, values.afterId] = after;
    const shape = `${filter.sort} ${Object.keys(values).join(' ')}`;
    let prepared = this.listQueries.get(shape);
    if (!prepared) {
      prepared = new PreparedQuery((v: ListValues) => this.listSelect(order, v));
      this.listQueries.set(shape, prepared);
    }
    return keysetRows((await this.db.executeQuery(prepared.with(values))).rows, limit);
  }

  private readonly listQueries = new Map<string, PreparedQuery<ListValues, ListRow>>();

  /** The list's SQL for the values given (their presence shapes it; `PreparedQuery` binds them). */
  private listSelect(order: KeysetOrder, v: ListValues) {
    return keysetSelect(
      experimentSummaries(this.db)
        .$if(v.statuses !== undefined, (query) =>
          query.where((eb) => eb('e.status', '=', eb.fn.any(eb.val(v.statuses as string[])))),
        )
        .$if(v.teamId !== undefined, (query) => query.where('e.team_id', '=', v.teamId as string))
        .$if(v.ownerId !== undefined, (query) =>
          query.where('e.owner_membership_id', '=', v.ownerId as string),
        )
        .$if(v.q !== undefined, (query) => query.where('e.title', 'ilike', v.q as string)),
      order,
      v.afterSort === undefined ? undefined : [v.afterSort, v.afterId],
      v.limit,
    );
  }

  async create(
    row: {
      id: string;
      teamId: string;
      ownerId: string;
      buildsOnLessonId: string | null;
      title: string;
    } & ExperimentFields,
  ): Promise<void> {
    const { id, teamId, ownerId, buildsOnLessonId, ...fields } = row;
    await this.db
      .insertInto('experiment')
      .values({
        ...storedColumns(fields), // unset: the column default
        organisation_id: currentOrganisationId,
        id,
        team_id: teamId,
        owner_membership_id: ownerId,
        builds_on_lesson_id: buildsOnLessonId,
      })
      .execute();
  }

  /** Writes the fields if the version still matches, and bumps it; false means someone changed it first. */
  async update(id: string, version: number, fields: ExperimentFields): Promise<boolean> {
    const row = await this.db
      .updateTable('experiment')
      .set((eb) => ({
        ...storedColumns(fields),
        version: eb('version', '+', 1),
        updated_at: sql<Date>`now()`,
      }))
      .where('id', '=', id)
      .where('version', '=', version)
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  participants(id: string) {
    return this.participantsOf(id).execute();
  }

  async setParticipants(id: string, membershipIds: string[]): Promise<void> {
    await this.db
      .deleteFrom('experiment_participant')
      .where('experiment_id', '=', id)
      .where((eb) => eb.not(eb('membership_id', '=', eb.fn.any(eb.val(membershipIds)))))
      .execute();
    if (membershipIds.length === 0) return;
    await this.db
      .insertInto('experiment_participant')
      .values(
        membershipIds.map((membershipId) => ({
          organisation_id: currentOrganisationId,
          experiment_id: id,
          membership_id: membershipId,
        })),
      )
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }

  /** Which of these ids are active members here; the rest are unknown, whatever organisation they belong to. */
  async activeMembers(ids: string[]): Promise<string[]> {
    const rows = await this.db
      .selectFrom('membership')
      .select('id')
      .where((eb) => eb('id', '=', eb.fn.any(eb.val(ids))))
      .where('status', '=', 'active')
      .execute();
    return rows.map((r) => r.id);
  }

  activeTeam(id: string): Promise<boolean> {
    return isActive(this.db, 'team', id);
  }

  /**
   * How a person relates to an experiment. Who approves is the database's one rule (`approvers_of`);
   * `isAdmin` only adds the admin relation.
   */
  async relations(experimentId: string, membershipId: string, isAdmin: boolean): Promise<Relation[]> {
    return (await this.relationsTo(experimentId, membershipId, isAdmin)) ?? relationsOf(undefined, isAdmin);
  }

  /** {@link relations}, or undefined when there is no such experiment here. */
  async relationsTo(
    experimentId: string,
    membershipId: string,
    isAdmin: boolean,
  ): Promise<Relation[] | undefined> {
    const row = await this.db
      .selectFrom('experiment as e')
      .where('e.id', '=', experimentId)
      .select((eb) =>
        this.relationColumns(
          eb.ref('e.id'),
          eb.ref('e.owner_membership_id'),
          eb.ref('e.team_id'),
          membershipId,
        ),
      )
      .executeTakeFirst();
    return row && relationsOf(row, isAdmin);
  }

  /**
   * An experiment as its page shows it, in one statement: the experiment, how the reader relates to it,
   * its participants and its approvals (the detail read is the API's most frequent).
   */
  // the hottest read: built and compiled once
  private readonly detailQuery = new PreparedQuery((v: { id: string; membershipId: string }) =>
    this.experiments()
      .where('e.id', '=', v.id)
      .select((eb) => [
        ...this.relationColumns(
          eb.ref('e.id'),
          eb.ref('e.owner_membership_id'),
          eb.ref('e.team_id'),
          v.membershipId,
        ),
        jsonArrayFrom(this.participantsOf(eb.ref('e.id'))).as('participants'),
        jsonArrayFrom(this.approvalsOf(eb.ref('e.id'))).as('approvals'),
        decisionRuleOf(this.db, eb.ref('e.id')).as('decision_rule'),
      ]),
  );

  async detail(id: string, membershipId: string, isAdmin: boolean) {
    const [row] = (await this.db.executeQuery(this.detailQuery.with({ id, membershipId }))).rows;
    if (!row) return undefined;
    const { owner, participant, team_lead, approver, participants, approvals, decision_rule, ...experiment } =
      row;
    return {
      experiment,
      relations: relationsOf({ owner, participant, team_lead, approver }, isAdmin),
      participants,
      decisionRule: decision_rule,
      // JSON carries times as text
      approvals: approvals.map((a) => ({
        ...a,
        requested_at: new Date(a.requested_at),
        decided_at: a.decided_at === null ? null : new Date(a.decided_at),
      })),
    };
  }

  recordEvent(event: {
    id: string;
    experimentId: string;
    actorId: string | null;
    type: string;
    transition?: string;
    fromStatus?: Status;
    toStatus?: Status;
    reason?: string | null;
    changes?: Record<string, unknown>;
    occurredAt: Date;
  }): void {
    // Nothing reads it back in the transaction: it travels with the next statement.
    this.db.defer(
      this.db.insertInto('experiment_event').values({
        organisation_id: currentOrganisationId,
        id: event.id,
        experiment_id: event.experimentId,
        actor_membership_id: event.actorId,
        type: event.type,
        transition: event.transition ?? null,
        from_status: event.fromStatus ?? null,
        to_status: event.toStatus ?? null,
        reason: event.reason ?? null,
        // sent as JSON text, as before: fields without a value are left out
        changes: JSON.stringify(event.changes ?? {}),
        occurred_at: event.occurredAt,
      }),
    );
  }

  timeline(id: string, page: PageQueryDto) {
    return keysetPage(this.timelineRows(id), { by: 'ev.occurred_at', id: 'ev.id', sort: 'timestamp' }, page);
  }

  private timelineRows(id: string) {
    return this.db
      .selectFrom('experiment_event as ev')
      .select((eb) => [
        'ev.id',
        'ev.occurred_at',
        'ev.type',
        personName(this.db, eb, 'ev.actor_membership_id').as('actor_name'),
        'ev.transition',
        'ev.from_status',
        'ev.to_status',
        'ev.reason',
        'ev.changes',
      ])
      .where('ev.experiment_id', '=', id);
  }

  async addCheckIn(checkIn: {
    id: string;
    experimentId: string;
    authorId: string;
    progress: string;
    confidence: number;
    blockers: string;
    createdAt: Date;
  }): Promise<void> {
    await this.db
      .insertInto('check_in')
      .values({
        organisation_id: currentOrganisationId,
        id: checkIn.id,
        experiment_id: checkIn.experimentId,
        author_membership_id: checkIn.authorId,
        progress: checkIn.progress,
        confidence: checkIn.confidence,
        blockers: checkIn.blockers,
        created_at: checkIn.createdAt,
      })
      .execute();
  }

  checkIns(experimentId: string, page: PageQueryDto) {
    return keysetPage(this.checkInRows(experimentId), oldestFirst, page);
  }

  checkIn(experimentId: string, id: string) {
    return this.checkInRows(experimentId).where('c.id', '=', id).executeTakeFirst();
  }

  private checkInRows(experimentId: string) {
    return this.db
      .selectFrom('check_in as c')
      .select((eb) => [
        'c.id',
        'c.author_membership_id',
        personName(this.db, eb, 'c.author_membership_id').as('author_name'),
        'c.progress',
        'c.confidence',
        'c.blockers',
        'c.created_at',
      ])
      .where('c.experiment_id', '=', experimentId);
  }

  async addComment(comment: {
    id: string;
    experimentId: string;
    authorId: string;
    body: string;
    mentions: string[];
  }): Promise<void> {
    await this.db
      .insertInto('comment')
      .values({
        organisation_id: currentOrganisationId,
        id: comment.id,
        experiment_id: comment.experimentId,
        author_membership_id: comment.authorId,
        body: comment.body,
        mentions: comment.mentions,
      })
      .execute();
  }

  comments(experimentId: string, page: PageQueryDto) {
    return keysetPage(this.commentRows(experimentId), oldestFirst, page);
  }

  comment(experimentId: string, id: string) {
    return this.commentRows(experimentId).where('c.id', '=', id).executeTakeFirst();
  }

  private commentRows(experimentId: string) {
    return this.db
      .selectFrom('comment as c')
      .select((eb) => [
        'c.id',
        'c.author_membership_id',
        personName(this.db, eb, 'c.author_membership_id').as('author_name'),
        'c.body',
        'c.mentions',
        'c.created_at',
      ])
      .where('c.experiment_id', '=', experimentId);
  }

  approvals(experimentId: string) {
    return this.approvalsOf(experimentId).execute();
  }

  async openApproval(approval: {
    id: string;
    experimentId: string;
    level: string;
    hours: number;
    amountMinor: number;
    requestedAt: Date;
  }): Promise<void> {
    await this.db
      .insertInto('approval')
      .values({
        organisation_id: currentOrganisationId,
        id: approval.id,
        experiment_id: approval.experimentId,
        level: approval.level,
        requested_hours: approval.hours,
        requested_amount_minor: approval.amountMinor,
        requested_at: approval.requestedAt,
      })
      .execute();
  }

  /** Deferred: sent with the transition's next statement. */
  decideApproval(
    experimentId: string,
    decision: { by: string; decision: string; comment: string; envelopeId: string | null },
  ): void {
    this.db.defer(
      this.db
        .updateTable('approval')
        .set({
          decided_at: sql<Date>`now()`,
          decided_by: decision.by,
          decision: decision.decision,
          comment: decision.comment,
          envelope_id: decision.envelopeId,
        })
        .where('experiment_id', '=', experimentId)
        .where('decided_at', 'is', null),
    );
  }

  /** Organisation settings the loop needs: thresholds, time zone. */
  settings() {
    return this.db
      .selectFrom('organisation as o')
      .select((eb) => settingsColumns(eb))
      .where('o.organisation_id', '=', currentOrganisationId)
      .executeTakeFirstOrThrow();
  }

  /**
   * What a transition reads, in one statement: the experiment, how the actor relates to it, and the
   * organisation's settings (an approve is on the hot path: each statement is a round trip).
   */
  async forTransition(id: string, membershipId: string, isAdmin: boolean) {
    const row = await this.experiments()
      .innerJoin('organisation as o', 'o.organisation_id', 'e.organisation_id')
      .where('e.id', '=', id)
      .select((eb) => [
        ...this.relationColumns(
          eb.ref('e.id'),
          eb.ref('e.owner_membership_id'),
          eb.ref('e.team_id'),
          membershipId,
        ),
        ...settingsColumns(eb),
      ])
      .executeTakeFirst();
    if (!row) return undefined;
    const {
      owner,
      participant,
      team_lead,
      approver,
      time_zone,
      approval_threshold_hours,
      approval_threshold_amount_minor,
      ...experiment
    } = row;
    return {
      experiment,
      relations: relationsOf({ owner, participant, team_lead, approver }, isAdmin),
      settings: { time_zone, approval_threshold_hours, approval_threshold_amount_minor },
    };
  }

  all() {
    return this.experiments().orderBy('e.created_at').orderBy('e.id').execute();
  }

  /** The reader's relations to an experiment, as columns; who approves is the database's one rule (`approvers_of`). */
  private relationColumns(
    experimentId: Expression<string>,
    ownerId: Expression<string>,
    teamId: Expression<string>,
    membershipId: string,
  ) {
    return [
      sql<boolean>`${ownerId} = ${membershipId}`.as('owner'),
      sql<boolean>`exists (${this.db
        .selectFrom('experiment_participant as p')
        .select('p.membership_id')
        .where('p.experiment_id', '=', experimentId)
        .where('p.membership_id', '=', membershipId)})`.as('participant'),
      sql<boolean>`exists (${this.db
        .selectFrom('team_membership as tm')
        .select('tm.membership_id')
        .where('tm.team_id', '=', teamId)
        .where('tm.membership_id', '=', membershipId)
        .where('tm.position', '=', 'lead')
        .where('tm.valid_to', 'is', null)})`.as('team_lead'),
      sql<boolean>`${membershipId}::uuid in (${this.db.selectFrom(approversOf(experimentId).as('who')).select('who.membership_id')})`.as(
        'approver',
      ),
    ] as const;
  }

  private participantsOf(experimentId: string | Expression<string>) {
    return this.db
      .selectFrom('experiment_participant as p')
      .select((eb) => ['p.membership_id', personName(this.db, eb, 'p.membership_id').as('display_name')])
      .where('p.experiment_id', '=', experimentId)
      .orderBy('display_name');
  }

  private approvalsOf(experimentId: string | Expression<string>) {
    return this.db
      .selectFrom('approval as a')
      .select((eb) => [
        'a.id',
        'a.level',
        'a.requested_hours',
        eb.cast<number>('a.requested_amount_minor', 'float8').as('requested_amount_minor'),
        'a.requested_at',
        'a.decided_at',
        personName(this.db, eb, 'a.decided_by').as('decided_by_name'),
        'a.decision',
        'a.comment',
      ])
      .where('a.experiment_id', '=', experimentId)
      .orderBy('a.requested_at');
  }

  /** Whole experiments: the summary and everything the loop reads. */
  private experiments() {
    return experimentSummaries(this.db).select((eb) => [
      't.department_id',
      'e.problem',
      'e.hypothesis_change',
      'e.hypothesis_outcome',
      'e.hypothesis_measure',
      'e.metric_name',
      'e.metric_unit',
      eb.cast<number | null>('e.metric_baseline', 'float8').as('metric_baseline'),
      eb.cast<number | null>('e.metric_target', 'float8').as('metric_target'),
      'e.metric_direction',
      'e.check_in_cadence',
      'e.requested_hours',
      eb.cast<number>('e.requested_amount_minor', 'float8').as('requested_amount_minor'),
      'e.approved_hours',
      eb.cast<number | null>('e.approved_amount_minor', 'float8').as('approved_amount_minor'),
      'e.envelope_id',
      eb.cast<number | null>('e.result_value', 'float8').as('result_value'),
      'e.evidence',
      eb.cast<number | null>('e.actual_hours', 'float8').as('actual_hours'),
      eb.cast<number | null>('e.actual_spend_minor', 'float8').as('actual_spend_minor'),
      'e.disciplines',
      'e.builds_on_lesson_id',
      eb
        .selectFrom('lesson as l')
        .select('l.id')
        .whereRef('l.organisation_id', '=', 'e.organisation_id')
        .whereRef('l.experiment_id', '=', 'e.id')
        .as('lesson_id'),
      'e.created_at',
    ]);
  }
}

function settingsColumns(eb: ExpressionBuilder<DB & { o: DB['organisation'] }, 'o'>) {
  return [
    eb.ref('o.time_zone').as('time_zone'),
    eb.ref('o.approval_threshold_hours').as('approval_threshold_hours'),
    eb.cast<number>('o.approval_threshold_amount_minor', 'float8').as('approval_threshold_amount_minor'),
  ] as const;
}

/** `isAdmin` only adds the admin relation: approving is decided by `approvers_of`. */
function relationsOf(
  row: { owner: boolean; participant: boolean; team_lead: boolean; approver: boolean } | undefined,
  isAdmin: boolean,
): Relation[] {
  const held: Relation[] = [];
  if (row?.owner) held.push('owner');
  if (row?.participant) held.push('participant');
  if (row?.team_lead) held.push('team_lead');
  if (row?.approver) held.push('approver');
  if (isAdmin) held.push('org_admin');
  return held;
}
