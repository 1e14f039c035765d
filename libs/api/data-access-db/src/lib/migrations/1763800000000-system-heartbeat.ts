import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Platform table (not tenant data): when the worker last answered a heartbeat job. */
export class SystemHeartbeat1763800000000 implements MigrationInterface {
  name = 'SystemHeartbeat1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE system_heartbeat (
        id text PRIMARY KEY,
        backend text NOT NULL CHECK (backend IN ('redis', 'postgres')),
        requested_at timestamptz NOT NULL,
        processed_at timestamptz,
        processed_by text
      )`);
    await queryRunner.query(
      `CREATE INDEX system_heartbeat_processed_at_idx ON system_heartbeat (processed_at DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE system_heartbeat`);
  }
}
