import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, enableTenantIsolation } from './tenant-isolation';

/**
 * Improvement programmes: an aim on a measure with a team, a driver diagram of drivers and change ideas, the
 * experiments that test each idea, and the adopt / adapt / abandon decision after each cycle of a PDSA ramp.
 */
export class Programmes1764920000000 implements MigrationInterface {
  name = 'Programmes1764920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE programme (
        organisation_id uuid NOT NULL REFERENCES organisation (organisation_id),
        id uuid NOT NULL,
        title text NOT NULL,
        owner_membership_id uuid NOT NULL,
        unit_type text NOT NULL CHECK (unit_type IN ('team', 'department', 'organisation')),
        team_id uuid,
        department_id uuid,
        -- The aim: set whole or not at all.
        aim_statement text,
        aim_measure_id uuid,
        aim_baseline double precision,
        aim_target double precision,
        aim_target_date date,
        -- A lead's override of the derived score: always with its reason, who and when.
        override_score numeric(2, 1) CHECK (override_score IN (0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5)),
        override_reason text,
        override_by uuid,
        override_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        archived_at timestamptz,
        PRIMARY KEY (organisation_id, id),
        FOREIGN KEY (organisation_id, owner_membership_id) REFERENCES membership (organisation_id, id),
        FOREIGN KEY (organisation_id, team_id) REFERENCES team (organisation_id, id),
        FOREIGN KEY (organisation_id, department_id) REFERENCES department (organisation_id, id),
        FOREIGN KEY (organisation_id, aim_measure_id) REFERENCES measure (organisation_id, id),
        FOREIGN KEY (organisation_id, override_by) REFERENCES membership (organisation_id, id),
        CHECK ((unit_type = 'team') = (team_id IS NOT NULL)),
        CHECK ((unit_type = 'department') = (department_id IS NOT NULL)),
        CONSTRAINT programme_aim_whole CHECK (
          num_nulls(aim_statement, aim_measure_id, aim_baseline, aim_target, aim_target_date) IN (0, 5)),
        CONSTRAINT programme_override_whole CHECK (
          num_nulls(override_score, override_reason, override_by, override_at) IN (0, 4))
      )`);
    await q.query(
      `CREATE INDEX programme_updated_idx ON programme (organisation_id, updated_at DESC, id DESC)`,
    );

    await q.query(`
      CREATE TABLE programme_member (
        organisation_id uuid NOT NULL,
        programme_id uuid NOT NULL,
        membership_id uuid NOT NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, programme_id, membership_id),
        FOREIGN KEY (organisation_id, programme_id) REFERENCES programme (organisation_id, id) ON DELETE CASCADE,
        FOREIGN KEY (organisation_id, membership_id) REFERENCES membership (organisation_id, id)
      )`);

    // Drivers and change ideas. A node under the aim has no parent; the tree rules live in domain-programmes.
    await q.query(`
      CREATE TABLE driver_node (
        organisation_id uuid NOT NULL,
        id uuid NOT NULL,
        programme_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('primary-driver', 'secondary-driver', 'change-idea')),
        parent_id uuid,
        title text NOT NULL,
        -- A process measure of its own, optional.
        measure_id uuid,
        position integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, id),
        UNIQUE (organisation_id, programme_id, id),
        FOREIGN KEY (organisation_id, programme_id) REFERENCES programme (organisation_id, id),
        -- A parent lies in the same programme.
        FOREIGN KEY (organisation_id, programme_id, parent_id) REFERENCES driver_node (organisation_id, programme_id, id),
        FOREIGN KEY (organisation_id, measure_id) REFERENCES measure (organisation_id, id),
        CHECK (parent_id IS NOT NULL OR kind = 'primary-driver')
      )`);
    await q.query(`CREATE INDEX driver_node_programme_idx ON driver_node (organisation_id, programme_id)`);

    // The experiments (PDSA cycles) that test a change idea; an experiment tests one idea per programme.
    await q.query(`
      CREATE TABLE change_idea_experiment (
        organisation_id uuid NOT NULL,
        programme_id uuid NOT NULL,
        node_id uuid NOT NULL,
        experiment_id uuid NOT NULL,
        linked_by uuid NOT NULL,
        linked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, node_id, experiment_id),
        CONSTRAINT change_idea_experiment_once UNIQUE (organisation_id, programme_id, experiment_id),
        FOREIGN KEY (organisation_id, programme_id, node_id) REFERENCES driver_node (organisation_id, programme_id, id),
        FOREIGN KEY (organisation_id, experiment_id) REFERENCES experiment (organisation_id, id),
        FOREIGN KEY (organisation_id, linked_by) REFERENCES membership (organisation_id, id)
      )`);
    await q.query(
      `CREATE INDEX change_idea_experiment_experiment_idx ON change_idea_experiment (organisation_id, experiment_id)`,
    );

    // After a cycle: adopt, adapt or abandon, once; adopt and adapt name the follow-up cycle they started.
    await q.query(`
      CREATE TABLE ramp_decision (
        organisation_id uuid NOT NULL,
        experiment_id uuid NOT NULL,
        decision text NOT NULL CHECK (decision IN ('adopt', 'adapt', 'abandon')),
        reason text NOT NULL DEFAULT '',
        follow_up_experiment_id uuid,
        decided_by uuid NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, experiment_id),
        FOREIGN KEY (organisation_id, experiment_id) REFERENCES experiment (organisation_id, id),
        FOREIGN KEY (organisation_id, follow_up_experiment_id) REFERENCES experiment (organisation_id, id),
        FOREIGN KEY (organisation_id, decided_by) REFERENCES membership (organisation_id, id),
        CHECK ((decision = 'abandon') = (follow_up_experiment_id IS NULL))
      )`);

    for (const table of [
      'programme',
      'programme_member',
      'driver_node',
      'change_idea_experiment',
      'ramp_decision',
    ]) {
      await enableTenantIsolation(q, table);
      await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO ${APP_ROLE}`);
    }
    // A decision is history: recorded once, never rewritten.
    await q.query(`REVOKE UPDATE, DELETE ON ramp_decision FROM ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'ramp_decision',
      'change_idea_experiment',
      'driver_node',
      'programme_member',
      'programme',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
