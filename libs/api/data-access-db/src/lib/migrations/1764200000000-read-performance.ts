import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation } from './tenant-isolation';

/** Tables whose changes move headcounts (triggers with transition tables cannot narrow updates to columns). */
const STRUCTURE = ['membership', 'department', 'team', 'team_membership'];

/**
 * What dashboards and the department comparison need, stored so a read touches one row per unit and period:
 * - distinct participants per roll-up unit and period, beside the counters, counted against the structure when
 *   folded (like every roll-up: a structure change applies to history on the next recompute);
 * - current headcounts per team, department (with its sub-departments) and organisation, kept exact by
 *   statement-level triggers on the structure: recounted for each organisation a statement touched.
 */
export class ReadPerformance1764200000000 implements MigrationInterface {
  name = 'ReadPerformance1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE rollup ADD COLUMN participants integer NOT NULL DEFAULT 0 CHECK (participants >= 0)`,
    );
    // Backfill from the participants already recorded; row-level security binds the owner too, so per organisation.
    const organisations: Array<{ id: string }> = await q.query(`SELECT id FROM organisation_registry`);
    for (const { id } of organisations) {
      await q.query(`SELECT set_config('app.organisation_id', $1, true)`, [id]);
      await q.query(`
        WITH RECURSIVE chain AS (
            SELECT d.id AS start_id, d.id, d.parent_id FROM department d
            UNION ALL SELECT c.start_id, p.id, p.parent_id FROM department p JOIN chain c ON p.id = c.parent_id),
          member_units AS (
            SELECT tm.membership_id, 'team' AS level, tm.team_id AS unit_id FROM team_membership tm WHERE tm.valid_to IS NULL
            UNION SELECT tm.membership_id, 'department', c.id FROM team_membership tm
              JOIN team t ON t.organisation_id = tm.organisation_id AND t.id = tm.team_id JOIN chain c ON c.start_id = t.department_id
             WHERE tm.valid_to IS NULL),
          units AS (
            SELECT p.period_type, p.period_start, 'member' AS level, p.membership_id AS unit_id FROM rollup_participant p
            UNION ALL SELECT p.period_type, p.period_start, 'organisation', current_organisation_id() FROM rollup_participant p
            UNION ALL SELECT p.period_type, p.period_start, u.level, u.unit_id FROM rollup_participant p JOIN member_units u USING (membership_id))
        INSERT INTO rollup (organisation_id, level, unit_id, period_type, period_start, participants)
        SELECT current_organisation_id(), level, unit_id, period_type, period_start, count(*) FROM units GROUP BY level, unit_id, period_type, period_start
        ON CONFLICT (organisation_id, level, unit_id, period_type, period_start) DO UPDATE SET participants = EXCLUDED.participants`);
    }
    await q.query(`
      CREATE TABLE rollup_headcount (
        organisation_id uuid NOT NULL REFERENCES organisation (organisation_id),
        level text NOT NULL CHECK (level IN ('team', 'department', 'organisation')),
        unit_id uuid NOT NULL,
        headcount integer NOT NULL CHECK (headcount >= 0),
        PRIMARY KEY (organisation_id, level, unit_id)
      )`);
    await enableTenantIsolation(q, 'rollup_headcount');
    // Members now: placed in the team; placed in a team of the department or any below it; active in the organisation.
    // Filters on the organisation itself, so it counts the same for the owner (no row-level security) and the app.
    await q.query(`
      CREATE FUNCTION rollup_refresh_headcounts(org uuid) RETURNS void LANGUAGE sql AS $$
        -- Two structure changes at once take turns; each statement below then sees the other's committed rows.
        SELECT pg_advisory_xact_lock(hashtext('rollup_headcount:' || org::text));
        DELETE FROM rollup_headcount WHERE organisation_id = org;
        WITH RECURSIVE subtree AS (
            SELECT d.id AS ancestor, d.id AS descendant FROM department d WHERE d.organisation_id = org
            UNION ALL SELECT s.ancestor, c.id FROM department c JOIN subtree s ON c.organisation_id = org AND c.parent_id = s.descendant),
          placed AS (
            SELECT DISTINCT t.department_id, tm.team_id, tm.membership_id FROM team_membership tm
              JOIN team t ON t.organisation_id = tm.organisation_id AND t.id = tm.team_id
             WHERE tm.organisation_id = org AND tm.valid_to IS NULL)
        INSERT INTO rollup_headcount (organisation_id, level, unit_id, headcount)
        SELECT org, 'organisation', org, count(*) FROM membership WHERE organisation_id = org AND status = 'active'
        UNION ALL SELECT org, 'team', team_id, count(DISTINCT membership_id) FROM placed GROUP BY team_id
        UNION ALL SELECT org, 'department', ancestor, count(*)
          FROM (SELECT DISTINCT s.ancestor, p.membership_id FROM subtree s JOIN placed p ON p.department_id = s.descendant) members
         GROUP BY ancestor;
      $$`);
    await q.query(`
      CREATE FUNCTION rollup_structure_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE org uuid;
      BEGIN
        FOR org IN SELECT DISTINCT organisation_id FROM changed_rows LOOP
          -- An organisation being deleted has nothing left to count.
          IF EXISTS (SELECT 1 FROM organisation WHERE organisation_id = org) THEN PERFORM rollup_refresh_headcounts(org); END IF;
        END LOOP;
        RETURN NULL;
      END $$`);
    for (const table of STRUCTURE) {
      await q.query(`CREATE TRIGGER ${table}_headcount_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS changed_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION rollup_structure_changed()`);
      await q.query(`CREATE TRIGGER ${table}_headcount_update AFTER UPDATE ON ${table} REFERENCING NEW TABLE AS changed_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION rollup_structure_changed()`);
      await q.query(`CREATE TRIGGER ${table}_headcount_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS changed_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION rollup_structure_changed()`);
    }
    for (const { id } of organisations) {
      await q.query(`SELECT set_config('app.organisation_id', $1, true)`, [id]);
      await q.query(`SELECT rollup_refresh_headcounts($1)`, [id]);
    }
    await q.query(`SELECT set_config('app.organisation_id', '', true)`);

    // Reads of one level and period type across units (the department comparison) skip the other units' periods.
    await q.query(
      `CREATE INDEX rollup_period_idx ON rollup (organisation_id, level, period_type, period_start)`,
    );
    // The experiment list's default order (most recently updated first) reads pages off an index instead of sorting them all.
    await q.query(
      `CREATE INDEX experiment_updated_idx ON experiment (organisation_id, updated_at DESC, id DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX experiment_updated_idx`);
    await q.query(`DROP INDEX rollup_period_idx`);
    for (const table of STRUCTURE) {
      for (const event of ['insert', 'update', 'delete'])
        await q.query(`DROP TRIGGER ${table}_headcount_${event} ON ${table}`);
    }
    await q.query(`DROP FUNCTION rollup_structure_changed()`);
    await q.query(`DROP FUNCTION rollup_refresh_headcounts(uuid)`);
    await q.query(`DROP TABLE rollup_headcount`);
    await q.query(`ALTER TABLE rollup DROP COLUMN participants`);
  }
}
