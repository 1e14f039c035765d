import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation } from './tenant-isolation';

/**
 * The learning-capability scan. Anonymity is in the schema itself:
 * - `scan_participation` knows who answered (to prevent answering twice, and to remind the others),
 *   and nothing about what they answered.
 * - `scan_tally` and `scan_unit` hold only counts per group and statement, and the free-text comments
 *   of a group in an array where each new one lands at a random place. No answer row exists per
 *   person, and none carries a person, an id of its own or a time, so nothing joins back.
 */
export class Scans1764400000000 implements MigrationInterface {
  name = 'Scans1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scan_settings (
        organisation_id uuid NOT NULL REFERENCES organisation (organisation_id),
        min_responses integer NOT NULL DEFAULT 5 CHECK (min_responses BETWEEN 3 AND 50),
        PRIMARY KEY (organisation_id)
      )`);
    // Each version is a full snapshot of the statements, so later changes never touch a pinned one.
    await q.query(`
      CREATE TABLE scan_instrument (
        organisation_id uuid NOT NULL REFERENCES organisation (organisation_id),
        id uuid NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        statements jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, id),
        UNIQUE (organisation_id, version)
      )`);
    await q.query(`
      CREATE TABLE scan (
        organisation_id uuid NOT NULL REFERENCES organisation (organisation_id),
        id uuid NOT NULL,
        title text NOT NULL,
        instrument_id uuid NOT NULL,
        scope text NOT NULL CHECK (scope IN ('organisation', 'departments')),
        opens_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        min_responses integer NOT NULL CHECK (min_responses >= 3),
        reminder_rounds integer NOT NULL DEFAULT 0 CHECK (reminder_rounds BETWEEN 0 AND 2),
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, id),
        FOREIGN KEY (organisation_id, instrument_id) REFERENCES scan_instrument (organisation_id, id),
        FOREIGN KEY (organisation_id, created_by) REFERENCES membership (organisation_id, id),
        CHECK (closes_at > opens_at)
      )`);
    await q.query(`CREATE INDEX scan_closes_idx ON scan (organisation_id, closes_at DESC)`);
    await q.query(`
      CREATE TABLE scan_department (
        organisation_id uuid NOT NULL,
        scan_id uuid NOT NULL,
        department_id uuid NOT NULL,
        PRIMARY KEY (organisation_id, scan_id, department_id),
        FOREIGN KEY (organisation_id, scan_id) REFERENCES scan (organisation_id, id),
        FOREIGN KEY (organisation_id, department_id) REFERENCES department (organisation_id, id)
      )`);
    // Who was invited and whether they answered; never what, never when.
    await q.query(`
      CREATE TABLE scan_participation (
        organisation_id uuid NOT NULL,
        scan_id uuid NOT NULL,
        membership_id uuid NOT NULL,
        answered boolean NOT NULL DEFAULT false,
        reminders_sent integer NOT NULL DEFAULT 0 CHECK (reminders_sent BETWEEN 0 AND 2),
        PRIMARY KEY (organisation_id, scan_id, membership_id),
        FOREIGN KEY (organisation_id, scan_id) REFERENCES scan (organisation_id, id),
        FOREIGN KEY (organisation_id, membership_id) REFERENCES membership (organisation_id, id)
      )`);
    // The group a response counts for: a team, a department (its head, in no team) or the organisation.
    await q.query(`
      CREATE TABLE scan_unit (
        organisation_id uuid NOT NULL,
        scan_id uuid NOT NULL,
        unit_kind text NOT NULL CHECK (unit_kind IN ('team', 'department', 'organisation')),
        unit_id uuid NOT NULL,
        responses integer NOT NULL DEFAULT 0 CHECK (responses >= 0),
        comments text[] NOT NULL DEFAULT '{}',
        PRIMARY KEY (organisation_id, scan_id, unit_kind, unit_id),
        FOREIGN KEY (organisation_id, scan_id) REFERENCES scan (organisation_id, id)
      )`);
    await q.query(`
      CREATE TABLE scan_tally (
        organisation_id uuid NOT NULL,
        scan_id uuid NOT NULL,
        unit_kind text NOT NULL,
        unit_id uuid NOT NULL,
        statement_id text NOT NULL,
        value smallint NOT NULL CHECK (value BETWEEN 1 AND 5),
        count integer NOT NULL CHECK (count >= 0),
        PRIMARY KEY (organisation_id, scan_id, unit_kind, unit_id, statement_id, value),
        FOREIGN KEY (organisation_id, scan_id, unit_kind, unit_id) REFERENCES scan_unit (organisation_id, scan_id, unit_kind, unit_id)
      )`);
    for (const table of [
      'scan_settings',
      'scan_instrument',
      'scan',
      'scan_department',
      'scan_participation',
      'scan_unit',
      'scan_tally',
    ]) {
      await enableTenantIsolation(q, table);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'scan_tally',
      'scan_unit',
      'scan_participation',
      'scan_department',
      'scan',
      'scan_instrument',
      'scan_settings',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
