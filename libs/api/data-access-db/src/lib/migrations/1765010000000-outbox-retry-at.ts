import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox rows are delivered in batches, not one job each: a failed send's backoff is kept on its row (`retry_at`),
 * so no batch takes it sooner, while `due_at` keeps saying since when it waits (what operators see).
 */
export class OutboxRetryAt1765010000000 implements MigrationInterface {
  name = 'OutboxRetryAt1765010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN retry_at timestamptz`);
    await q.query(`ALTER TABLE account_outbox ADD COLUMN retry_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE account_outbox DROP COLUMN retry_at`);
    await q.query(`ALTER TABLE outbox DROP COLUMN retry_at`);
  }
}
