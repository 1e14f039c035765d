import { Injectable } from '@nestjs/common';
import { Db } from '@kaizen/api/data-access-db';
import type { ExperimentFacts, ReminderKind, ReminderPolicy } from '@kaizen/shared/domain-schedules';

export interface ExperimentSubject extends ExperimentFacts {
  id: string;
  title: string;
  ownerId: string;
}

export interface PlannedReminder {
  kind: ReminderKind;
  recipientId: string;
  dueAt: Date;
  fireAt: Date;
}

export interface StoredReminder extends PlannedReminder {
  id: string;
  experimentId: string;
  status: 'pending' | 'sent' | 'cancelled';
}

/** Local hour at which reminders about a day are due. */
const POLICY_REMINDER_HOUR = 9;

const reminderColumns = `id, kind, experiment_id AS "experimentId", recipient_membership_id AS "recipientId",
  due_at AS "dueAt", fire_at AS "fireAt", status`;

/** What the reminder rules read about experiment `e`. "Ended" is when the result was recorded or the experiment stopped. */
const subjectColumns = `e.title, e.owner_membership_id AS "ownerId", e.check_in_cadence AS "checkInCadence",
  e.started_at AS "startedAt", to_char(e.planned_end, 'YYYY-MM-DD') AS "plannedEnd",
  (SELECT max(c.created_at) FROM check_in c WHERE c.organisation_id = e.organisation_id AND c.experiment_id = e.id) AS "lastCheckInAt",
  coalesce(e.concluded_at, (SELECT max(v.occurred_at) FROM experiment_event v
                             WHERE v.organisation_id = e.organisation_id AND v.experiment_id = e.id AND v.to_status = 'stopped')) AS "endedAt",
  EXISTS (SELECT 1 FROM lesson l WHERE l.organisation_id = e.organisation_id AND l.experiment_id = e.id) AS "hasLesson",
  (SELECT a.requested_at FROM approval a
    WHERE a.organisation_id = e.organisation_id AND a.experiment_id = e.id AND a.decided_at IS NULL) AS "approvalRequestedAt"`;

/** A reminder whose moment has come, with the facts of its experiment as they are now. */
export interface LockedReminder {
  reminder: StoredReminder;
  subject: ExperimentSubject;
}

@Injectable()
export class RemindersRepository {
  constructor(private readonly db: Db) {}

  async policy(): Promise<ReminderPolicy> {
    const row = await this.db.one<{ timeZone: string; lessonGraceDays: number; approvalSlaHours: number }>(
      `SELECT time_zone AS "timeZone", lesson_reminder_days AS "lessonGraceDays", approval_sla_hours AS "approvalSlaHours"
         FROM organisation WHERE organisation_id = current_organisation_id()`,
    );
    if (!row) throw new Error('reminders: no organisation in the tenant context');
    return { ...row, reminderHour: POLICY_REMINDER_HOUR };
  }

  async subject(experimentId: string): Promise<ExperimentSubject | null> {
    return this.db.one(`SELECT e.id, e.status, ${subjectColumns} FROM experiment e WHERE e.id = $1`, [experimentId]);
  }

  /**
   * Who a waiting proposal escalates to: the heads of the nearest department above the approver's
   * level that has one; with none, the organisation's admins. Never the owner.
   */
  async escalationRecipients(experimentId: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `WITH RECURSIVE exp AS (
          SELECT e.owner_membership_id, t.department_id, a.level FROM experiment e
            JOIN team t ON t.organisation_id = e.organisation_id AND t.id = e.team_id
            JOIN approval a ON a.organisation_id = e.organisation_id AND a.experiment_id = e.id AND a.decided_at IS NULL
           WHERE e.id = $1),
        chain AS (
          SELECT d.id, d.parent_id, 0 AS depth FROM department d WHERE d.id = (SELECT department_id FROM exp)
          UNION ALL SELECT p.id, p.parent_id, c.depth + 1 FROM department p JOIN chain c ON p.id = c.parent_id),
        heads AS (
          SELECT h.membership_id, c.depth FROM department_head h JOIN chain c ON c.id = h.department_id
            JOIN membership m ON m.id = h.membership_id AND m.status = 'active'
           WHERE h.valid_to IS NULL AND h.membership_id <> (SELECT owner_membership_id FROM exp)
             -- a team-level proposal escalates to its own department's head; a department-level one to the level above
             AND c.depth >= CASE WHEN (SELECT level FROM exp) = 'team_lead' THEN 0 ELSE 1 END),
        nearest AS (SELECT membership_id AS id FROM heads WHERE depth = (SELECT min(depth) FROM heads))
      SELECT id FROM nearest
      UNION
      SELECT m.id FROM membership m
       WHERE NOT EXISTS (SELECT 1 FROM nearest) AND m.role = 'org_admin' AND m.status = 'active'
         AND m.id <> (SELECT owner_membership_id FROM exp)`,
      [experimentId],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Stores what is due. A moment already stored keeps its row (once per due moment); a pending one
   * gets the newly computed delivery time. Returns the pending rows, to schedule.
   */
  async upsert(planned: Array<PlannedReminder & { experimentId: string }>, ids: string[]): Promise<StoredReminder[]> {
    if (planned.length === 0) return [];
    return this.db.query(
      `INSERT INTO reminder (organisation_id, id, kind, experiment_id, recipient_membership_id, due_at, fire_at)
       SELECT current_organisation_id(), p.id, p.kind, p.experiment_id, p.recipient, p.due_at, p.fire_at
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::timestamptz[], $6::timestamptz[])
              AS p(id, kind, experiment_id, recipient, due_at, fire_at)
       ON CONFLICT (organisation_id, kind, experiment_id, recipient_membership_id, due_at)
       DO UPDATE SET fire_at = EXCLUDED.fire_at WHERE reminder.status = 'pending'
       RETURNING ${reminderColumns}`,
      [
        ids,
        planned.map((p) => p.kind),
        planned.map((p) => p.experimentId),
        planned.map((p) => p.recipientId),
        planned.map((p) => p.dueAt),
        planned.map((p) => p.fireAt),
      ],
    );
  }

  /** Pending reminders of these experiments that the rules no longer name lose their reason. */
  async cancelPendingExcept(experimentIds: string[], keep: string[]): Promise<number> {
    const rows = await this.db.query(
      `UPDATE reminder SET status = 'cancelled', cancelled_at = now()
        WHERE experiment_id = ANY ($1::uuid[]) AND status = 'pending' AND NOT (id = ANY ($2::uuid[])) RETURNING id`,
      [experimentIds, keep],
    );
    return rows.length;
  }

  /**
   * Locks the pending reminders whose moment has come, oldest first, with their experiments' facts in the
   * same statement: firing asks the rules again, and one round trip per batch instead of three per reminder
   * is what lets a morning with thousands due keep up. The lock makes a job that runs twice (or on two
   * workers) deliver each reminder once: a second sweep waits here and then finds them sent, or with
   * `skipLocked` passes over rows another transaction holds.
   */
  async lockDue(until: Date, limit: number, { skipLocked }: { skipLocked: boolean }): Promise<LockedReminder[]> {
    const rows = await this.db.query<StoredReminder & Omit<ExperimentSubject, 'id' | 'status'> & { experimentStatus: string }>(
      `SELECT r.id, r.kind, r.experiment_id AS "experimentId", r.recipient_membership_id AS "recipientId",
              r.due_at AS "dueAt", r.fire_at AS "fireAt", r.status, e.status AS "experimentStatus", ${subjectColumns}
         FROM reminder r
         JOIN experiment e ON e.organisation_id = r.organisation_id AND e.id = r.experiment_id
        WHERE r.status = 'pending' AND r.fire_at <= $1
        -- fire_at alone: the pending index yields that order, while a tie-breaker would sort every row of a busy moment per batch
        ORDER BY r.fire_at
        LIMIT $2
          FOR UPDATE OF r ${skipLocked ? 'SKIP LOCKED' : ''}`,
      [until, limit],
    );
    return rows.map((row) => ({
      reminder: { id: row.id, kind: row.kind, experimentId: row.experimentId, recipientId: row.recipientId, dueAt: row.dueAt, fireAt: row.fireAt, status: row.status },
      subject: {
        id: row.experimentId,
        title: row.title,
        ownerId: row.ownerId,
        status: row.experimentStatus,
        checkInCadence: row.checkInCadence,
        startedAt: row.startedAt,
        plannedEnd: row.plannedEnd,
        lastCheckInAt: row.lastCheckInAt,
        endedAt: row.endedAt,
        hasLesson: row.hasLesson,
        approvalRequestedAt: row.approvalRequestedAt,
      },
    }));
  }

  async markSent(ids: string[], at: Date): Promise<void> {
    if (ids.length > 0) await this.db.query(`UPDATE reminder SET status = 'sent', sent_at = $2 WHERE id = ANY ($1::uuid[])`, [ids, at]);
  }

  async cancel(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.db.query(`UPDATE reminder SET status = 'cancelled', cancelled_at = now() WHERE id = ANY ($1::uuid[])`, [ids]);
  }

  async markApprovalEscalated(experimentId: string, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE approval SET escalated_at = coalesce(escalated_at, $2) WHERE experiment_id = $1 AND decided_at IS NULL`,
      [experimentId, at],
    );
  }

  /** The distinct moments at which pending reminders fire before `horizon`: the ones whose jobs must exist now. */
  async pendingMoments(horizon: Date): Promise<Date[]> {
    const rows = await this.db.query<{ fireAt: Date }>(
      `SELECT DISTINCT fire_at AS "fireAt" FROM reminder WHERE status = 'pending' AND fire_at < $1 ORDER BY fire_at`,
      [horizon],
    );
    return rows.map((row) => row.fireAt);
  }

  /** Experiments that could have something due but have nothing pending: their planning may have been lost. */
  async unplannedActiveExperiments(): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT e.id FROM experiment e
        WHERE (e.status IN ('running', 'proposed') OR (e.status IN ('concluded', 'stopped') AND NOT EXISTS (
                 SELECT 1 FROM lesson l WHERE l.organisation_id = e.organisation_id AND l.experiment_id = e.id)))
          AND NOT EXISTS (SELECT 1 FROM reminder r WHERE r.organisation_id = e.organisation_id
                            AND r.experiment_id = e.id AND r.status = 'pending')`,
    );
    return rows.map((row) => row.id);
  }

  /** What is coming up for one person, soonest first. */
  async upcomingFor(recipientId: string, limit: number): Promise<Array<StoredReminder & { experimentTitle: string }>> {
    return this.db.query(
      `SELECT r.id, r.kind, r.experiment_id AS "experimentId", r.recipient_membership_id AS "recipientId",
              r.due_at AS "dueAt", r.fire_at AS "fireAt", r.status, e.title AS "experimentTitle"
         FROM reminder r JOIN experiment e ON e.organisation_id = r.organisation_id AND e.id = r.experiment_id
        WHERE r.recipient_membership_id = $1 AND r.status = 'pending'
        ORDER BY r.due_at, r.id LIMIT $2`,
      [recipientId, limit],
    );
  }
}
