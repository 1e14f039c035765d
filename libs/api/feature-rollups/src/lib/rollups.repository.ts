import { Injectable } from '@nestjs/common';
import { Db } from '@kaizen/api/data-access-db';
import type { Counters, ExperimentFacts, Level, LifecycleEvent, PeriodType, RollupKey } from '@kaizen/shared/domain-learning';

export interface EventWithFacts {
  eventId: string;
  event: LifecycleEvent;
  facts: ExperimentFacts;
  /** Owner and participants: who takes part when an experiment starts. */
  people: string[];
}

/** Everything an event needs to be folded, read in one statement; `$1` selects the events. */
const eventsWithFacts = (where: string) => `
  WITH RECURSIVE chain AS (
      SELECT d.id AS start_id, d.id, d.parent_id FROM department d
      UNION ALL SELECT c.start_id, p.id, p.parent_id FROM department p JOIN chain c ON p.id = c.parent_id)
  SELECT ev.id AS "eventId", ev.type, ev.transition, ev.occurred_at AS "occurredAt",
         (SELECT a.requested_at FROM approval a WHERE a.experiment_id = e.id AND a.requested_at <= ev.occurred_at
           ORDER BY a.requested_at DESC LIMIT 1) AS "proposedAt",
         e.owner_membership_id AS "ownerId", e.team_id AS "teamId", e.organisation_id AS "organisationId", e.created_at AS "createdAt",
         e.verdict, coalesce(e.actual_hours, 0)::float8 AS "actualHours", coalesce(e.actual_spend_minor, 0)::float8 AS "actualSpendMinor",
         coalesce(e.approved_hours, 0)::float8 AS "approvedHours", coalesce(e.approved_amount_minor, 0)::float8 AS "approvedAmountMinor",
         l.recommendation, l.double_loop AS "doubleLoop",
         (SELECT array_agg(c.id) FROM chain c WHERE c.start_id = t.department_id) AS "departmentIds",
         array_prepend(e.owner_membership_id, coalesce((SELECT array_agg(p.membership_id) FROM experiment_participant p WHERE p.experiment_id = e.id), '{}')) AS people
    FROM experiment_event ev
    JOIN experiment e ON e.organisation_id = ev.organisation_id AND e.id = ev.experiment_id
    JOIN team t ON t.organisation_id = e.organisation_id AND t.id = e.team_id
    LEFT JOIN lesson l ON l.organisation_id = e.organisation_id AND l.experiment_id = e.id
   WHERE (ev.type = 'adopted' OR ev.transition IN ('start', 'stop', 'conclude', 'learn', 'approve', 'reject', 'request_changes'))
     AND ${where}`;

interface FactsRow {
  eventId: string;
  type: string;
  transition: string | null;
  occurredAt: Date;
  proposedAt: Date | null;
  ownerId: string;
  teamId: string;
  organisationId: string;
  createdAt: Date;
  verdict: ExperimentFacts['verdict'];
  actualHours: number;
  actualSpendMinor: number;
  approvedHours: number;
  approvedAmountMinor: number;
  recommendation: string | null;
  doubleLoop: boolean | null;
  departmentIds: string[];
  people: string[];
}

function toEvent(row: FactsRow): EventWithFacts {
  return {
    eventId: row.eventId,
    event: { type: row.type, transition: row.transition, occurredAt: new Date(row.occurredAt), proposedAt: row.proposedAt ? new Date(row.proposedAt) : null },
    facts: {
      ownerId: row.ownerId,
      teamId: row.teamId,
      departmentIds: row.departmentIds ?? [],
      organisationId: row.organisationId,
      createdAt: new Date(row.createdAt),
      verdict: row.verdict,
      actualHours: row.actualHours,
      actualSpendMinor: row.actualSpendMinor,
      approvedHours: row.approvedHours,
      approvedAmountMinor: row.approvedAmountMinor,
      lesson: row.recommendation ? { recommendation: row.recommendation, doubleLoop: Boolean(row.doubleLoop) } : null,
    },
    people: row.people,
  };
}

/** Each department with itself and every department above it (`start_id` → `id`). */
const departmentChain = `chain AS (
    SELECT d.id AS start_id, d.id, d.parent_id FROM department d
    UNION ALL SELECT c.start_id, p.id, p.parent_id FROM department p JOIN chain c ON p.id = c.parent_id)`;

/**
 * The teams and departments (with every department above) each member is placed in now: whom a
 * participant counts for. Needs `departmentChain` in the same statement.
 */
const memberUnits = (where = 'true') => `
  SELECT tm.membership_id, 'team' AS level, tm.team_id AS unit_id FROM team_membership tm WHERE tm.valid_to IS NULL AND ${where}
  UNION SELECT tm.membership_id, 'department', c.id FROM team_membership tm
    JOIN team t ON t.organisation_id = tm.organisation_id AND t.id = tm.team_id JOIN chain c ON c.start_id = t.department_id
   WHERE tm.valid_to IS NULL AND ${where}`;

export interface StoredRollup {
  periodStart: string;
  counters: Counters;
  /** Distinct members who took part in the period, counted where they were placed. */
  participants: number;
}

export interface UnitSeries {
  name: string;
  timeZone: string;
  headcount: number;
  rows: StoredRollup[];
}

export interface ComparisonData {
  timeZone: string;
  departments: Array<{ id: string; name: string; headcount: number }>;
  rollups: Array<StoredRollup & { unitId: string }>;
}

/** Roll-up rows and the bookkeeping that keeps them exact: which events they already contain. */
@Injectable()
export class RollupsRepository {
  constructor(private readonly db: Db) {}

  /** Incremental updates and recomputes of one organisation take turns. */
  async lock(): Promise<void> {
    await this.db.query(`SELECT pg_advisory_xact_lock(hashtext('rollups:' || current_organisation_id()::text))`);
  }

  async timeZone(): Promise<string> {
    const row = await this.db.one<{ timeZone: string }>(`SELECT time_zone AS "timeZone" FROM organisation WHERE organisation_id = current_organisation_id()`);
    return row?.timeZone ?? 'Europe/Amsterdam';
  }

  /** True the first time only: an event is counted once however often its job runs. */
  async markApplied(eventIds: string[]): Promise<string[]> {
    const rows = await this.db.query<{ eventId: string }>(
      `INSERT INTO rollup_applied_event (organisation_id, event_id) SELECT current_organisation_id(), unnest($1::uuid[])
       ON CONFLICT DO NOTHING RETURNING event_id AS "eventId"`,
      [eventIds],
    );
    return rows.map((r) => r.eventId);
  }

  async event(eventId: string): Promise<EventWithFacts | null> {
    const row = await this.db.one<FactsRow>(eventsWithFacts('ev.id = $1'), [eventId]);
    return row ? toEvent(row) : null;
  }

  async upsert(rows: Array<{ key: RollupKey; counters: Counters }>): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      await this.db.query(
        `INSERT INTO rollup (organisation_id, level, unit_id, period_type, period_start, counters)
         SELECT current_organisation_id(), r.level, r.unit_id, r.period_type, r.period_start, r.counters
           FROM jsonb_to_recordset($1::jsonb) AS r(level text, unit_id uuid, period_type text, period_start date, counters jsonb)
         ON CONFLICT (organisation_id, level, unit_id, period_type, period_start)
         DO UPDATE SET counters = rollup_add(rollup.counters, EXCLUDED.counters)`,
        [JSON.stringify(chunk.map(({ key, counters }) => ({ level: key.level, unit_id: key.unitId, period_type: key.periodType, period_start: key.periodStart, counters })))],
      );
    }
  }

  /**
   * Records who took part when, once per person and period, and counts each newcomer for the units
   * they are placed in now: the member, their teams, those teams' departments and every one above, the organisation.
   */
  async addParticipants(rows: Array<{ periodType: PeriodType; periodStart: string; membershipId: string }>): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `WITH RECURSIVE ${departmentChain},
         fresh AS (
           INSERT INTO rollup_participant (organisation_id, period_type, period_start, membership_id)
           SELECT DISTINCT current_organisation_id(), r.period_type, r.period_start, r.membership_id
             FROM jsonb_to_recordset($1::jsonb) AS r(period_type text, period_start date, membership_id uuid)
           ON CONFLICT DO NOTHING RETURNING period_type, period_start, membership_id),
         units AS (
           SELECT f.period_type, f.period_start, 'member' AS level, f.membership_id AS unit_id FROM fresh f
           UNION ALL SELECT f.period_type, f.period_start, 'organisation', current_organisation_id() FROM fresh f
           UNION ALL SELECT f.period_type, f.period_start, u.level, u.unit_id
             FROM fresh f JOIN (${memberUnits('tm.membership_id IN (SELECT membership_id FROM fresh)')}) u USING (membership_id))
       INSERT INTO rollup (organisation_id, level, unit_id, period_type, period_start, participants)
       SELECT current_organisation_id(), level, unit_id, period_type, period_start, count(*) FROM units
        GROUP BY level, unit_id, period_type, period_start
       ON CONFLICT (organisation_id, level, unit_id, period_type, period_start)
       DO UPDATE SET participants = rollup.participants + EXCLUDED.participants`,
      [JSON.stringify(rows.map((r) => ({ period_type: r.periodType, period_start: r.periodStart, membership_id: r.membershipId })))],
    );
  }

  /**
   * The full recompute, in one statement: the same fold as `deltasFor` and `rowsFor` in
   * `@kaizen/shared/domain-learning`, grouped by PostgreSQL instead of looped over in the worker, so it
   * scales with the database. Times count in whole milliseconds, as JavaScript dates do, so both agree
   * to the last digit; `tests/integration/rollups.test.ts` holds them to that.
   */
  async recomputeAll(timeZone: string): Promise<number> {
    // A batch job grouping millions of rows: memory for its aggregates, for this transaction only, instead of spilling to disk.
    await this.db.query(`SELECT set_config('work_mem', '128MB', true)`);
    const [{ count }] = await this.db.query<{ count: number }>(
      `WITH RECURSIVE ${departmentChain},
        events AS (
          SELECT ev.id, ev.type, ev.transition, ev.occurred_at, e.owner_membership_id AS owner_id, e.team_id, t.department_id,
                 floor(extract(epoch FROM ev.occurred_at) * 1000) AS occurred_ms,
                 floor(extract(epoch FROM e.created_at) * 1000) AS created_ms,
                 -- Only decisions have a lead time: skip the approval lookup for every other event.
                 CASE WHEN ev.transition IN ('approve', 'reject', 'request_changes') THEN
                   floor(extract(epoch FROM (SELECT a.requested_at FROM approval a WHERE a.experiment_id = e.id AND a.requested_at <= ev.occurred_at
                                              ORDER BY a.requested_at DESC LIMIT 1)) * 1000) END AS proposed_ms,
                 e.verdict, coalesce(e.actual_hours, 0) AS actual_hours, coalesce(e.actual_spend_minor, 0) AS actual_spend,
                 coalesce(e.approved_hours, 0) AS approved_hours, coalesce(e.approved_amount_minor, 0) AS approved_amount,
                 l.recommendation, coalesce(l.double_loop, false) AS double_loop
            FROM experiment_event ev
            JOIN experiment e ON e.organisation_id = ev.organisation_id AND e.id = ev.experiment_id
            JOIN team t ON t.organisation_id = e.organisation_id AND t.id = e.team_id
            LEFT JOIN lesson l ON l.organisation_id = e.organisation_id AND l.experiment_id = e.id
           WHERE ev.type = 'adopted' OR ev.transition IN ('start', 'stop', 'conclude', 'learn', 'approve', 'reject', 'request_changes')),
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
                 (transition = 'learn' AND verdict = 'confirmed' AND recommendation IN ('adopt', 'standardise'))::int AS validated,
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
          SELECT u.*, p.period_type,
                 (CASE p.period_type WHEN 'week' THEN date_trunc('week', u.occurred_at AT TIME ZONE $1)
                                     ELSE date_trunc(p.period_type, u.occurred_at AT TIME ZONE $1) END)::date AS period_start
            FROM units u CROSS JOIN (VALUES ('week'), ('month'), ('quarter'), ('year')) AS p(period_type)),
        sums AS (
          SELECT level, unit_id, period_type, period_start,
                 sum(started) AS started, sum(concluded) AS concluded, sum(stopped) AS stopped, sum(learned) AS learned,
                 sum(confirmed) AS confirmed, sum(refuted) AS refuted, sum(inconclusive) AS inconclusive, sum(validated) AS validated,
                 sum(double_loop) AS double_loop, sum(adoptions) AS adoptions, sum(approvals_decided) AS approvals_decided,
                 round(sum(lead_hours), 2) AS lead_hours, sum(hours_approved) AS hours_approved, sum(amount_approved) AS amount_approved,
                 round(sum(hours_spent), 2) AS hours_spent, sum(amount_spent) AS amount_spent
            FROM periods GROUP BY level, unit_id, period_type, period_start),
        velocity AS (
          SELECT level, unit_id, period_type, period_start, jsonb_object_agg(velocity_day::text, n) AS histogram
            FROM (SELECT level, unit_id, period_type, period_start, velocity_day, count(*) AS n FROM periods
                   WHERE velocity_day IS NOT NULL GROUP BY level, unit_id, period_type, period_start, velocity_day) days
           GROUP BY level, unit_id, period_type, period_start),
        started_people AS (
          SELECT ev.occurred_at, p.membership_id FROM experiment_event ev
            JOIN experiment e ON e.organisation_id = ev.organisation_id AND e.id = ev.experiment_id
            CROSS JOIN LATERAL (SELECT e.owner_membership_id AS membership_id
                                UNION SELECT pp.membership_id FROM experiment_participant pp WHERE pp.experiment_id = e.id) p
           WHERE ev.transition = 'start'),
        people AS (
          SELECT DISTINCT p.period_type, date_trunc(p.period_type, s.occurred_at AT TIME ZONE $1)::date AS period_start, s.membership_id
            FROM started_people s CROSS JOIN (VALUES ('week'), ('month'), ('quarter'), ('year')) AS p(period_type)),
        participants AS (
          INSERT INTO rollup_participant (organisation_id, period_type, period_start, membership_id)
          SELECT current_organisation_id(), period_type, period_start, membership_id FROM people
          RETURNING 1),
        member_units AS (${memberUnits()}),
        participant_counts AS (
          SELECT level, unit_id, period_type, period_start, count(*)::int AS participants
            FROM (SELECT p.period_type, p.period_start, 'member' AS level, p.membership_id AS unit_id FROM people p
                  UNION ALL SELECT p.period_type, p.period_start, 'organisation', current_organisation_id() FROM people p
                  UNION ALL SELECT p.period_type, p.period_start, u.level, u.unit_id FROM people p JOIN member_units u USING (membership_id)) counted
           GROUP BY level, unit_id, period_type, period_start),
        written AS (
          INSERT INTO rollup (organisation_id, level, unit_id, period_type, period_start, counters, participants)
          SELECT current_organisation_id(), level, unit_id, period_type, period_start,
                 CASE WHEN s.level IS NULL THEN '{}' ELSE jsonb_build_object(
                   'started', s.started, 'concluded', s.concluded, 'stopped', s.stopped, 'learned', s.learned,
                   'confirmed', s.confirmed, 'refuted', s.refuted, 'inconclusive', s.inconclusive, 'validated', s.validated,
                   'doubleLoop', s.double_loop, 'adoptionsReceived', s.adoptions, 'approvalsDecided', s.approvals_decided,
                   'approvalLeadHours', s.lead_hours, 'hoursApproved', s.hours_approved, 'amountApprovedMinor', s.amount_approved,
                   'hoursSpent', s.hours_spent, 'amountSpentMinor', s.amount_spent, 'velocityDays', coalesce(v.histogram, '{}')) END,
                 coalesce(pc.participants, 0)
            FROM sums s LEFT JOIN velocity v USING (level, unit_id, period_type, period_start)
            FULL JOIN participant_counts pc USING (level, unit_id, period_type, period_start)
          RETURNING 1),
        applied AS (
          INSERT INTO rollup_applied_event (organisation_id, event_id) SELECT current_organisation_id(), id FROM events RETURNING 1)
      SELECT (SELECT count(*)::int FROM applied) AS count, (SELECT count(*) FROM written) AS rows, (SELECT count(*) FROM participants) AS people`,
      [timeZone],
    );
    return count;
  }

  /** Headcounts follow the structure by themselves; the nightly recompute recounts them anyway, as a check. */
  async refreshHeadcounts(): Promise<void> {
    await this.db.query(`SELECT rollup_refresh_headcounts(current_organisation_id())`);
  }

  async clear(): Promise<void> {
    await this.db.query(`DELETE FROM rollup`);
    await this.db.query(`DELETE FROM rollup_participant`);
    await this.db.query(`DELETE FROM rollup_applied_event`);
  }

  /**
   * A unit's name, the organisation's time zone, the members the unit counts now (those placed in the team,
   * in a team of the department or any below it, or active in the organisation; a person counts as one) and
   * its roll-up rows from `from` on, in one read: a dashboard is one round trip to the database. Headcounts
   * are kept exact by triggers on the structure (`rollup_headcount`).
   */
  unitSeries(level: Level, unitId: string, periodType: PeriodType, from: string): Promise<UnitSeries | null> {
    const name = {
      organisation: `SELECT name FROM organisation WHERE organisation_id = $1`,
      department: `SELECT name FROM department WHERE id = $1`,
      team: `SELECT name FROM team WHERE id = $1`,
      member: `SELECT u.display_name AS name FROM membership m JOIN app_user u ON u.id = m.user_id WHERE m.id = $1`,
    }[level];
    return this.db.one(
      `SELECT u.name, o.time_zone AS "timeZone",
              CASE WHEN $2::text = 'member' THEN 1
                   ELSE coalesce((SELECT h.headcount FROM rollup_headcount h WHERE h.level = $2::text AND h.unit_id = $1::uuid), 0) END AS headcount,
              coalesce((SELECT json_agg(json_build_object('periodStart', to_char(r.period_start, 'YYYY-MM-DD'), 'counters', r.counters, 'participants', r.participants))
                          FROM rollup r
                         WHERE r.organisation_id = current_organisation_id() AND r.level = $2::text AND r.unit_id = $1::uuid
                           AND r.period_type = $3 AND r.period_start >= $4::date), '[]') AS rows
         FROM organisation o CROSS JOIN (${name}) u WHERE o.organisation_id = current_organisation_id()`,
      [unitId, level, periodType, from],
    );
  }

  /**
   * The organisation's time zone, its departments with the members now in each or any department below it,
   * and every department's roll-up rows from `from` on, in one read: the comparison never asks per department.
   * Each row comes without the counters named in `omit` (the comparison shows one metric: most of a row, above
   * all the velocity histogram, is not needed).
   */
  async comparison(periodType: PeriodType, from: string, omit: string[]): Promise<ComparisonData> {
    const row = await this.db.one<ComparisonData>(
      `SELECT o.time_zone AS "timeZone",
              coalesce((SELECT json_agg(json_build_object('id', d.id, 'name', d.name, 'headcount', coalesce(h.headcount, 0)) ORDER BY d.name)
                          FROM department d
                          LEFT JOIN rollup_headcount h ON h.organisation_id = d.organisation_id AND h.level = 'department' AND h.unit_id = d.id
                         WHERE d.archived_at IS NULL), '[]') AS departments,
              coalesce((SELECT json_agg(json_build_object('unitId', r.unit_id, 'periodStart', to_char(r.period_start, 'YYYY-MM-DD'),
                                                          'counters', r.counters - $3::text[],
                                                          'participants', r.participants))
                          FROM rollup r
                         WHERE r.organisation_id = current_organisation_id() AND r.level = 'department' AND r.period_type = $1
                           AND r.period_start >= $2::date), '[]') AS rollups
         FROM organisation o WHERE o.organisation_id = current_organisation_id()`,
      [periodType, from, omit],
    );
    return row ?? { timeZone: 'Europe/Amsterdam', departments: [], rollups: [] };
  }

  /** Whether the viewer manages the member: leads one of their teams, or heads a department above one. */
  async managesMember(viewerId: string, memberId: string): Promise<boolean> {
    const row = await this.db.one(
      `WITH RECURSIVE member_teams AS (SELECT team_id FROM team_membership WHERE membership_id = $2 AND valid_to IS NULL),
         up AS (SELECT d.id, d.parent_id FROM department d WHERE d.id IN (SELECT department_id FROM team WHERE id IN (SELECT team_id FROM member_teams))
                UNION SELECT p.id, p.parent_id FROM department p JOIN up ON p.id = up.parent_id)
       SELECT 1 WHERE EXISTS (SELECT 1 FROM team_membership WHERE membership_id = $1 AND position = 'lead' AND valid_to IS NULL
                               AND team_id IN (SELECT team_id FROM member_teams))
          OR EXISTS (SELECT 1 FROM department_head WHERE membership_id = $1 AND valid_to IS NULL AND department_id IN (SELECT id FROM up))`,
      [viewerId, memberId],
    );
    return row !== null;
  }
}
