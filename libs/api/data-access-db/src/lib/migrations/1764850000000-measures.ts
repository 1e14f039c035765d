import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, enableTenantIsolation } from './tenant-isolation';

/**
 * Measures over time: a measure, its data points (one per period), every change to a point kept as a revision, and
 * the experiments that test a change against it with their baseline and change moments.
 */
export class Measures1764850000000 implements MigrationInterface {
  name = 'Measures1764850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE measure (
        organisation_id uuid NOT NULL REFERENCES organisation (organisation_id),
        id uuid NOT NULL,
        name text NOT NULL,
        unit text NOT NULL DEFAULT '',
        definition text NOT NULL DEFAULT '',
        direction text NOT NULL CHECK (direction IN ('higher-is-better', 'lower-is-better')),
        kind text NOT NULL CHECK (kind IN ('value', 'proportion', 'rate')),
        -- The chart's scale for proportions and rates: 100 for a percentage, 1000 for "per 1,000 bed days".
        multiplier double precision NOT NULL DEFAULT 1 CHECK (multiplier > 0),
        owner_type text NOT NULL CHECK (owner_type IN ('team', 'department', 'organisation')),
        team_id uuid,
        department_id uuid,
        created_by uuid NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        archived_at timestamptz,
        PRIMARY KEY (organisation_id, id),
        FOREIGN KEY (organisation_id, team_id) REFERENCES team (organisation_id, id),
        FOREIGN KEY (organisation_id, department_id) REFERENCES department (organisation_id, id),
        FOREIGN KEY (organisation_id, created_by) REFERENCES membership (organisation_id, id),
        CHECK ((owner_type = 'team') = (team_id IS NOT NULL)),
        CHECK ((owner_type = 'department') = (department_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX measure_updated_idx ON measure (organisation_id, updated_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE measure_point (
        organisation_id uuid NOT NULL,
        id uuid NOT NULL,
        measure_id uuid NOT NULL,
        period date NOT NULL,
        value double precision,
        numerator double precision CHECK (numerator >= 0),
        denominator double precision CHECK (denominator > 0),
        note text NOT NULL DEFAULT '',
        entered_by uuid NOT NULL,
        entered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, id),
        CONSTRAINT measure_point_period_key UNIQUE (organisation_id, measure_id, period),
        FOREIGN KEY (organisation_id, measure_id) REFERENCES measure (organisation_id, id),
        FOREIGN KEY (organisation_id, entered_by) REFERENCES membership (organisation_id, id),
        -- A value, or a numerator with its denominator: never both, never half.
        CHECK ((value IS NOT NULL AND numerator IS NULL AND denominator IS NULL) OR (value IS NULL AND numerator IS NOT NULL AND denominator IS NOT NULL))
      )`);

    // History: each row is a point's state after a change (for a deletion, the state it had). No FK to the point,
    // which may be deleted; the measure is only ever archived.
    await q.query(`
      CREATE TABLE measure_point_revision (
        organisation_id uuid NOT NULL,
        id uuid NOT NULL,
        measure_id uuid NOT NULL,
        point_id uuid NOT NULL,
        change text NOT NULL CHECK (change IN ('created', 'updated', 'deleted')),
        source text NOT NULL CHECK (source IN ('entry', 'grid', 'import')),
        period date NOT NULL,
        value double precision,
        numerator double precision,
        denominator double precision,
        note text NOT NULL DEFAULT '',
        changed_by uuid NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, id),
        FOREIGN KEY (organisation_id, measure_id) REFERENCES measure (organisation_id, id),
        FOREIGN KEY (organisation_id, changed_by) REFERENCES membership (organisation_id, id)
      )`);
    await q.query(
      `CREATE INDEX measure_point_revision_measure_idx ON measure_point_revision (organisation_id, measure_id, changed_at DESC, id DESC)`,
    );

    // An experiment tests its change against one measure: the baseline it is judged against, and when each change began.
    await q.query(`
      CREATE TABLE experiment_measure (
        organisation_id uuid NOT NULL,
        experiment_id uuid NOT NULL,
        measure_id uuid NOT NULL,
        baseline_from date NOT NULL,
        baseline_through date NOT NULL,
        linked_by uuid NOT NULL,
        linked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, experiment_id),
        FOREIGN KEY (organisation_id, experiment_id) REFERENCES experiment (organisation_id, id),
        FOREIGN KEY (organisation_id, measure_id) REFERENCES measure (organisation_id, id),
        FOREIGN KEY (organisation_id, linked_by) REFERENCES membership (organisation_id, id),
        CONSTRAINT experiment_measure_baseline_check CHECK (baseline_from <= baseline_through)
      )`);
    await q.query(
      `CREATE INDEX experiment_measure_measure_idx ON experiment_measure (organisation_id, measure_id)`,
    );
    await q.query(`
      CREATE TABLE experiment_change_moment (
        organisation_id uuid NOT NULL,
        experiment_id uuid NOT NULL,
        period date NOT NULL,
        label text NOT NULL DEFAULT '',
        PRIMARY KEY (organisation_id, experiment_id, period),
        FOREIGN KEY (organisation_id, experiment_id) REFERENCES experiment_measure (organisation_id, experiment_id) ON DELETE CASCADE
      )`);

    for (const table of [
      'measure',
      'measure_point',
      'measure_point_revision',
      'experiment_measure',
      'experiment_change_moment',
    ]) {
      await enableTenantIsolation(q, table);
      await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO ${APP_ROLE}`);
    }
    // Revisions are history: the application may add them, never rewrite them.
    await q.query(`REVOKE UPDATE, DELETE ON measure_point_revision FROM ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'experiment_change_moment',
      'experiment_measure',
      'measure_point_revision',
      'measure_point',
      'measure',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
