import { Injectable } from '@nestjs/common';
import { Db } from '@kaizen/api/data-access-db';
import type { ReviewCadence } from '@kaizen/shared/domain-schedules';

export type UnitType = 'team' | 'department' | 'organisation';

export interface StoredCadence extends ReviewCadence {
  id: string;
  unitType: UnitType;
  unitId: string;
  unitName: string;
  active: boolean;
  version: number;
  createdAt: Date;
  /** When the cadence was created or last switched back on: nothing before it opens. */
  activeSince: Date;
}

export interface StoredReview {
  id: string;
  cadenceId: string;
  unitType: UnitType;
  unitId: string;
  unitName: string;
  opensAt: Date;
  periodStart: Date;
  periodEnd: Date;
  status: 'open' | 'closed';
  takeaways: string[];
  closedAt: Date | null;
  closedByName: string | null;
  reflectionCount: number;
}

const cadenceColumns = `c.id, c.unit_type AS "unitType", coalesce(c.team_id, c.department_id, c.organisation_id) AS "unitId",
  coalesce(t.name, d.name, o.name) AS "unitName", c.frequency, c.weekday, c.day_of_month AS "dayOfMonth", c.hour, c.minute,
  c.time_zone AS "timeZone", to_char(c.anchor_date, 'YYYY-MM-DD') AS "anchorDate", c.active, c.version, c.created_at AS "createdAt",
  c.active_since AS "activeSince"`;
const cadenceFrom = `FROM review_cadence c
  JOIN organisation o ON o.organisation_id = c.organisation_id
  LEFT JOIN team t ON t.organisation_id = c.organisation_id AND t.id = c.team_id
  LEFT JOIN department d ON d.organisation_id = c.organisation_id AND d.id = c.department_id`;

const reviewColumns = `r.id, r.cadence_id AS "cadenceId", r.unit_type AS "unitType", coalesce(r.team_id, r.department_id, r.organisation_id) AS "unitId",
  coalesce(t.name, d.name, o.name) AS "unitName", r.opens_at AS "opensAt", r.period_start AS "periodStart", r.period_end AS "periodEnd",
  r.status, r.takeaways, r.closed_at AS "closedAt", cu.display_name AS "closedByName",
  (SELECT count(*)::int FROM review_reflection x WHERE x.organisation_id = r.organisation_id AND x.review_id = r.id) AS "reflectionCount"`;
const reviewFrom = `FROM review r
  JOIN organisation o ON o.organisation_id = r.organisation_id
  LEFT JOIN team t ON t.organisation_id = r.organisation_id AND t.id = r.team_id
  LEFT JOIN department d ON d.organisation_id = r.organisation_id AND d.id = r.department_id
  LEFT JOIN membership cm ON cm.organisation_id = r.organisation_id AND cm.id = r.closed_by
  LEFT JOIN app_user cu ON cu.id = cm.user_id`;

/**
 * Who may see and run a unit's review. $1 viewer membership id, $2 admin?; the unit is given as
 * (unit_type, team_id, department_id) columns of the row in `target`.
 * - see: organisation reviews everyone; a team's its members, the heads above it and admins;
 *   a department's the members of its teams (and sub-departments'), the heads above it and admins;
 * - run (close): a team's leads, the heads above and admins; a department's heads above-or-at it and admins; the organisation's admins.
 */
const access = `
  viewer_teams AS (SELECT team_id, position FROM team_membership WHERE membership_id = $1 AND valid_to IS NULL),
  unit_department AS (SELECT coalesce(target.department_id, (SELECT department_id FROM team WHERE id = target.team_id)) AS id FROM target),
  chain_up AS (
    SELECT dd.id, dd.parent_id FROM department dd WHERE dd.id = (SELECT id FROM unit_department)
    UNION SELECT p.id, p.parent_id FROM department p JOIN chain_up c ON p.id = c.parent_id),
  subtree AS (
    SELECT dd.id FROM department dd WHERE dd.id = (SELECT department_id FROM target)
    UNION SELECT ch.id FROM department ch JOIN subtree s ON ch.parent_id = s.id),
  heads_above AS (SELECT 1 FROM department_head h WHERE h.membership_id = $1 AND h.valid_to IS NULL AND h.department_id IN (SELECT id FROM chain_up)),
  access AS (
    SELECT
      $2 OR target.unit_type = 'organisation' OR EXISTS (SELECT 1 FROM heads_above)
        OR (target.unit_type = 'team' AND target.team_id IN (SELECT team_id FROM viewer_teams))
        OR (target.unit_type = 'department' AND EXISTS (
              SELECT 1 FROM team vt WHERE vt.id IN (SELECT team_id FROM viewer_teams) AND vt.department_id IN (SELECT id FROM subtree))) AS visible,
      $2 OR (target.unit_type <> 'organisation' AND EXISTS (SELECT 1 FROM heads_above))
        OR (target.unit_type = 'team' AND target.team_id IN (SELECT team_id FROM viewer_teams WHERE position = 'lead')) AS manage
    FROM target)`;

/** The teams a unit spans: itself, a department's teams down its sub-departments, or every team. */
const scopeTeams = `
  sub AS (
    SELECT dd.id FROM department dd WHERE dd.id = (SELECT department_id FROM target)
    UNION SELECT ch.id FROM department ch JOIN sub s ON ch.parent_id = s.id),
  scope_teams AS (
    SELECT tt.id, tt.name FROM team tt, target
     WHERE target.unit_type = 'organisation' OR tt.id = target.team_id OR tt.department_id IN (SELECT id FROM sub))`;

@Injectable()
export class ReviewsRepository {
  constructor(private readonly db: Db) {}

  cadences(): Promise<StoredCadence[]> {
    return this.db.query(`SELECT ${cadenceColumns} ${cadenceFrom} ORDER BY c.unit_type DESC, coalesce(t.name, d.name, o.name)`);
  }

  cadence(id: string, lock = false): Promise<StoredCadence | null> {
    return this.db.one(`SELECT ${cadenceColumns} ${cadenceFrom} WHERE c.id = $1 ${lock ? 'FOR UPDATE OF c' : ''}`, [id]);
  }

  async unitExists(unitType: UnitType, unitId: string | null): Promise<boolean> {
    if (unitType === 'organisation') return true;
    const table = unitType === 'team' ? 'team' : 'department';
    return (await this.db.query(`SELECT 1 FROM ${table} WHERE id = $1 AND archived_at IS NULL`, [unitId])).length > 0;
  }

  /** The new cadence's id, or null when the unit already has one. */
  async createCadence(id: string, unitType: UnitType, unitId: string | null, cadence: ReviewCadence): Promise<string | null> {
    const row = await this.db.one<{ id: string }>(
      `INSERT INTO review_cadence (organisation_id, id, unit_type, team_id, department_id, frequency, weekday, day_of_month, hour, minute, time_zone, anchor_date)
       VALUES (current_organisation_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        id,
        unitType,
        unitType === 'team' ? unitId : null,
        unitType === 'department' ? unitId : null,
        cadence.frequency,
        cadence.weekday,
        cadence.dayOfMonth,
        cadence.hour,
        cadence.minute,
        cadence.timeZone,
        cadence.anchorDate,
      ],
    );
    return row?.id ?? null;
  }

  /** A cadence switched on again counts from `now`: what fell in its pause never opens. */
  async updateCadence(id: string, version: number, cadence: ReviewCadence, active: boolean, now: Date): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE review_cadence SET frequency = $3, weekday = $4, day_of_month = $5, hour = $6, minute = $7, time_zone = $8,
              anchor_date = $9, active = $10, version = version + 1,
              active_since = CASE WHEN $10 AND NOT active THEN $11 ELSE active_since END
        WHERE id = $1 AND version = $2 RETURNING id`,
      [id, version, cadence.frequency, cadence.weekday, cadence.dayOfMonth, cadence.hour, cadence.minute, cadence.timeZone, cadence.anchorDate, active, now],
    );
    return rows.length > 0;
  }

  activeCadences(): Promise<StoredCadence[]> {
    return this.db.query(`SELECT ${cadenceColumns} ${cadenceFrom} WHERE c.active`);
  }

  /** The review's id, or null when this cycle opened already. */
  async openReview(id: string, cadence: StoredCadence, opensAt: Date, period: { start: Date; end: Date }): Promise<string | null> {
    const row = await this.db.one<{ id: string }>(
      `INSERT INTO review (organisation_id, id, cadence_id, unit_type, team_id, department_id, opens_at, period_start, period_end)
       SELECT current_organisation_id(), $1, c.id, c.unit_type, c.team_id, c.department_id, $3, $4, $5 FROM review_cadence c WHERE c.id = $2
       ON CONFLICT (organisation_id, cadence_id, opens_at) DO NOTHING RETURNING id`,
      [id, cadence.id, opensAt, period.start, period.end],
    );
    return row?.id ?? null;
  }

  async reviewOpenedAt(cadenceId: string, opensAt: Date): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM review WHERE cadence_id = $1 AND opens_at = $2`, [cadenceId, opensAt])).length > 0;
  }

  /** Active members of the unit, who are told that its review opened. */
  async unitMembers(cadenceId: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `WITH RECURSIVE target AS (SELECT unit_type, team_id, department_id FROM review_cadence WHERE id = $1), ${scopeTeams}
       SELECT DISTINCT m.id FROM membership m
        WHERE m.status = 'active' AND ((SELECT unit_type FROM target) = 'organisation'
           OR m.id IN (SELECT membership_id FROM team_membership WHERE valid_to IS NULL AND team_id IN (SELECT id FROM scope_teams))
           OR m.id IN (SELECT membership_id FROM department_head WHERE valid_to IS NULL AND department_id IN (SELECT id FROM sub)))`,
      [cadenceId],
    );
    return rows.map((row) => row.id);
  }

  /** Reviews the viewer may see, newest first. */
  visibleReviews(viewerId: string, isAdmin: boolean, status: 'open' | 'closed' | undefined, limit: number): Promise<StoredReview[]> {
    return this.db.query(
      `SELECT ${reviewColumns} ${reviewFrom}
        WHERE ($3::text IS NULL OR r.status = $3)
          AND (SELECT visible FROM (
                WITH RECURSIVE target AS (SELECT r.unit_type, r.team_id, r.department_id), ${access}
                SELECT visible FROM access) a)
        ORDER BY r.opens_at DESC, r.id DESC LIMIT $4`,
      [viewerId, isAdmin, status ?? null, limit],
    );
  }

  review(id: string, lock = false): Promise<StoredReview | null> {
    return this.db.one(`SELECT ${reviewColumns} ${reviewFrom} WHERE r.id = $1 ${lock ? 'FOR UPDATE OF r' : ''}`, [id]);
  }

  async access(reviewId: string, viewerId: string, isAdmin: boolean): Promise<{ visible: boolean; manage: boolean }> {
    const row = await this.db.one<{ visible: boolean; manage: boolean }>(
      `WITH RECURSIVE target AS (SELECT unit_type, team_id, department_id FROM review WHERE id = $3), ${access}
       SELECT visible, manage FROM access`,
      [viewerId, isAdmin, reviewId],
    );
    return row ?? { visible: false, manage: false };
  }

  /** Experiments of the unit that ended without a lesson, or found their lesson during the period. */
  awaitingReflection(reviewId: string) {
    return this.db.query<{ id: string; title: string; status: string; verdict: string | null; teamName: string }>(
      `WITH RECURSIVE target AS (SELECT unit_type, team_id, department_id, period_start, period_end FROM review WHERE id = $1), ${scopeTeams}
       SELECT e.id, e.title, e.status, e.verdict, st.name AS "teamName"
         FROM experiment e JOIN scope_teams st ON st.id = e.team_id
        WHERE e.status IN ('concluded', 'stopped')
           OR (e.status IN ('learned', 'closed') AND e.learned_at >= (SELECT period_start FROM target) AND e.learned_at < (SELECT period_end FROM target))
        ORDER BY e.status = 'learned', e.updated_at DESC LIMIT 100`,
      [reviewId],
    );
  }

  /** Lessons the unit's teams captured in the period. */
  lessons(reviewId: string) {
    return this.db.query<{ id: string; insight: string; recommendation: string; verdict: string | null; teamName: string; doubleLoop: boolean }>(
      `WITH RECURSIVE target AS (SELECT unit_type, team_id, department_id, period_start, period_end FROM review WHERE id = $1), ${scopeTeams}
       SELECT l.id, l.insight, l.recommendation, e.verdict, st.name AS "teamName", l.double_loop AS "doubleLoop"
         FROM lesson l JOIN scope_teams st ON st.id = l.team_id
         JOIN experiment e ON e.organisation_id = l.organisation_id AND e.id = l.experiment_id
        WHERE l.created_at >= (SELECT period_start FROM target) AND l.created_at < (SELECT period_end FROM target)
        ORDER BY l.created_at DESC LIMIT 100`,
      [reviewId],
    );
  }

  /** The retro of retros: reviews of the units inside this one, closed since its period began (and before it closed), with their takeaways. */
  innerReviews(reviewId: string) {
    return this.db.query<{ id: string; unitName: string; takeaways: string[]; closedAt: Date }>(
      `WITH RECURSIVE target AS (SELECT unit_type, team_id, department_id, period_start, closed_at FROM review WHERE id = $1), ${scopeTeams}
       SELECT r.id, coalesce(t.name, d.name) AS "unitName", r.takeaways, r.closed_at AS "closedAt"
         FROM review r
         LEFT JOIN team t ON t.organisation_id = r.organisation_id AND t.id = r.team_id
         LEFT JOIN department d ON d.organisation_id = r.organisation_id AND d.id = r.department_id
        WHERE (SELECT unit_type FROM target) <> 'team' AND r.status = 'closed' AND r.id <> $1
          AND r.closed_at >= (SELECT period_start FROM target) AND r.closed_at <= coalesce((SELECT closed_at FROM target), 'infinity')
          AND (r.team_id IN (SELECT id FROM scope_teams)
               OR (r.department_id IN (SELECT id FROM sub) AND r.department_id IS DISTINCT FROM (SELECT department_id FROM target)))
        ORDER BY r.closed_at DESC LIMIT 100`,
      [reviewId],
    );
  }

  reflections(reviewId: string) {
    return this.db.query<{ id: string; authorName: string; body: string; experimentId: string | null; createdAt: Date }>(
      `SELECT x.id, u.display_name AS "authorName", x.body, x.experiment_id AS "experimentId", x.created_at AS "createdAt"
         FROM review_reflection x
         JOIN membership m ON m.organisation_id = x.organisation_id AND m.id = x.author_membership_id
         JOIN app_user u ON u.id = m.user_id
        WHERE x.review_id = $1 ORDER BY x.created_at, x.id`,
      [reviewId],
    );
  }

  async experimentInScope(reviewId: string, experimentId: string): Promise<boolean> {
    const rows = await this.db.query(
      `WITH RECURSIVE target AS (SELECT unit_type, team_id, department_id FROM review WHERE id = $1), ${scopeTeams}
       SELECT 1 FROM experiment e WHERE e.id = $2 AND e.team_id IN (SELECT id FROM scope_teams)`,
      [reviewId, experimentId],
    );
    return rows.length > 0;
  }

  async addReflection(id: string, reviewId: string, authorId: string, body: string, experimentId: string | null): Promise<void> {
    await this.db.query(
      `INSERT INTO review_reflection (organisation_id, id, review_id, experiment_id, author_membership_id, body)
       VALUES (current_organisation_id(), $1, $2, $3, $4, $5)`,
      [id, reviewId, experimentId, authorId, body],
    );
  }

  async close(id: string, closedBy: string, takeaways: string[], at: Date): Promise<void> {
    await this.db.query(`UPDATE review SET status = 'closed', takeaways = $3, closed_by = $2, closed_at = $4 WHERE id = $1`, [id, closedBy, takeaways, at]);
  }
}

