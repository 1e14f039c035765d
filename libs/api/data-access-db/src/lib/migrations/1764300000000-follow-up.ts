import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation } from './tenant-isolation';

/**
 * What keeps the loop moving: reminders (what is due lives here, so schedules can be rebuilt
 * from it), in-app notifications, per-person preferences, outgoing webhooks, review cadences
 * with their reviews and reflections, and the weekly digests already sent.
 */
export class FollowUp1764300000000 implements MigrationInterface {
  name = 'FollowUp1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE organisation
        ADD COLUMN lesson_reminder_days integer NOT NULL DEFAULT 3 CHECK (lesson_reminder_days BETWEEN 1 AND 60),
        ADD COLUMN approval_sla_hours integer NOT NULL DEFAULT 48 CHECK (approval_sla_hours BETWEEN 1 AND 720)`);
    await q.query(`ALTER TABLE approval ADD COLUMN escalated_at timestamptz`);

    await q.query(`
      CREATE TABLE notification_preference (
        organisation_id uuid NOT NULL,
        membership_id uuid NOT NULL,
        time_zone text,
        quiet_start smallint NOT NULL DEFAULT 20 CHECK (quiet_start BETWEEN 0 AND 23),
        quiet_end smallint NOT NULL DEFAULT 8 CHECK (quiet_end BETWEEN 0 AND 23),
        email_reminders boolean NOT NULL DEFAULT true,
        email_reviews boolean NOT NULL DEFAULT true,
        email_digest boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, membership_id),
        FOREIGN KEY (organisation_id, membership_id) REFERENCES membership (organisation_id, id)
      )`);

    await q.query(`
      CREATE TABLE reminder (
        organisation_id uuid NOT NULL,
        id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('check_in_due', 'result_overdue', 'lesson_missing', 'approval_escalated')),
        experiment_id uuid NOT NULL,
        recipient_membership_id uuid NOT NULL,
        due_at timestamptz NOT NULL,
        fire_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'cancelled')),
        sent_at timestamptz,
        cancelled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, id),
        -- Once per due moment: planning the same moment again finds this row.
        UNIQUE (organisation_id, kind, experiment_id, recipient_membership_id, due_at),
        FOREIGN KEY (organisation_id, experiment_id) REFERENCES experiment (organisation_id, id),
        FOREIGN KEY (organisation_id, recipient_membership_id) REFERENCES membership (organisation_id, id)
      )`);
    await q.query(
      `CREATE INDEX reminder_pending_idx ON reminder (organisation_id, fire_at) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX reminder_experiment_idx ON reminder (organisation_id, experiment_id) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX reminder_recipient_idx ON reminder (organisation_id, recipient_membership_id, fire_at) WHERE status = 'pending'`,
    );

    await q.query(`
      CREATE TABLE notification (
        organisation_id uuid NOT NULL,
        id uuid NOT NULL,
        recipient_membership_id uuid NOT NULL,
        kind text NOT NULL,
        -- What makes it the same notification, e.g. the reminder it came from: a job that runs twice finds it.
        dedupe_key text NOT NULL,
        subject_type text,
        subject_id uuid,
        params jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        emailed_at timestamptz,
        PRIMARY KEY (organisation_id, id),
        UNIQUE (organisation_id, recipient_membership_id, dedupe_key),
        FOREIGN KEY (organisation_id, recipient_membership_id) REFERENCES membership (organisation_id, id)
      )`);
    await q.query(
      `CREATE INDEX notification_inbox_idx ON notification (organisation_id, recipient_membership_id, created_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX notification_unread_idx ON notification (organisation_id, recipient_membership_id) WHERE read_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE webhook (
        organisation_id uuid NOT NULL,
        id uuid NOT NULL,
        name text NOT NULL,
        url text NOT NULL,
        format text NOT NULL CHECK (format IN ('slack', 'teams')),
        secret text NOT NULL,
        events text[] NOT NULL,
        active boolean NOT NULL DEFAULT true,
        consecutive_failures integer NOT NULL DEFAULT 0,
        disabled_at timestamptz,
        disabled_reason text,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        PRIMARY KEY (organisation_id, id),
        FOREIGN KEY (organisation_id, created_by) REFERENCES membership (organisation_id, id)
      )`);
    await q.query(`
      CREATE TABLE webhook_delivery (
        organisation_id uuid NOT NULL,
        id uuid NOT NULL,
        webhook_id uuid NOT NULL,
        event text NOT NULL,
        dedupe_key text NOT NULL,
        body jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_status_code integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        PRIMARY KEY (organisation_id, id),
        UNIQUE (organisation_id, webhook_id, dedupe_key),
        FOREIGN KEY (organisation_id, webhook_id) REFERENCES webhook (organisation_id, id) ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX webhook_delivery_recent_idx ON webhook_delivery (organisation_id, webhook_id, created_at DESC)`,
    );

    await q.query(`
      CREATE TABLE review_cadence (
        organisation_id uuid NOT NULL,
        id uuid NOT NULL,
        unit_type text NOT NULL CHECK (unit_type IN ('team', 'department', 'organisation')),
        team_id uuid,
        department_id uuid,
        frequency text NOT NULL CHECK (frequency IN ('weekly', 'biweekly', 'monthly', 'quarterly')),
        weekday smallint NOT NULL DEFAULT 1 CHECK (weekday BETWEEN 1 AND 7),
        day_of_month smallint NOT NULL DEFAULT 1 CHECK (day_of_month BETWEEN 1 AND 28),
        hour smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
        minute smallint NOT NULL DEFAULT 0 CHECK (minute BETWEEN 0 AND 59),
        time_zone text NOT NULL,
        anchor_date date NOT NULL,
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, id),
        FOREIGN KEY (organisation_id, team_id) REFERENCES team (organisation_id, id),
        FOREIGN KEY (organisation_id, department_id) REFERENCES department (organisation_id, id),
        CHECK ((unit_type = 'team') = (team_id IS NOT NULL)),
        CHECK ((unit_type = 'department') = (department_id IS NOT NULL))
      )`);
    // One cadence per unit: a unit reviews on one rhythm.
    await q.query(
      `CREATE UNIQUE INDEX review_cadence_unit_key ON review_cadence (organisation_id, unit_type, coalesce(team_id, department_id, organisation_id))`,
    );

    await q.query(`
      CREATE TABLE review (
        organisation_id uuid NOT NULL,
        id uuid NOT NULL,
        cadence_id uuid NOT NULL,
        unit_type text NOT NULL,
        team_id uuid,
        department_id uuid,
        opens_at timestamptz NOT NULL,
        period_start timestamptz NOT NULL,
        period_end timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        takeaways text[] NOT NULL DEFAULT '{}',
        closed_at timestamptz,
        closed_by uuid,
        PRIMARY KEY (organisation_id, id),
        -- A cycle opens once, however often its job runs.
        UNIQUE (organisation_id, cadence_id, opens_at),
        FOREIGN KEY (organisation_id, cadence_id) REFERENCES review_cadence (organisation_id, id),
        FOREIGN KEY (organisation_id, team_id) REFERENCES team (organisation_id, id),
        FOREIGN KEY (organisation_id, department_id) REFERENCES department (organisation_id, id),
        FOREIGN KEY (organisation_id, closed_by) REFERENCES membership (organisation_id, id)
      )`);
    await q.query(`CREATE INDEX review_recent_idx ON review (organisation_id, opens_at DESC, id)`);
    await q.query(`
      CREATE TABLE review_reflection (
        organisation_id uuid NOT NULL,
        id uuid NOT NULL,
        review_id uuid NOT NULL,
        experiment_id uuid,
        author_membership_id uuid NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, id),
        FOREIGN KEY (organisation_id, review_id) REFERENCES review (organisation_id, id),
        FOREIGN KEY (organisation_id, experiment_id) REFERENCES experiment (organisation_id, id),
        FOREIGN KEY (organisation_id, author_membership_id) REFERENCES membership (organisation_id, id)
      )`);
    await q.query(
      `CREATE INDEX review_reflection_review_idx ON review_reflection (organisation_id, review_id, created_at)`,
    );

    await q.query(`
      CREATE TABLE digest_run (
        organisation_id uuid NOT NULL,
        week_start date NOT NULL,
        lessons integer NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, week_start)
      )`);

    for (const table of [
      'notification_preference',
      'reminder',
      'notification',
      'webhook',
      'webhook_delivery',
      'review_cadence',
      'review',
      'review_reflection',
      'digest_run',
    ]) {
      await enableTenantIsolation(q, table);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'digest_run',
      'review_reflection',
      'review',
      'review_cadence',
      'webhook_delivery',
      'webhook',
      'notification',
      'reminder',
      'notification_preference',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`ALTER TABLE approval DROP COLUMN escalated_at`);
    await q.query(
      `ALTER TABLE organisation DROP COLUMN lesson_reminder_days, DROP COLUMN approval_sla_hours`,
    );
  }
}
