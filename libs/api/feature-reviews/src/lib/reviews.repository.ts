import { Injectable } from '@nestjs/common';
import { expressionBuilder, sql, type Expression } from 'kysely';
import {
  currentOrganisationId,
  dateText,
  type DB,
  Db,
  departmentAncestors,
  departmentSubtree,
  isActive,
  keysetPage,
  personName,
  rowExists,
  sameTenant,
} from '@kaizen/api/data-access-db';
import type { PageQueryDto } from '@kaizen/api/util-core';
import type { ReviewCadence } from '@kaizen/shared/domain-schedules';

export type UnitType = 'team' | 'department' | 'organisation' | 'programme';
export type CadenceRow = NonNullable<Awaited<ReturnType<ReviewsRepository['cadence']>>>;
export type ReviewRow = NonNullable<Awaited<ReturnType<ReviewsRepository['review']>>>;
export type AwaitingReflectionRow = Awaited<ReturnType<ReviewsRepository['awaitingReflection']>>[number];
export type LessonRow = Awaited<ReturnType<ReviewsRepository['lessons']>>[number];
export type InnerReviewRow = Awaited<ReturnType<ReviewsRepository['innerReviews']>>[number];
export type ReflectionRow = Awaited<ReturnType<ReviewsRepository['reflections']>>[number];

/** A review's or cadence's unit, as values read once per statement: nothing that uses them runs per row. */
interface UnitOf {
  type: Expression<string | null>;
  team: Expression<string | null>;
  department: Expression<string | null>;
}

/** A cadence's rhythm as its columns. */
function cadenceColumns(cadence: ReviewCadence) {
  return {
    frequency: cadence.frequency,
    weekday: cadence.weekday,
    day_of_month: cadence.dayOfMonth,
    hour: cadence.hour,
    minute: cadence.minute,
    time_zone: cadence.timeZone,
    anchor_date: cadence.anchorDate,
  };
}

/** A review's or cadence's own unit columns, as expressions of the row being read. */
interface UnitColumns {
  organisation: Expression<string>;
  team: Expression<string | null>;
  department: Expression<string | null>;
  programme: Expression<string | null>;
}

/** The unit's id, and its name: its team's, department's or programme's, else the organisation's. */
function unitIdAndName(db: Db, unit: UnitColumns) {
  const { fn } = expressionBuilder<DB, never>();
  const named = (table: 'team' | 'department', id: Expression<string | null>) =>
    db.selectFrom(table).select('name').where('organisation_id', '=', unit.organisation).where('id', '=', id);
  return [
    fn.coalesce(unit.team, unit.department, unit.programme, unit.organisation).as('unit_id'),
    fn
      .coalesce(
        named('team', unit.team).$asScalar(),
        named('department', unit.department).$asScalar(),
        db
          .selectFrom('programme')
          .select('title')
          .where('organisation_id', '=', unit.organisation)
          .where('id', '=', unit.programme)
          .$asScalar(),
        db
          .selectFrom('organisation')
          .select('name')
          .where('organisation_id', '=', unit.organisation)
          .$asScalar(),
      )
      .$notNull()
      .as('unit_name'),
  ] as const;
}

/**
 * Whether team `st` is one the unit spans: the team itself, a department's teams down its
 * sub-departments, or every team of the organisation.
 */
function spans(unit: UnitOf) {
  const eb = expressionBuilder<{ st: { id: string; department_id: string } }, 'st'>();
  return eb.or([
    eb(unit.type, '=', 'organisation'),
    eb('st.id', '=', unit.team),
    eb(
      'st.department_id',
      'in',
      eb.selectFrom(departmentSubtree(unit.department).as('below')).select('below.id'),
    ),
  ]);
}

/** Whether experiment `e` tests a change idea of the programme whose review is `unit`: a programme review's cycles. */
function testsReviewedProgramme(db: Db) {
  const eb = expressionBuilder(
    db.selectFrom('review as unit').innerJoin('experiment as e', (join) => join.onTrue()),
  );
  return eb(
    'e.id',
    'in',
    eb
      .selectFrom('change_idea_experiment as c')
      .select('c.experiment_id')
      .whereRef('c.programme_id', '=', 'unit.programme_id'),
  );
}

/** The memberships of a programme's team: its lead and its members. */
function programmeTeamOf(db: Db, programmeId: Expression<string | null>) {
  return db
    .selectFrom('programme as tp')
    .select('tp.owner_membership_id as membership_id')
    .where('tp.id', '=', programmeId)
    .unionAll(
      db
        .selectFrom('programme_member as tpm')
        .select('tpm.membership_id')
        .where('tpm.programme_id', '=', programmeId),
    );
}

/**
 * Who may see and run the review `r`:
 * - see: organisation reviews everyone; a team's its members, the heads above it and admins;
 *   a department's the members of its teams (and sub-departments'), the heads above it and admins;
 * - run (close): a team's leads, the heads above and admins; a department's heads above-or-at it and admins; the organisation's admins.
 */
function reviewAccess(db: Db, viewerId: string, isAdmin: boolean) {
  const eb = expressionBuilder(db.selectFrom('review as r'));
  const viewerTeams = (leadOnly: boolean) =>
    eb
      .selectFrom('team_membership as vtm')
      .select('vtm.team_id')
      .where('vtm.membership_id', '=', viewerId)
      .where('vtm.valid_to', 'is', null)
      .$if(leadOnly, (query) => query.where('vtm.position', '=', 'lead'));
  const unitDepartment = eb.fn.coalesce(
    'r.department_id',
    eb.selectFrom('team as ut').select('ut.department_id').whereRef('ut.id', '=', 'r.team_id'),
  );
  const headsAbove = eb.exists(
    eb
      .selectFrom('department_head as h')
      .select('h.membership_id')
      .where('h.membership_id', '=', viewerId)
      .where('h.valid_to', 'is', null)
      .where(
        'h.department_id',
        'in',
        eb.selectFrom(departmentAncestors(unitDepartment).as('up')).select('up.id'),
      ),
  );
  const admin = eb.lit(isAdmin);
  // A programme's review is its team's: the lead runs it.
  const programmeLead = eb.exists(
    eb
      .selectFrom('programme as vp')
      .select('vp.id')
      .whereRef('vp.id', '=', 'r.programme_id')
      .where('vp.owner_membership_id', '=', viewerId),
  );
  const programmeTeam = eb(eb.val(viewerId), 'in', programmeTeamOf(db, eb.ref('r.programme_id')));
  const visible = eb.or([
    admin,
    eb('r.unit_type', '=', 'organisation'),
    eb.and([eb('r.unit_type', '=', 'programme'), programmeTeam]),
    headsAbove,
    eb.and([eb('r.unit_type', '=', 'team'), eb('r.team_id', 'in', viewerTeams(false))]),
    eb.and([
      eb('r.unit_type', '=', 'department'),
      eb.exists(
        eb
          .selectFrom('team as vt')
          .select('vt.id')
          .where('vt.id', 'in', viewerTeams(false))
          .where(
            'vt.department_id',
            'in',
            eb
              .selectFrom(departmentSubtree(sql.ref<string>('r.department_id')).as('below'))
              .select('below.id'),
          ),
      ),
    ]),
  ]);
  const manage = eb.or([
    admin,
    eb.and([eb('r.unit_type', '=', 'programme'), programmeLead]),
    eb.and([eb('r.unit_type', '<>', 'organisation'), headsAbove]),
    eb.and([eb('r.unit_type', '=', 'team'), eb('r.team_id', 'in', viewerTeams(true))]),
  ]);
  return { visible, manage };
}

@Injectable()
export class ReviewsRepository {
  constructor(private readonly db: Db) {}

  /** The unit of the review or cadence `id`. */
  private unitOf(
    table: 'review' | 'review_cadence',
    id: string,
  ): UnitOf & { programme: Expression<string | null> } {
    const column = (name: 'unit_type' | 'team_id' | 'department_id' | 'programme_id') =>
      this.db.selectFrom(table).select(name).where('id', '=', id).$asScalar();
    return {
      type: column('unit_type'),
      team: column('team_id'),
      department: column('department_id'),
      programme: column('programme_id'),
    };
  }

  private cadenceQuery() {
    return this.db
      .selectFrom('review_cadence as c')
      .leftJoin('programme as p', (join) => sameTenant(join, 'p.id', 'c.programme_id'))
      .select((eb) => [
        'c.id',
        'c.unit_type',
        ...unitIdAndName(this.db, {
          organisation: eb.ref('c.organisation_id'),
          team: eb.ref('c.team_id'),
          department: eb.ref('c.department_id'),
          programme: eb.ref('c.programme_id'),
        }),
        // An archived programme reviews no more.
        sql<boolean>`p.archived_at IS NOT NULL`.as('unit_archived'),
        'c.frequency',
        'c.weekday',
        'c.day_of_month',
        'c.hour',
        'c.minute',
        'c.time_zone',
        dateText('c.anchor_date').as('anchor_date'),
        'c.active',
        'c.version',
        'c.created_at',
        'c.active_since',
      ]);
  }

  /** In the order they were set up. */
  cadences(page: PageQueryDto) {
    return keysetPage(this.cadenceQuery(), { by: 'c.created_at', id: 'c.id', sort: 'timestamp' }, page);
  }

  cadence(id: string, lock = false) {
    return this.cadenceQuery()
      .where('c.id', '=', id)
      .$if(lock, (query) => query.forUpdate('c'))
      .executeTakeFirst();
  }

  programmeCadence(programmeId: string) {
    return this.cadenceQuery().where('c.programme_id', '=', programmeId).executeTakeFirst();
  }

  /** The programme whose team a programme cadence serves: its lead, and whether it is archived. */
  programme(programmeId: string) {
    return this.db
      .selectFrom('programme')
      .select(['id', 'owner_membership_id', 'archived_at'])
      .where('id', '=', programmeId)
      .executeTakeFirst();
  }

  async unitExists(unitType: UnitType, unitId: string | null): Promise<boolean> {
    if (unitType === 'organisation') return true;
    return unitId !== null && isActive(this.db, unitType, unitId);
  }

  /** The new cadence's id, or null when the unit already has one. */
  async createCadence(
    id: string,
    unitType: UnitType,
    unitId: string | null,
    cadence: ReviewCadence,
  ): Promise<string | null> {
    const row = await this.db
      .insertInto('review_cadence')
      .values({
        organisation_id: currentOrganisationId,
        id,
        unit_type: unitType,
        team_id: unitType === 'team' ? unitId : null,
        department_id: unitType === 'department' ? unitId : null,
        programme_id: unitType === 'programme' ? unitId : null,
        ...cadenceColumns(cadence),
      })
      .onConflict((conflict) => conflict.doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id ?? null;
  }

  /** A cadence switched on again counts from `now`: what fell in its pause never opens. */
  async updateCadence(
    id: string,
    version: number,
    cadence: ReviewCadence,
    active: boolean,
    now: Date,
  ): Promise<boolean> {
    const row = await this.db
      .updateTable('review_cadence')
      .set((eb) => ({
        ...cadenceColumns(cadence),
        active,
        version: eb('version', '+', 1),
        // `active` on the right is the value before this update.
        ...(active
          ? { active_since: eb.case().when('active', '=', true).then(eb.ref('active_since')).else(now).end() }
          : {}),
      }))
      .where('id', '=', id)
      .where('version', '=', version)
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  activeCadences() {
    return this.cadenceQuery().where('c.active', '=', true).where('p.archived_at', 'is', null).execute();
  }

  /** The review's id, or null when this cycle opened already. */
  async openReview(
    id: string,
    cadenceId: string,
    opensAt: Date,
    period: { start: Date; end: Date },
  ): Promise<string | null> {
    const row = await this.db
      .insertInto('review')
      .columns([
        'organisation_id',
        'id',
        'cadence_id',
        'unit_type',
        'team_id',
        'department_id',
        'programme_id',
        'opens_at',
        'period_start',
        'period_end',
      ])
      .expression((eb) =>
        eb
          .selectFrom('review_cadence as c')
          .select([
            currentOrganisationId.as('organisation_id'),
            eb.val(id).as('id'),
            'c.id as cadence_id',
            'c.unit_type',
            'c.team_id',
            'c.department_id',
            'c.programme_id',
            eb.val(opensAt).as('opens_at'),
            eb.val(period.start).as('period_start'),
            eb.val(period.end).as('period_end'),
          ])
          .where('c.id', '=', cadenceId),
      )
      .onConflict((conflict) => conflict.columns(['organisation_id', 'cadence_id', 'opens_at']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id ?? null;
  }

  reviewOpenedAt(cadenceId: string, opensAt: Date): Promise<boolean> {
    return rowExists(
      this.db
        .selectFrom('review')
        .select('id')
        .where('cadence_id', '=', cadenceId)
        .where('opens_at', '=', opensAt),
    );
  }

  /** Active members of the unit, who are told that its review opened. */
  async unitMembers(cadenceId: string): Promise<string[]> {
    const unit = this.unitOf('review_cadence', cadenceId);
    const rows = await this.db
      .selectFrom('membership as m')
      .select('m.id')
      .distinct()
      .where('m.status', '=', 'active')
      .where((eb) =>
        eb.or([
          eb(unit.type, '=', 'organisation'),
          eb('m.id', 'in', programmeTeamOf(this.db, unit.programme)),
          eb(
            'm.id',
            'in',
            eb
              .selectFrom('team_membership as tm')
              .innerJoin('team as st', 'st.id', 'tm.team_id')
              .select('tm.membership_id')
              .where('tm.valid_to', 'is', null)
              .where(spans(unit)),
          ),
          eb(
            'm.id',
            'in',
            eb
              .selectFrom('department_head as h')
              .select('h.membership_id')
              .where('h.valid_to', 'is', null)
              .where(
                'h.department_id',
                'in',
                eb.selectFrom(departmentSubtree(unit.department).as('below')).select('below.id'),
              ),
          ),
        ]),
      )
      .execute();
    return rows.map((row) => row.id);
  }

  private reviewQuery() {
    return this.db.selectFrom('review as r').select((eb) => [
      'r.id',
      'r.cadence_id',
      'r.unit_type',
      ...unitIdAndName(this.db, {
        organisation: eb.ref('r.organisation_id'),
        team: eb.ref('r.team_id'),
        department: eb.ref('r.department_id'),
        programme: eb.ref('r.programme_id'),
      }),
      'r.opens_at',
      'r.period_start',
      'r.period_end',
      'r.status',
      'r.takeaways',
      'r.closed_at',
      personName(this.db, eb, 'r.closed_by').as('closed_by_name'),
      eb
        .selectFrom('review_reflection as x')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('x.organisation_id', '=', 'r.organisation_id')
        .whereRef('x.review_id', '=', 'r.id')
        .as('reflection_count'),
    ]);
  }

  /** Reviews the viewer may see, newest first. */
  /** Newest first. */
  visibleReviews(viewerId: string, isAdmin: boolean, query: PageQueryDto & { status?: 'open' | 'closed' }) {
    return keysetPage(
      this.reviewQuery()
        .$if(query.status !== undefined, (rows) => rows.where('r.status', '=', query.status as string))
        .where(reviewAccess(this.db, viewerId, isAdmin).visible),
      { by: 'r.opens_at', id: 'r.id', sort: 'timestamp', direction: 'desc' },
      query,
    );
  }

  review(id: string, lock = false) {
    return this.reviewQuery()
      .where('r.id', '=', id)
      .$if(lock, (query) => query.forUpdate('r'))
      .executeTakeFirst();
  }

  async access(
    reviewId: string,
    viewerId: string,
    isAdmin: boolean,
  ): Promise<{ visible: boolean; manage: boolean }> {
    const { visible, manage } = reviewAccess(this.db, viewerId, isAdmin);
    const row = await this.db
      .selectFrom('review as r')
      .select([visible.$castTo<boolean>().as('visible'), manage.$castTo<boolean>().as('manage')])
      .where('r.id', '=', reviewId)
      .executeTakeFirst();
    return row ?? { visible: false, manage: false };
  }

  /** The teams (`st`) a review's experiments come from: a programme's are wherever its cycles ran. */
  private unitTeams(reviewId: string, programme: boolean) {
    return this.db
      .selectFrom('review as unit')
      .innerJoin('team as st', (join) =>
        join.on(programme ? sql<boolean>`true` : spans(this.unitOf('review', reviewId))),
      );
  }

  /** Experiments of the unit that ended without a lesson, or found their lesson during the period. */
  awaitingReflection(reviewId: string, programme = false) {
    return this.unitTeams(reviewId, programme)
      .innerJoin('experiment as e', 'e.team_id', 'st.id')
      .$if(programme, (query) => query.where(testsReviewedProgramme(this.db)))
      .select(['e.id', 'e.title', 'e.status', 'e.verdict', 'st.name as team_name'])
      .where('unit.id', '=', reviewId)
      .where((eb) =>
        eb.or([
          eb('e.status', 'in', ['concluded', 'stopped']),
          eb.and([
            eb('e.status', 'in', ['learned', 'closed']),
            eb('e.learned_at', '>=', eb.ref('unit.period_start')),
            eb('e.learned_at', '<', eb.ref('unit.period_end')),
          ]),
        ]),
      )
      .orderBy(sql`e.status = 'learned'`)
      .orderBy('e.updated_at', 'desc')
      .limit(100)
      .execute();
  }

  /** Lessons the unit's teams (a programme's cycles) captured in the period. */
  lessons(reviewId: string, programme = false) {
    return this.unitTeams(reviewId, programme)
      .innerJoin('lesson as l', 'l.team_id', 'st.id')
      .innerJoin('experiment as e', (join) => sameTenant(join, 'e.id', 'l.experiment_id'))
      .$if(programme, (query) => query.where(testsReviewedProgramme(this.db)))
      .select(['l.id', 'l.insight', 'l.recommendation', 'e.verdict', 'st.name as team_name', 'l.double_loop'])
      .where('unit.id', '=', reviewId)
      .whereRef('l.created_at', '>=', 'unit.period_start')
      .whereRef('l.created_at', '<', 'unit.period_end')
      .orderBy('l.created_at', 'desc')
      .limit(100)
      .execute();
  }

  /** The retro of retros: reviews of the units inside this one, closed since its period began (and before it closed), with their takeaways. */
  innerReviews(reviewId: string) {
    const unit = this.unitOf('review', reviewId);
    return this.db
      .selectFrom(['review as unit', 'review as r'])
      .leftJoin('team as t', (join) => sameTenant(join, 't.id', 'r.team_id'))
      .leftJoin('department as d', (join) => sameTenant(join, 'd.id', 'r.department_id'))
      .select((eb) => [
        'r.id',
        eb.fn.coalesce('t.name', 'd.name').as('unit_name'),
        'r.takeaways',
        'r.closed_at',
      ])
      .where('unit.id', '=', reviewId)
      .where('unit.unit_type', 'not in', ['team', 'programme'])
      .where('r.status', '=', 'closed')
      .where('r.id', '<>', reviewId)
      .whereRef('r.closed_at', '>=', 'unit.period_start')
      .where('r.closed_at', '<=', sql<Date>`coalesce(unit.closed_at, 'infinity')`)
      .where((eb) =>
        eb.or([
          eb('r.team_id', 'in', eb.selectFrom('team as st').select('st.id').where(spans(unit))),
          eb.and([
            eb(
              'r.department_id',
              'in',
              eb.selectFrom(departmentSubtree(unit.department).as('below')).select('below.id'),
            ),
            eb('r.department_id', 'is distinct from', eb.ref('unit.department_id')),
          ]),
        ]),
      )
      .orderBy('r.closed_at', 'desc')
      .limit(100)
      .execute();
  }

  reflections(reviewId: string) {
    return this.db
      .selectFrom('review_reflection as x')
      .select((eb) => [
        'x.id',
        personName(this.db, eb, 'x.author_membership_id').as('author_name'),
        'x.body',
        'x.experiment_id',
        'x.created_at',
      ])
      .where('x.review_id', '=', reviewId)
      .orderBy('x.created_at')
      .orderBy('x.id')
      .execute();
  }

  experimentInScope(reviewId: string, experimentId: string, programme = false): Promise<boolean> {
    return rowExists(
      this.unitTeams(reviewId, programme)
        .innerJoin('experiment as e', 'e.team_id', 'st.id')
        .$if(programme, (query) => query.where(testsReviewedProgramme(this.db)))
        .select('e.id')
        .where('unit.id', '=', reviewId)
        .where('e.id', '=', experimentId),
    );
  }

  async addReflection(
    id: string,
    reviewId: string,
    authorId: string,
    body: string,
    experimentId: string | null,
  ): Promise<void> {
    await this.db
      .insertInto('review_reflection')
      .values({
        organisation_id: currentOrganisationId,
        id,
        review_id: reviewId,
        experiment_id: experimentId,
        author_membership_id: authorId,
        body,
      })
      .execute();
  }

  async close(id: string, closedBy: string, takeaways: string[], at: Date): Promise<void> {
    await this.db
      .updateTable('review')
      .set({ status: 'closed', takeaways, closed_by: closedBy, closed_at: at })
      .where('id', '=', id)
      .execute();
  }

  async organisationTimeZone(): Promise<string | null> {
    const row = await this.db
      .selectFrom('organisation')
      .select('time_zone')
      .where('organisation_id', '=', currentOrganisationId)
      .executeTakeFirst();
    return row?.time_zone ?? null;
  }
}
