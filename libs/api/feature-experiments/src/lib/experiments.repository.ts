import { Injectable } from '@nestjs/common';
import { Db } from '@kaizen/api/data-access-db';
import type { Relation, Status } from '@kaizen/shared/domain-experiment';
import type { ApprovalSummaryDto, CheckInDto, CommentDto, ExperimentSummaryDto, ParticipantDto, TimelineEventDto } from './experiment.dto';

/** The row as stored, in the shape the service works with. */
export interface ExperimentRow extends ExperimentSummaryDto {
  departmentId: string;
  problem: string;
  hypothesisChange: string;
  hypothesisOutcome: string;
  hypothesisMeasure: string;
  metricName: string;
  metricUnit: string;
  metricBaseline: number | null;
  metricTarget: number | null;
  metricDirection: 'increase' | 'decrease' | null;
  checkInCadence: 'weekly' | 'biweekly' | 'monthly';
  requestedHours: number;
  requestedAmountMinor: number;
  approvedHours: number | null;
  approvedAmountMinor: number | null;
  envelopeId: string | null;
  resultValue: number | null;
  evidence: string | null;
  actualHours: number | null;
  actualSpendMinor: number | null;
  disciplines: string[];
  buildsOnLessonId: string | null;
  lessonId: string | null;
  createdAt: string;
}

const summaryColumns = `e.id, e.title, e.status, e.team_id AS "teamId", t.name AS "teamName",
  e.owner_membership_id AS "ownerId", u.display_name AS "ownerName",
  to_char(e.planned_start, 'YYYY-MM-DD') AS "plannedStart", to_char(e.planned_end, 'YYYY-MM-DD') AS "plannedEnd",
  e.verdict, e.tags, e.updated_at AS "updatedAt", e.version`;

const fullColumns = `${summaryColumns}, t.department_id AS "departmentId", e.problem,
  e.hypothesis_change AS "hypothesisChange", e.hypothesis_outcome AS "hypothesisOutcome", e.hypothesis_measure AS "hypothesisMeasure",
  e.metric_name AS "metricName", e.metric_unit AS "metricUnit", e.metric_baseline::float8 AS "metricBaseline",
  e.metric_target::float8 AS "metricTarget", e.metric_direction AS "metricDirection", e.check_in_cadence AS "checkInCadence",
  e.requested_hours AS "requestedHours", e.requested_amount_minor::float8 AS "requestedAmountMinor",
  e.approved_hours AS "approvedHours", e.approved_amount_minor::float8 AS "approvedAmountMinor", e.envelope_id AS "envelopeId",
  e.result_value::float8 AS "resultValue", e.evidence, e.actual_hours::float8 AS "actualHours",
  e.actual_spend_minor::float8 AS "actualSpendMinor", e.disciplines, e.builds_on_lesson_id AS "buildsOnLessonId",
  (SELECT l.id FROM lesson l WHERE l.organisation_id = e.organisation_id AND l.experiment_id = e.id) AS "lessonId",
  e.created_at AS "createdAt"`;

const fromExperiment = `FROM experiment e
  JOIN team t ON t.organisation_id = e.organisation_id AND t.id = e.team_id
  JOIN membership m ON m.organisation_id = e.organisation_id AND m.id = e.owner_membership_id
  JOIN app_user u ON u.id = m.user_id`;

/** Columns the service may set, by their stored name. */
export interface ExperimentColumns {
  title?: string;
  problem?: string;
  hypothesis_change?: string;
  hypothesis_outcome?: string;
  hypothesis_measure?: string;
  metric_name?: string;
  metric_unit?: string;
  metric_baseline?: number | null;
  metric_target?: number | null;
  metric_direction?: string | null;
  planned_start?: string | null;
  planned_end?: string | null;
  check_in_cadence?: string;
  requested_hours?: number;
  requested_amount_minor?: number;
  disciplines?: string[];
  tags?: string[];
  status?: Status;
  result_value?: number;
  verdict?: string;
  evidence?: string;
  actual_hours?: number;
  actual_spend_minor?: number;
  approved_hours?: number;
  approved_amount_minor?: number;
  envelope_id?: string | null;
  proposed_at?: Date;
  started_at?: Date;
  concluded_at?: Date;
  learned_at?: Date;
  closed_at?: Date;
}

export interface ListFilter {
  statuses?: Status[];
  teamId?: string;
  ownerId?: string;
  q?: string;
  sort: 'updated' | 'created' | 'title';
  limit: number;
  after?: [string, string];
}

const sortKeys = {
  updated: { column: 'e.updated_at', direction: 'DESC', cursorType: 'timestamptz' },
  created: { column: 'e.created_at', direction: 'DESC', cursorType: 'timestamptz' },
  title: { column: 'e.title', direction: 'ASC', cursorType: 'text' },
} as const;

@Injectable()
export class ExperimentsRepository {
  constructor(private readonly db: Db) {}

  find(id: string): Promise<ExperimentRow | null> {
    return this.db.one(`SELECT ${fullColumns} ${fromExperiment} WHERE e.id = $1`, [id]);
  }

  /** One page, plus the key of its last row for the next page. */
  async list(filter: ListFilter): Promise<{ items: ExperimentSummaryDto[]; last: [string, string] | null }> {
    const sort = sortKeys[filter.sort];
    const comparison = sort.direction === 'DESC' ? '<' : '>';
    const rows = await this.db.query<ExperimentSummaryDto & { sortKey: string }>(
      `SELECT ${summaryColumns}, ${sort.column}::text AS "sortKey" ${fromExperiment}
        WHERE ($1::text[] IS NULL OR e.status = ANY ($1))
          AND ($2::uuid IS NULL OR e.team_id = $2)
          AND ($3::uuid IS NULL OR e.owner_membership_id = $3)
          AND ($4::text IS NULL OR e.title ILIKE '%' || replace(replace($4, '%', '\\%'), '_', '\\_') || '%')
          AND ($5::text IS NULL OR (${sort.column}, e.id) ${comparison} ($5::${sort.cursorType}, $6::uuid))
        ORDER BY ${sort.column} ${sort.direction}, e.id ${sort.direction}
        LIMIT $7`,
      [filter.statuses ?? null, filter.teamId ?? null, filter.ownerId ?? null, filter.q ?? null, filter.after?.[0] ?? null, filter.after?.[1] ?? null, filter.limit + 1],
    );
    const page = rows.slice(0, filter.limit);
    const last = rows.length > filter.limit ? page[page.length - 1] : null;
    return { items: page.map(({ sortKey: _sortKey, ...item }) => item), last: last ? [last.sortKey, last.id] : null };
  }

  async create(row: { id: string; teamId: string; ownerId: string; buildsOnLessonId: string | null } & ExperimentColumns): Promise<void> {
    const { id, teamId, ownerId, buildsOnLessonId, ...columns } = row;
    const entries = Object.entries(columns).filter(([, value]) => value !== undefined); // unset: the column default
    await this.db.query(
      `INSERT INTO experiment (organisation_id, id, team_id, owner_membership_id, builds_on_lesson_id${entries.map(([n]) => `, ${n}`).join('')})
       VALUES (current_organisation_id(), $1, $2, $3, $4${entries.map((_, i) => `, $${i + 5}`).join('')})`,
      [id, teamId, ownerId, buildsOnLessonId, ...entries.map(([, value]) => value)],
    );
  }

  /** Writes the columns if the version still matches, and bumps it; false means someone changed it first. */
  async update(id: string, version: number, columns: ExperimentColumns): Promise<boolean> {
    const entries = Object.entries(columns).filter(([, value]) => value !== undefined);
    const rows = await this.db.query(
      `UPDATE experiment SET ${entries.map(([name], i) => `${name} = $${i + 3}`).join(', ')}${entries.length ? ', ' : ''}
              version = version + 1, updated_at = now()
        WHERE id = $1 AND version = $2 RETURNING id`,
      [id, version, ...entries.map(([, value]) => value)],
    );
    return rows.length > 0;
  }

  participants(id: string): Promise<ParticipantDto[]> {
    return this.db.query(
      `SELECT p.membership_id AS "membershipId", u.display_name AS "displayName"
         FROM experiment_participant p
         JOIN membership m ON m.organisation_id = p.organisation_id AND m.id = p.membership_id
         JOIN app_user u ON u.id = m.user_id
        WHERE p.experiment_id = $1 ORDER BY u.display_name`,
      [id],
    );
  }

  async setParticipants(id: string, membershipIds: string[]): Promise<void> {
    await this.db.query(`DELETE FROM experiment_participant WHERE experiment_id = $1 AND NOT (membership_id = ANY ($2))`, [id, membershipIds]);
    await this.db.query(
      `INSERT INTO experiment_participant (organisation_id, experiment_id, membership_id)
       SELECT current_organisation_id(), $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [id, membershipIds],
    );
  }

  /** Which of these ids are active members here; the rest are unknown, whatever organisation they belong to. */
  async activeMembers(ids: string[]): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(`SELECT id FROM membership WHERE id = ANY ($1) AND status = 'active'`, [ids]);
    return rows.map((r) => r.id);
  }

  async activeTeam(id: string): Promise<{ id: string; departmentId: string } | null> {
    return this.db.one(`SELECT id, department_id AS "departmentId" FROM team WHERE id = $1 AND archived_at IS NULL`, [id]);
  }

  /**
   * How a person relates to an experiment. Approvers: a lead of its team for team-level proposals,
   * a head of its department or any department above it, or an admin; never the owner.
   */
  async relations(experimentId: string, membershipId: string, isAdmin: boolean): Promise<Relation[]> {
    const row = await this.db.one<{ owner: boolean; participant: boolean; teamLead: boolean; approver: boolean }>(
      `WITH RECURSIVE exp AS (
          SELECT e.id, e.owner_membership_id, e.team_id, t.department_id FROM experiment e
            JOIN team t ON t.organisation_id = e.organisation_id AND t.id = e.team_id WHERE e.id = $1),
        chain AS (
          SELECT d.id, d.parent_id FROM department d WHERE d.id = (SELECT department_id FROM exp)
          UNION SELECT p.id, p.parent_id FROM department p JOIN chain c ON p.id = c.parent_id),
        open_approval AS (SELECT level FROM approval WHERE experiment_id = $1 AND decided_at IS NULL),
        lead AS (SELECT 1 FROM team_membership tm WHERE tm.team_id = (SELECT team_id FROM exp)
                   AND tm.membership_id = $2 AND tm.position = 'lead' AND tm.valid_to IS NULL),
        head AS (SELECT 1 FROM department_head h WHERE h.membership_id = $2 AND h.valid_to IS NULL
                   AND h.department_id IN (SELECT id FROM chain))
      SELECT (SELECT owner_membership_id FROM exp) = $2 AS owner,
             EXISTS (SELECT 1 FROM experiment_participant WHERE experiment_id = $1 AND membership_id = $2) AS participant,
             EXISTS (SELECT 1 FROM lead) AS "teamLead",
             EXISTS (SELECT 1 FROM open_approval) AND (SELECT owner_membership_id FROM exp) <> $2 AND (
               ((SELECT level FROM open_approval) = 'team_lead' AND EXISTS (SELECT 1 FROM lead))
               OR EXISTS (SELECT 1 FROM head) OR $3) AS approver`,
      [experimentId, membershipId, isAdmin],
    );
    if (!row) return [];
    const held: Relation[] = [];
    if (row.owner) held.push('owner');
    if (row.participant) held.push('participant');
    if (row.teamLead) held.push('team_lead');
    if (row.approver) held.push('approver');
    if (isAdmin) held.push('org_admin');
    return held;
  }

  async recordEvent(event: {
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
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO experiment_event (organisation_id, id, experiment_id, actor_membership_id, type, transition, from_status, to_status, reason, changes, occurred_at)
       VALUES (current_organisation_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        event.id,
        event.experimentId,
        event.actorId,
        event.type,
        event.transition ?? null,
        event.fromStatus ?? null,
        event.toStatus ?? null,
        event.reason ?? null,
        JSON.stringify(event.changes ?? {}),
        event.occurredAt,
      ],
    );
  }

  timeline(id: string): Promise<TimelineEventDto[]> {
    return this.db.query(
      `SELECT ev.id, ev.occurred_at AS "occurredAt", ev.type, u.display_name AS "actorName", ev.transition,
              ev.from_status AS "fromStatus", ev.to_status AS "toStatus", ev.reason, ev.changes
         FROM experiment_event ev
         LEFT JOIN membership m ON m.organisation_id = ev.organisation_id AND m.id = ev.actor_membership_id
         LEFT JOIN app_user u ON u.id = m.user_id
        WHERE ev.experiment_id = $1 ORDER BY ev.occurred_at, ev.id`,
      [id],
    );
  }

  async addCheckIn(checkIn: { id: string; experimentId: string; authorId: string; progress: string; confidence: number; blockers: string; createdAt: Date }): Promise<void> {
    await this.db.query(
      `INSERT INTO check_in (organisation_id, id, experiment_id, author_membership_id, progress, confidence, blockers, created_at)
       VALUES (current_organisation_id(), $1, $2, $3, $4, $5, $6, $7)`,
      [checkIn.id, checkIn.experimentId, checkIn.authorId, checkIn.progress, checkIn.confidence, checkIn.blockers, checkIn.createdAt],
    );
  }

  checkIns(experimentId: string): Promise<CheckInDto[]> {
    return this.db.query(
      `SELECT c.id, c.author_membership_id AS "authorId", u.display_name AS "authorName", c.progress, c.confidence, c.blockers,
              c.created_at AS "createdAt"
         FROM check_in c
         JOIN membership m ON m.organisation_id = c.organisation_id AND m.id = c.author_membership_id
         JOIN app_user u ON u.id = m.user_id
        WHERE c.experiment_id = $1 ORDER BY c.created_at, c.id`,
      [experimentId],
    );
  }

  async addComment(comment: { id: string; experimentId: string; authorId: string; body: string; mentions: string[] }): Promise<void> {
    await this.db.query(
      `INSERT INTO comment (organisation_id, id, experiment_id, author_membership_id, body, mentions)
       VALUES (current_organisation_id(), $1, $2, $3, $4, $5)`,
      [comment.id, comment.experimentId, comment.authorId, comment.body, comment.mentions],
    );
  }

  comments(experimentId: string): Promise<CommentDto[]> {
    return this.db.query(
      `SELECT c.id, c.author_membership_id AS "authorId", u.display_name AS "authorName", c.body, c.mentions, c.created_at AS "createdAt"
         FROM comment c
         JOIN membership m ON m.organisation_id = c.organisation_id AND m.id = c.author_membership_id
         JOIN app_user u ON u.id = m.user_id
        WHERE c.experiment_id = $1 ORDER BY c.created_at, c.id`,
      [experimentId],
    );
  }

  approvals(experimentId: string): Promise<ApprovalSummaryDto[]> {
    return this.db.query(
      `SELECT a.id, a.level, a.requested_hours AS "requestedHours", a.requested_amount_minor::float8 AS "requestedAmountMinor",
              a.requested_at AS "requestedAt", a.decided_at AS "decidedAt", u.display_name AS "decidedByName", a.decision, a.comment
         FROM approval a
         LEFT JOIN membership m ON m.organisation_id = a.organisation_id AND m.id = a.decided_by
         LEFT JOIN app_user u ON u.id = m.user_id
        WHERE a.experiment_id = $1 ORDER BY a.requested_at`,
      [experimentId],
    );
  }

  async openApproval(approval: { id: string; experimentId: string; level: string; hours: number; amountMinor: number; requestedAt: Date }): Promise<void> {
    await this.db.query(
      `INSERT INTO approval (organisation_id, id, experiment_id, level, requested_hours, requested_amount_minor, requested_at)
       VALUES (current_organisation_id(), $1, $2, $3, $4, $5, $6)`,
      [approval.id, approval.experimentId, approval.level, approval.hours, approval.amountMinor, approval.requestedAt],
    );
  }

  async decideApproval(experimentId: string, decision: { by: string; decision: string; comment: string; envelopeId: string | null }): Promise<void> {
    await this.db.query(
      `UPDATE approval SET decided_at = now(), decided_by = $2, decision = $3, comment = $4, envelope_id = $5
        WHERE experiment_id = $1 AND decided_at IS NULL`,
      [experimentId, decision.by, decision.decision, decision.comment, decision.envelopeId],
    );
  }

  /** Organisation settings the loop needs: thresholds, time zone. */
  async settings(): Promise<{ timeZone: string; thresholdHours: number; thresholdAmountMinor: number }> {
    return (await this.db.one(
      `SELECT time_zone AS "timeZone", approval_threshold_hours AS "thresholdHours",
              approval_threshold_amount_minor::float8 AS "thresholdAmountMinor"
         FROM organisation WHERE organisation_id = current_organisation_id()`,
    )) as { timeZone: string; thresholdHours: number; thresholdAmountMinor: number };
  }

  async all(): Promise<ExperimentRow[]> {
    return this.db.query(`SELECT ${fullColumns} ${fromExperiment} ORDER BY e.created_at, e.id`);
  }
}
