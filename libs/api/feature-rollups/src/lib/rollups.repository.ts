import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { currentOrganisationId, dateText, Db, departmentAncestors } from '@kaizen/api/data-access-db';
import type { Counters, Level, PeriodType } from '@kaizen/shared/domain-learning';

export type UnitSeriesRow = NonNullable<Awaited<ReturnType<RollupsRepository['unitSeries']>>>;
export type ComparisonRow = NonNullable<Awaited<ReturnType<RollupsRepository['comparison']>>>;

/** A roll-up row's period as its calendar date, the form the service keys periods by. */
const periodStartText = dateText('r.period_start');

/** Roll-up rows and the bookkeeping that keeps them exact: which events they already contain. */
@Injectable()
export class RollupsRepository {
  constructor(private readonly db: Db) {}

  /** Incremental updates and recomputes of one organisation take turns. */
  async lock(): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtext('rollups:' || current_organisation_id()::text))`.execute(
      this.db,
    );
  }

  /** Folds one lifecycle event in, once: false when it is not one roll-ups count, or is counted already. */
  async applyEvent(eventId: string): Promise<boolean> {
    return (await this.fold(eventId)) > 0;
  }

  /** Folds every event of the log in; after `clear`, that rebuilds every roll-up. Returns how many. */
  async applyAll(): Promise<number> {
    // A batch job grouping millions of rows: memory for its aggregates, for this transaction only, instead of spilling to disk.
    await sql`SELECT set_config('work_mem', '128MB', true)`.execute(this.db);
    return this.fold();
  }

  /**
   * The roll-up fold, the only definition of it: the events not yet applied (one, or all of them), their
   * counters per unit (the member, the team, its department and every one above, the organisation) and period
   * (week, month, quarter, year in the organisation's time zone) added to the rows, and each person newly taking
   * part in a period counted once where they are placed now. One statement for the worker's single event and for
   * the recompute over millions, so the two cannot disagree; PostgreSQL groups, the worker never loops over events.
   * Times count in whole milliseconds; lead times in exact hundredths of an hour.
   */
  private async fold(eventId?: string): Promise<number> {
    const chosen = eventId === undefined ? sql`true` : sql`ev.id = ${eventId}`;
    // Only a narrowing (the join with \`newcomers\` below restricts anyway): cheap for one event's few people, while for
    // the recompute's many a semi-join against the CTE risks a nested loop over it when statistics are missing.
    const newcomersOnly =
      eventId === undefined ? sql`true` : sql`tm.membership_id IN (SELECT membership_id FROM newcomers)`;
    const { rows } = await sql<{ count: number }>`
      WITH zone AS (
          SELECT coalesce((SELECT time_zone FROM organisation WHERE organisation_id = current_organisation_id()), 'Europe/Amsterdam') AS name),
        chain AS (SELECT d.id AS start_id, a.id FROM department d CROSS JOIN LATERAL ${departmentAncestors(sql.ref<string>('d.id'))} AS a),
        events AS (
          -- No NULLs in what the counters compare: a row with only an adoption counts 0 starts, not null.
          SELECT ev.id, ev.type, coalesce(ev.transition, '') AS transition, ev.occurred_at, e.id AS experiment_id, e.owner_membership_id AS owner_id, e.team_id, t.department_id,
                 floor(extract(epoch FROM ev.occurred_at) * 1000) AS occurred_ms,
                 floor(extract(epoch FROM e.created_at) * 1000) AS created_ms,
                 -- Only decisions have a lead time: skip the approval lookup for every other event.
                 CASE WHEN ev.transition IN ('approve', 'reject', 'request_changes') THEN
                   floor(extract(epoch FROM (SELECT a.requested_at FROM approval a WHERE a.experiment_id = e.id AND a.requested_at <= ev.occurred_at
                                              ORDER BY a.requested_at DESC LIMIT 1)) * 1000) END AS proposed_ms,
                 coalesce(e.verdict, '') AS verdict, coalesce(e.actual_hours, 0) AS actual_hours, coalesce(e.actual_spend_minor, 0) AS actual_spend,
                 coalesce(e.approved_hours, 0) AS approved_hours, coalesce(e.approved_amount_minor, 0) AS approved_amount,
                 coalesce(l.recommendation, '') AS recommendation, coalesce(l.double_loop, false) AS double_loop,
                 coalesce(l.data_backed, false) AS data_backed, coalesce(dd.review_status, 'not_needed') AS review_status
            FROM experiment_event ev
            JOIN experiment e ON e.organisation_id = ev.organisation_id AND e.id = ev.experiment_id
            JOIN team t ON t.organisation_id = e.organisation_id AND t.id = e.team_id
            LEFT JOIN lesson l ON l.organisation_id = e.organisation_id AND l.experiment_id = e.id
            LEFT JOIN experiment_decision dd ON dd.organisation_id = e.organisation_id AND dd.experiment_id = e.id
           WHERE (ev.type = 'adopted' OR ev.transition IN ('start', 'stop', 'conclude', 'learn', 'approve', 'reject', 'request_changes'))
             AND ${chosen}
             -- Counted once, however often its job runs (callers hold \`lock\`, so no other fold is in between).
             AND NOT EXISTS (SELECT 1 FROM rollup_applied_event a WHERE a.organisation_id = ev.organisation_id AND a.event_id = ev.id)),
        applied AS (INSERT INTO rollup_applied_event (organisation_id, event_id) SELECT current_organisation_id(), id FROM events RETURNING 1),
        deltas AS (
          SELECT id, occurred_at, owner_id, team_id, department_id,
                 (transition = 'start')::int AS started,
                 (transition = 'stop')::int AS stopped,
                 (transition = 'conclude')::int AS concluded,
                 (transition = 'conclude' AND verdict = 'confirmed')::int AS confirmed,
                 (transition = 'conclude' AND verdict = 'refuted')::int AS refuted,
                 (transition = 'conclude' AND verdict = 'inconclusive')::int AS inconclusive,
                 CASE WHEN transition = 'conclude' THEN actual_hours ELSE 0 END AS hours_spent,
                 CASE WHEN transition = 'conclude' THEN actual_spend ELSE 0 END AS amount_spent,
                 (transition = 'learn')::int AS learned,
                 (transition = 'learn' AND double_loop)::int AS double_loop,
                 -- Self-reported: the team's verdict and recommendation; a decision against its rule only once the approver upheld it.
                 (transition = 'learn' AND verdict = 'confirmed' AND recommendation IN ('adopt', 'standardise')
                   AND review_status IN ('not_needed', 'upheld'))::int AS validated,
                 -- Data-backed: adopted, and the measure showed an improvement signal after the change (frozen on the lesson).
                 (transition = 'learn' AND data_backed AND recommendation IN ('adopt', 'standardise'))::int AS data_backed_improvement,
                 CASE WHEN transition = 'learn' THEN floor(greatest(0, occurred_ms - created_ms) / 86400000)::int END AS velocity_day,
                 (transition IN ('approve', 'reject', 'request_changes'))::int AS approvals_decided,
                 CASE WHEN transition IN ('approve', 'reject', 'request_changes') AND proposed_ms IS NOT NULL
                      THEN round(greatest(0, occurred_ms - proposed_ms) / 36000) / 100 ELSE 0 END AS lead_hours,
                 CASE WHEN transition = 'approve' THEN approved_hours ELSE 0 END AS hours_approved,
                 CASE WHEN transition = 'approve' THEN approved_amount ELSE 0 END AS amount_approved,
                 (type = 'adopted')::int AS adoptions
            FROM events),
        units AS (
          SELECT d.*, 'member' AS level, d.owner_id AS unit_id FROM deltas d
          UNION ALL SELECT d.*, 'team', d.team_id FROM deltas d
          UNION ALL SELECT d.*, 'department', c.id FROM deltas d JOIN chain c ON c.start_id = d.department_id
          UNION ALL SELECT d.*, 'organisation', current_organisation_id() FROM deltas d),
        periods AS (
          SELECT u.*, p.period_type, date_trunc(p.period_type, u.occurred_at AT TIME ZONE (SELECT name FROM zone))::date AS period_start
            FROM units u CROSS JOIN (VALUES ('week'), ('month'), ('quarter'), ('year')) AS p(period_type)),
        sums AS (
          SELECT level, unit_id, period_type, period_start,
                 sum(started) AS started, sum(concluded) AS concluded, sum(stopped) AS stopped, sum(learned) AS learned,
                 sum(confirmed) AS confirmed, sum(refuted) AS refuted, sum(inconclusive) AS inconclusive, sum(validated) AS validated,
                 sum(data_backed_improvement) AS data_backed,
                 sum(double_loop) AS double_loop, sum(adoptions) AS adoptions, sum(approvals_decided) AS approvals_decided,
                 round(sum(lead_hours), 2) AS lead_hours, sum(hours_approved) AS hours_approved, sum(amount_approved) AS amount_approved,
                 round(sum(hours_spent), 2) AS hours_spent, sum(amount_spent) AS amount_spent
            FROM periods GROUP BY level, unit_id, period_type, period_start),
        velocity AS (
          SELECT level, unit_id, period_type, period_start, jsonb_object_agg(velocity_day::text, n) AS histogram
            FROM (SELECT level, unit_id, period_type, period_start, velocity_day, count(*) AS n FROM periods
                   WHERE velocity_day IS NOT NULL GROUP BY level, unit_id, period_type, period_start, velocity_day) days
           GROUP BY level, unit_id, period_type, period_start),
        -- Who takes part when an experiment starts: its owner and its participants, once per person and period.
        people AS (
          SELECT DISTINCT p.period_type, date_trunc(p.period_type, s.occurred_at AT TIME ZONE (SELECT name FROM zone))::date AS period_start, s.membership_id
            FROM (SELECT f.occurred_at, x.membership_id FROM events f
                    CROSS JOIN LATERAL (SELECT f.owner_id AS membership_id
                                        UNION SELECT pp.membership_id FROM experiment_participant pp WHERE pp.experiment_id = f.experiment_id) x
                   WHERE f.transition = 'start') s
            CROSS JOIN (VALUES ('week'), ('month'), ('quarter'), ('year')) AS p(period_type)),
        newcomers AS (
          INSERT INTO rollup_participant (organisation_id, period_type, period_start, membership_id)
          SELECT current_organisation_id(), period_type, period_start, membership_id FROM people
          ON CONFLICT DO NOTHING RETURNING period_type, period_start, membership_id),
        -- The teams and departments (with every department above) each member is placed in now.
        member_units AS (
          SELECT tm.membership_id, 'team' AS level, tm.team_id AS unit_id FROM team_membership tm WHERE tm.valid_to IS NULL AND ${newcomersOnly}
          UNION SELECT tm.membership_id, 'department', c.id FROM team_membership tm
            JOIN team t ON t.organisation_id = tm.organisation_id AND t.id = tm.team_id JOIN chain c ON c.start_id = t.department_id
           WHERE tm.valid_to IS NULL AND ${newcomersOnly}),
        participant_counts AS (
          SELECT level, unit_id, period_type, period_start, count(*)::int AS participants
            FROM (SELECT n.period_type, n.period_start, 'member' AS level, n.membership_id AS unit_id FROM newcomers n
                  UNION ALL SELECT n.period_type, n.period_start, 'organisation', current_organisation_id() FROM newcomers n
                  UNION ALL SELECT n.period_type, n.period_start, u.level, u.unit_id FROM newcomers n JOIN member_units u USING (membership_id)) counted
           GROUP BY level, unit_id, period_type, period_start),
        written AS (
          INSERT INTO rollup (organisation_id, level, unit_id, period_type, period_start, counters, participants)
          SELECT current_organisation_id(), level, unit_id, period_type, period_start,
                 CASE WHEN s.level IS NULL THEN '{}' ELSE jsonb_build_object(
                   'started', s.started, 'concluded', s.concluded, 'stopped', s.stopped, 'learned', s.learned,
                   'confirmed', s.confirmed, 'refuted', s.refuted, 'inconclusive', s.inconclusive, 'validated', s.validated, 'dataBacked', s.data_backed,
                   'doubleLoop', s.double_loop, 'adoptionsReceived', s.adoptions, 'approvalsDecided', s.approvals_decided,
                   'approvalLeadHours', s.lead_hours, 'hoursApproved', s.hours_approved, 'amountApprovedMinor', s.amount_approved,
                   'hoursSpent', s.hours_spent, 'amountSpentMinor', s.amount_spent, 'velocityDays', coalesce(v.histogram, '{}')) END,
                 coalesce(pc.participants, 0)
            FROM sums s LEFT JOIN velocity v USING (level, unit_id, period_type, period_start)
            FULL JOIN participant_counts pc USING (level, unit_id, period_type, period_start)
          ON CONFLICT (organisation_id, level, unit_id, period_type, period_start)
          DO UPDATE SET counters = rollup_add(rollup.counters, EXCLUDED.counters), participants = rollup.participants + EXCLUDED.participants
          RETURNING 1)
      SELECT (SELECT count(*)::int FROM applied) AS count, (SELECT count(*) FROM written) AS rows, (SELECT count(*) FROM newcomers) AS people`.execute(
      this.db,
    );
    return rows[0].count;
  }

  /** Headcounts follow the structure by themselves; the nightly recompute recounts them anyway, as a check. */
  async refreshHeadcounts(): Promise<void> {
    await sql`SELECT rollup_refresh_headcounts(current_organisation_id())`.execute(this.db);
  }

  async clear(): Promise<void> {
    await this.db.deleteFrom('rollup').execute();
    await this.db.deleteFrom('rollup_participant').execute();
    await this.db.deleteFrom('rollup_applied_event').execute();
  }

  /**
   * A unit's name, the organisation's time zone, the members the unit counts now (those placed in the team,
   * in a team of the department or any below it, or active in the organisation; a person counts as one) and
   * its roll-up rows from `from` on, in one read: a dashboard is one round trip to the database. Headcounts
   * are kept exact by triggers on the structure (`rollup_headcount`).
   */
  unitSeries(level: Level, unitId: string, periodType: PeriodType, from: string) {
    const db = this.db;
    const name = {
      organisation: () => db.selectFrom('organisation').select('name').where('organisation_id', '=', unitId),
      department: () => db.selectFrom('department').select('name').where('id', '=', unitId),
      team: () => db.selectFrom('team').select('name').where('id', '=', unitId),
      member: () =>
        db
          .selectFrom('membership as m')
          .innerJoin('app_user as u', 'u.id', 'm.user_id')
          .select('u.display_name as name')
          .where('m.id', '=', unitId),
    }[level]();
    return db
      .selectFrom('organisation as o')
      .crossJoin(name.as('unit'))
      .select((eb) => [
        'unit.name',
        'o.time_zone',
        'o.headline_improvements',
        level === 'member'
          ? sql<number>`1`.as('headcount')
          : eb.fn
              .coalesce(
                eb
                  .selectFrom('rollup_headcount as h')
                  .select('h.headcount')
                  .where('h.level', '=', level)
                  .where('h.unit_id', '=', unitId),
                sql<number>`0`,
              )
              .as('headcount'),
        jsonArrayFrom(
          eb
            .selectFrom('rollup as r')
            .select([periodStartText.as('period_start'), 'r.counters', 'r.participants'])
            .where('r.organisation_id', '=', currentOrganisationId)
            .where('r.level', '=', level)
            .where('r.unit_id', '=', unitId)
            .where('r.period_type', '=', periodType)
            .where('r.period_start', '>=', sql<Date>`${from}::date`),
        ).as('rows'),
      ])
      .where('o.organisation_id', '=', currentOrganisationId)
      .executeTakeFirst();
  }

  /**
   * The organisation's time zone, its departments with the members now in each or any department below it,
   * and every department's roll-up rows from `from` on, in one read: the comparison never asks per department.
   * Each row comes without the counters named in `omit` (the comparison shows one metric: most of a row, above
   * all the velocity histogram, is not needed).
   */
  comparison(periodType: PeriodType, from: string, omit: string[]) {
    return this.db
      .selectFrom('organisation as o')
      .select((eb) => [
        'o.time_zone',
        'o.headline_improvements',
        jsonArrayFrom(
          eb
            .selectFrom('department as d')
            .leftJoin('rollup_headcount as h', (join) =>
              join
                .onRef('h.organisation_id', '=', 'd.organisation_id')
                .on('h.level', '=', 'department')
                .onRef('h.unit_id', '=', 'd.id'),
            )
            .select((inner) => [
              'd.id',
              'd.name',
              inner.fn.coalesce('h.headcount', sql<number>`0`).as('headcount'),
            ])
            .where('d.archived_at', 'is', null)
            .orderBy('d.name'),
        ).as('departments'),
        jsonArrayFrom(
          eb
            .selectFrom('rollup as r')
            .select([
              'r.unit_id',
              periodStartText.as('period_start'),
              sql<Partial<Counters>>`r.counters - ${omit}::text[]`.as('counters'),
              'r.participants',
            ])
            .where('r.organisation_id', '=', currentOrganisationId)
            .where('r.level', '=', 'department')
            .where('r.period_type', '=', periodType)
            .where('r.period_start', '>=', sql<Date>`${from}::date`),
        ).as('rollups'),
      ])
      .where('o.organisation_id', '=', currentOrganisationId)
      .executeTakeFirst();
  }

  /** Whether the viewer manages the member: leads one of their teams, or heads a department above one. */
  async managesMember(viewerId: string, memberId: string): Promise<boolean> {
    const memberTeams = this.db
      .selectFrom('team_membership')
      .select('team_id')
      .where('membership_id', '=', memberId)
      .where('valid_to', 'is', null);
    const leads = this.db
      .selectFrom('team_membership')
      .select('membership_id')
      .where('membership_id', '=', viewerId)
      .where('position', '=', 'lead')
      .where('valid_to', 'is', null)
      .where('team_id', 'in', memberTeams);
    const heads = this.db
      .selectFrom('department_head as h')
      .select('h.membership_id')
      .where('h.membership_id', '=', viewerId)
      .where('h.valid_to', 'is', null)
      .where('h.department_id', 'in', (eb) =>
        eb
          .selectFrom('team as t')
          .crossJoin(departmentAncestors(sql.ref<string>('t.department_id')).as('up'))
          .select('up.id')
          .where('t.id', 'in', memberTeams),
      );
    const row = await this.db
      .selectNoFrom(({ exists, or }) =>
        or([exists(leads), exists(heads)])
          .$castTo<boolean>()
          .as('manages'),
      )
      .executeTakeFirstOrThrow();
    return row.manages;
  }
}
