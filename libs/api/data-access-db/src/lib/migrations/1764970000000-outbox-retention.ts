import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivered (and skipped) outbox rows are kept for OUTBOX_RETENTION_DAYS, then deleted by a daily sweep in
 * bounded batches. These indexes let each batch find its oldest finished rows without reading the rest.
 */
export class OutboxRetention1764970000000 implements MigrationInterface {
  name = 'OutboxRetention1764970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX outbox_finished_idx ON outbox (organisation_id, (coalesce(delivered_at, due_at)))
       WHERE status IN ('delivered', 'skipped')`,
    );
    await q.query(
      `CREATE INDEX account_outbox_finished_idx ON account_outbox ((coalesce(delivered_at, due_at)))
       WHERE status IN ('delivered', 'skipped')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX account_outbox_finished_idx`);
    await q.query(`DROP INDEX outbox_finished_idx`);
  }
}
