import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A programme team reviews on a rhythm of its own: a cadence (and its reviews) may have a programme as its unit.
 * One cadence per unit still holds, so the unit key now tells programmes apart.
 */
export class ProgrammeReviewCadence1765000000000 implements MigrationInterface {
  name = 'ProgrammeReviewCadence1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE review_cadence
        DROP CONSTRAINT review_cadence_unit_type_check,
        ADD CONSTRAINT review_cadence_unit_type_check
          CHECK (unit_type IN ('team', 'department', 'organisation', 'programme')),
        ADD COLUMN programme_id uuid,
        ADD CONSTRAINT review_cadence_programme_fkey
          FOREIGN KEY (organisation_id, programme_id) REFERENCES programme (organisation_id, id),
        ADD CONSTRAINT review_cadence_programme_check CHECK ((unit_type = 'programme') = (programme_id IS NOT NULL))`);
    await q.query(`DROP INDEX review_cadence_unit_key`);
    await q.query(
      `CREATE UNIQUE INDEX review_cadence_unit_key ON review_cadence
         (organisation_id, unit_type, coalesce(team_id, department_id, programme_id, organisation_id))`,
    );
    await q.query(`
      ALTER TABLE review
        ADD COLUMN programme_id uuid,
        ADD CONSTRAINT review_programme_fkey
          FOREIGN KEY (organisation_id, programme_id) REFERENCES programme (organisation_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM review_reflection WHERE review_id IN (SELECT id FROM review WHERE programme_id IS NOT NULL)`,
    );
    await q.query(`DELETE FROM review WHERE programme_id IS NOT NULL`);
    await q.query(`ALTER TABLE review DROP COLUMN programme_id`);
    await q.query(`DELETE FROM review_cadence WHERE programme_id IS NOT NULL`);
    await q.query(`DROP INDEX review_cadence_unit_key`);
    await q.query(
      `CREATE UNIQUE INDEX review_cadence_unit_key ON review_cadence (organisation_id, unit_type, coalesce(team_id, department_id, organisation_id))`,
    );
    await q.query(`
      ALTER TABLE review_cadence
        DROP CONSTRAINT review_cadence_programme_check,
        DROP COLUMN programme_id,
        DROP CONSTRAINT review_cadence_unit_type_check,
        ADD CONSTRAINT review_cadence_unit_type_check CHECK (unit_type IN ('team', 'department', 'organisation'))`);
  }
}
