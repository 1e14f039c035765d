import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, enableTenantIsolation } from './tenant-isolation';

/**
 * Precomputed learning roll-ups per level, unit and period. Dashboards read only these;
 * the worker keeps them current from lifecycle events and recomputes them in full as a check.
 */
export class Rollups1764100000000 implements MigrationInterface {
  name = 'Rollups1764100000000';

  async up(q: QueryRunner): Promise<void> {
    // Adds two counter documents: numbers add up, and the nested velocity histogram adds up per day.
    await q.query(`
      CREATE FUNCTION rollup_add(a jsonb, b jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(jsonb_object_agg(key, CASE
                 WHEN key = 'velocityDays' THEN (
                   SELECT coalesce(jsonb_object_agg(day, coalesce((a->'velocityDays'->>day)::numeric, 0) + coalesce((b->'velocityDays'->>day)::numeric, 0)), '{}')
                     FROM (SELECT jsonb_object_keys(coalesce(a->'velocityDays', '{}') || coalesce(b->'velocityDays', '{}')) AS day) days)
                 ELSE to_jsonb(round(coalesce((a->>key)::numeric, 0) + coalesce((b->>key)::numeric, 0), 2)) END), '{}')
          FROM (SELECT jsonb_object_keys(coalesce(a, '{}') || coalesce(b, '{}')) AS key) keys
      $$`);
    await q.query(`
      CREATE TABLE rollup (
        organisation_id uuid NOT NULL REFERENCES organisation (organisation_id),
        level text NOT NULL CHECK (level IN ('member', 'team', 'department', 'organisation')),
        unit_id uuid NOT NULL,
        period_type text NOT NULL CHECK (period_type IN ('week', 'month', 'quarter', 'year')),
        period_start date NOT NULL,
        counters jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (organisation_id, level, unit_id, period_type, period_start)
      )`);
    await q.query(`
      CREATE TABLE rollup_applied_event (
        organisation_id uuid NOT NULL,
        event_id uuid NOT NULL,
        PRIMARY KEY (organisation_id, event_id),
        FOREIGN KEY (organisation_id, event_id) REFERENCES experiment_event (organisation_id, id)
      )`);
    await q.query(`
      CREATE TABLE rollup_participant (
        organisation_id uuid NOT NULL,
        period_type text NOT NULL,
        period_start date NOT NULL,
        membership_id uuid NOT NULL,
        PRIMARY KEY (organisation_id, period_type, period_start, membership_id),
        FOREIGN KEY (organisation_id, membership_id) REFERENCES membership (organisation_id, id)
      )`);
    for (const table of ['rollup', 'rollup_applied_event', 'rollup_participant'])
      await enableTenantIsolation(q, table);

    // Which organisations exist, for platform jobs such as the nightly recompute. Not tenant data,
    // so its key is deliberately not called organisation_id.
    await q.query(
      `CREATE TABLE organisation_registry (id uuid PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now())`,
    );
    await q.query(`
      CREATE FUNCTION register_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO organisation_registry (id) VALUES (NEW.organisation_id) ON CONFLICT DO NOTHING;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER organisation_registered AFTER INSERT ON organisation FOR EACH ROW EXECUTE FUNCTION register_organisation()`,
    );
    await q.query(
      `INSERT INTO organisation_registry (id) SELECT organisation_id FROM organisation ON CONFLICT DO NOTHING`,
    );
    await q.query(`GRANT SELECT, INSERT ON organisation_registry TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER organisation_registered ON organisation`);
    await q.query(`DROP FUNCTION register_organisation()`);
    for (const table of ['organisation_registry', 'rollup_participant', 'rollup_applied_event', 'rollup'])
      await q.query(`DROP TABLE ${table}`);
    await q.query(`DROP FUNCTION rollup_add(jsonb, jsonb)`);
  }
}
