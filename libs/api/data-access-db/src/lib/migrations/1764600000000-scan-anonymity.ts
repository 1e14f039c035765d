import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation } from './tenant-isolation';

/**
 * Scan anonymity that survives reorganisations, repeated views and a database reader:
 * - `scan_group` freezes a scan's group tree when it opens, and `scan_participation.unit_key` where
 *   each invited person's answers will count; results are computed against that, never the live tree.
 * - `scan_sheet_buffer` holds answer sheets sealed (encrypted with a key outside the database) until
 *   the worker folds at least a threshold of them at once into `scan_cell`, in a transaction of its
 *   own, so no cell row shares a transaction id or a place in storage with a person's participation.
 *   Its ids are random, not time-ordered.
 * - `scan_cell` holds each cell's totals (responses, comments, tallies) sealed too, so a database
 *   reader cannot read a cell of one respondent either. (`scan_unit` and `scan_tally` keep older scans.)
 * - `scan_publication` remembers every group total shown per scan, so a later view is shown only
 *   if, with all of those, it determines no small group.
 */
export class ScanAnonymity1764600000000 implements MigrationInterface {
  name = 'ScanAnonymity1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scan_group (
        organisation_id uuid NOT NULL,
        scan_id uuid NOT NULL,
        key text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('organisation', 'department', 'team')),
        unit_id uuid NOT NULL,
        name text NOT NULL,
        parent_key text,
        PRIMARY KEY (organisation_id, scan_id, key),
        FOREIGN KEY (organisation_id, scan_id) REFERENCES scan (organisation_id, id),
        FOREIGN KEY (organisation_id, scan_id, parent_key) REFERENCES scan_group (organisation_id, scan_id, key)
      )`);
    await q.query(`ALTER TABLE scan_participation ADD COLUMN unit_key text`);
    await q.query(`
      CREATE TABLE scan_sheet_buffer (
        organisation_id uuid NOT NULL,
        scan_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        sealed bytea NOT NULL,
        PRIMARY KEY (organisation_id, scan_id, id),
        FOREIGN KEY (organisation_id, scan_id) REFERENCES scan (organisation_id, id)
      )`);
    await q.query(`
      CREATE TABLE scan_cell (
        organisation_id uuid NOT NULL,
        scan_id uuid NOT NULL,
        key text NOT NULL,
        sealed bytea NOT NULL,
        PRIMARY KEY (organisation_id, scan_id, key),
        FOREIGN KEY (organisation_id, scan_id) REFERENCES scan (organisation_id, id)
      )`);
    await q.query(`
      CREATE TABLE scan_publication (
        organisation_id uuid NOT NULL,
        scan_id uuid NOT NULL,
        measure text NOT NULL CHECK (measure IN ('answers', 'comments')),
        group_key text NOT NULL,
        cells text[] NOT NULL,
        total integer NOT NULL CHECK (total >= 0),
        PRIMARY KEY (organisation_id, scan_id, measure, group_key),
        FOREIGN KEY (organisation_id, scan_id) REFERENCES scan (organisation_id, id)
      )`);
    for (const table of ['scan_group', 'scan_sheet_buffer', 'scan_cell', 'scan_publication'])
      await enableTenantIsolation(q, table);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['scan_publication', 'scan_cell', 'scan_sheet_buffer', 'scan_group'])
      await q.query(`DROP TABLE ${table}`);
    await q.query(`ALTER TABLE scan_participation DROP COLUMN unit_key`);
  }
}
