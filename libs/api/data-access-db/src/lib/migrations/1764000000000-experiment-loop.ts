import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation } from './tenant-isolation';

/**
 * The experiment loop: experiments and their event log, check-ins, approvals drawn from
 * budget envelopes, lessons (searchable in Dutch and English), adoptions and comments.
 */
export class ExperimentLoop1764000000000 implements MigrationInterface {
  name = 'ExperimentLoop1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE budget_envelope (
        organisation_id uuid NOT NULL REFERENCES organisation (organisation_id),
        id uuid NOT NULL,
        team_id uuid,
        department_id uuid,
        quarter text NOT NULL CHECK (quarter ~ '^[0-9]{4}-Q[1-4]$'),
        hours_budget integer NOT NULL CHECK (hours_budget >= 0),
        amount_budget_minor bigint NOT NULL CHECK (amount_budget_minor >= 0),
        hours_committed integer NOT NULL DEFAULT 0,
        amount_committed_minor bigint NOT NULL DEFAULT 0,
        hours_spent numeric(10, 2) NOT NULL DEFAULT 0,
        amount_spent_minor bigint NOT NULL DEFAULT 0,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, id),
        FOREIGN KEY (organisation_id, team_id) REFERENCES team (organisation_id, id),
        FOREIGN KEY (organisation_id, department_id) REFERENCES department (organisation_id, id),
        CHECK ((team_id IS NULL) <> (department_id IS NULL)),
        -- The last line of defence: no code path can commit more than the envelope holds.
        CHECK (hours_committed BETWEEN 0 AND hours_budget),
        CHECK (amount_committed_minor BETWEEN 0 AND amount_budget_minor)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX budget_envelope_team_key ON budget_envelope (organisation_id, team_id, quarter) WHERE team_id IS NOT NULL`,
    );
    await q.query(`
      CREATE UNIQUE INDEX budget_envelope_department_key ON budget_envelope (organisation_id, department_id, quarter)
      WHERE department_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE experiment (
        organisation_id uuid NOT NULL REFERENCES organisation (organisation_id),
        id uuid NOT NULL,
        team_id uuid NOT NULL,
        owner_membership_id uuid NOT NULL,
        title text NOT NULL,
        problem text NOT NULL DEFAULT '',
        hypothesis_change text NOT NULL DEFAULT '',
        hypothesis_outcome text NOT NULL DEFAULT '',
        hypothesis_measure text NOT NULL DEFAULT '',
        metric_name text NOT NULL DEFAULT '',
        metric_unit text NOT NULL DEFAULT '',
        metric_baseline numeric,
        metric_target numeric,
        metric_direction text CHECK (metric_direction IN ('increase', 'decrease')),
        planned_start date,
        planned_end date,
        check_in_cadence text NOT NULL DEFAULT 'weekly' CHECK (check_in_cadence IN ('weekly', 'biweekly', 'monthly')),
        requested_hours integer NOT NULL DEFAULT 0 CHECK (requested_hours >= 0),
        requested_amount_minor bigint NOT NULL DEFAULT 0 CHECK (requested_amount_minor >= 0),
        disciplines text[] NOT NULL DEFAULT '{}',
        tags text[] NOT NULL DEFAULT '{}',
        builds_on_lesson_id uuid,
        status text NOT NULL DEFAULT 'draft' CHECK (status IN
          ('draft', 'proposed', 'changes_requested', 'approved', 'rejected', 'running', 'stopped', 'concluded', 'learned', 'closed')),
        result_value numeric,
        verdict text CHECK (verdict IN ('confirmed', 'refuted', 'inconclusive')),
        evidence text,
        actual_hours numeric(10, 2),
        actual_spend_minor bigint CHECK (actual_spend_minor >= 0),
        approved_hours integer,
        approved_amount_minor bigint,
        envelope_id uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        proposed_at timestamptz,
        started_at timestamptz,
        concluded_at timestamptz,
        learned_at timestamptz,
        closed_at timestamptz,
        PRIMARY KEY (organisation_id, id),
        FOREIGN KEY (organisation_id, team_id) REFERENCES team (organisation_id, id),
        FOREIGN KEY (organisation_id, owner_membership_id) REFERENCES membership (organisation_id, id),
        FOREIGN KEY (organisation_id, envelope_id) REFERENCES budget_envelope (organisation_id, id),
        CHECK (planned_end IS NULL OR planned_start IS NULL OR planned_end >= planned_start)
      )`);
    await q.query(
      `CREATE INDEX experiment_status_idx ON experiment (organisation_id, status, updated_at DESC, id)`,
    );
    await q.query(
      `CREATE INDEX experiment_team_idx ON experiment (organisation_id, team_id, updated_at DESC, id)`,
    );
    await q.query(`CREATE INDEX experiment_owner_idx ON experiment (organisation_id, owner_membership_id)`);

    await q.query(`
      CREATE TABLE experiment_participant (
        organisation_id uuid NOT NULL,
        experiment_id uuid NOT NULL,
        membership_id uuid NOT NULL,
        PRIMARY KEY (organisation_id, experiment_id, membership_id),
        FOREIGN KEY (organisation_id, experiment_id) REFERENCES experiment (organisation_id, id) ON DELETE CASCADE,
        FOREIGN KEY (organisation_id, membership_id) REFERENCES membership (organisation_id, id)
      )`);

    // The source of timelines, reminders and roll-ups: every transition and every edit, append-only.
    await q.query(`
      CREATE TABLE experiment_event (
        organisation_id uuid NOT NULL,
        id uuid NOT NULL,
        experiment_id uuid NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_membership_id uuid,
        type text NOT NULL,
        transition text,
        from_status text,
        to_status text,
        reason text,
        changes jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (organisation_id, id),
        FOREIGN KEY (organisation_id, experiment_id) REFERENCES experiment (organisation_id, id),
        FOREIGN KEY (organisation_id, actor_membership_id) REFERENCES membership (organisation_id, id)
      )`);
    await q.query(
      `CREATE INDEX experiment_event_timeline_idx ON experiment_event (organisation_id, experiment_id, occurred_at, id)`,
    );
    await q.query(
      `CREATE INDEX experiment_event_time_idx ON experiment_event (organisation_id, occurred_at)`,
    );

    await q.query(`
      CREATE TABLE check_in (
        organisation_id uuid NOT NULL,
        id uuid NOT NULL,
        experiment_id uuid NOT NULL,
        author_membership_id uuid NOT NULL,
        progress text NOT NULL,
        confidence smallint NOT NULL CHECK (confidence BETWEEN 1 AND 5),
        blockers text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, id),
        FOREIGN KEY (organisation_id, experiment_id) REFERENCES experiment (organisation_id, id),
        FOREIGN KEY (organisation_id, author_membership_id) REFERENCES membership (organisation_id, id)
      )`);
    await q.query(
      `CREATE INDEX check_in_experiment_idx ON check_in (organisation_id, experiment_id, created_at)`,
    );

    await q.query(`
      CREATE TABLE approval (
        organisation_id uuid NOT NULL,
        id uuid NOT NULL,
        experiment_id uuid NOT NULL,
        level text NOT NULL CHECK (level IN ('team_lead', 'department_head')),
        requested_hours integer NOT NULL,
        requested_amount_minor bigint NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        decided_by uuid,
        decision text CHECK (decision IN ('approved', 'rejected', 'changes_requested')),
        comment text,
        envelope_id uuid,
        PRIMARY KEY (organisation_id, id),
        FOREIGN KEY (organisation_id, experiment_id) REFERENCES experiment (organisation_id, id),
        FOREIGN KEY (organisation_id, decided_by) REFERENCES membership (organisation_id, id),
        FOREIGN KEY (organisation_id, envelope_id) REFERENCES budget_envelope (organisation_id, id)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX approval_open_key ON approval (organisation_id, experiment_id) WHERE decided_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX approval_pending_idx ON approval (organisation_id, requested_at) WHERE decided_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX approval_experiment_idx ON approval (organisation_id, experiment_id, requested_at)`,
    );

    // array_to_string is only STABLE in general; for text[] it cannot vary, which a generated column needs.
    await q.query(`
      CREATE FUNCTION tags_as_text(tags text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
      $$ SELECT array_to_string(tags, ' ') $$`);
    await q.query(`
      CREATE TABLE lesson (
        organisation_id uuid NOT NULL,
        id uuid NOT NULL,
        experiment_id uuid NOT NULL,
        team_id uuid NOT NULL,
        department_id uuid NOT NULL,
        author_membership_id uuid NOT NULL,
        insight text NOT NULL,
        recommendation text NOT NULL CHECK (recommendation IN ('adopt', 'adapt', 'abandon', 'standardise')),
        assumption_before text NOT NULL DEFAULT '',
        assumption_after text NOT NULL DEFAULT '',
        double_loop boolean NOT NULL DEFAULT false,
        disciplines text[] NOT NULL DEFAULT '{}',
        tags text[] NOT NULL DEFAULT '{}',
        visibility text NOT NULL CHECK (visibility IN ('team', 'department', 'organisation')),
        created_at timestamptz NOT NULL DEFAULT now(),
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', insight), 'A') || setweight(to_tsvector('dutch', insight), 'A') ||
          setweight(to_tsvector('english', assumption_before || ' ' || assumption_after), 'B') ||
          setweight(to_tsvector('dutch', assumption_before || ' ' || assumption_after), 'B') ||
          setweight(to_tsvector('simple', tags_as_text(tags)), 'B')
        ) STORED,
        PRIMARY KEY (organisation_id, id),
        UNIQUE (organisation_id, experiment_id),
        FOREIGN KEY (organisation_id, experiment_id) REFERENCES experiment (organisation_id, id),
        FOREIGN KEY (organisation_id, team_id) REFERENCES team (organisation_id, id),
        FOREIGN KEY (organisation_id, department_id) REFERENCES department (organisation_id, id),
        FOREIGN KEY (organisation_id, author_membership_id) REFERENCES membership (organisation_id, id)
      )`);
    await q.query(`CREATE INDEX lesson_search_idx ON lesson USING gin (search)`);
    await q.query(`CREATE INDEX lesson_time_idx ON lesson (organisation_id, created_at DESC, id)`);
    await q.query(`
      ALTER TABLE experiment ADD FOREIGN KEY (organisation_id, builds_on_lesson_id) REFERENCES lesson (organisation_id, id)`);
    await q.query(
      `CREATE INDEX experiment_builds_on_idx ON experiment (organisation_id, builds_on_lesson_id) WHERE builds_on_lesson_id IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE lesson_adoption (
        organisation_id uuid NOT NULL,
        id uuid NOT NULL,
        lesson_id uuid NOT NULL,
        team_id uuid NOT NULL,
        experiment_id uuid NOT NULL,
        adopted_by uuid NOT NULL,
        adopted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, id),
        UNIQUE (organisation_id, lesson_id, team_id),
        FOREIGN KEY (organisation_id, lesson_id) REFERENCES lesson (organisation_id, id),
        FOREIGN KEY (organisation_id, team_id) REFERENCES team (organisation_id, id),
        FOREIGN KEY (organisation_id, experiment_id) REFERENCES experiment (organisation_id, id),
        FOREIGN KEY (organisation_id, adopted_by) REFERENCES membership (organisation_id, id)
      )`);

    await q.query(`
      CREATE TABLE comment (
        organisation_id uuid NOT NULL,
        id uuid NOT NULL,
        experiment_id uuid NOT NULL,
        author_membership_id uuid NOT NULL,
        body text NOT NULL,
        mentions uuid[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, id),
        FOREIGN KEY (organisation_id, experiment_id) REFERENCES experiment (organisation_id, id),
        FOREIGN KEY (organisation_id, author_membership_id) REFERENCES membership (organisation_id, id)
      )`);
    await q.query(
      `CREATE INDEX comment_experiment_idx ON comment (organisation_id, experiment_id, created_at)`,
    );

    for (const table of [
      'budget_envelope',
      'experiment',
      'experiment_participant',
      'experiment_event',
      'check_in',
      'approval',
      'lesson',
      'lesson_adoption',
      'comment',
    ]) {
      await enableTenantIsolation(q, table);
    }
    // Events and check-ins are history: the application may add them, never rewrite them.
    await q.query(`REVOKE UPDATE, DELETE ON experiment_event FROM kaizen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE experiment DROP COLUMN builds_on_lesson_id`);
    for (const table of [
      'comment',
      'lesson_adoption',
      'lesson',
      'approval',
      'check_in',
      'experiment_event',
      'experiment_participant',
      'experiment',
      'budget_envelope',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION tags_as_text(text[])`);
  }
}
