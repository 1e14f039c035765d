import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Room on each page for a row's next version: claiming an outbox row (`claimed_at`, `attempts`) and marking a
 * notification e-mailed (`emailed_at`) change no indexed column, so with space left on the page PostgreSQL writes
 * the new version there without touching any index (a HOT update). Packed full, every such update added an entry
 * to each of the table's four indexes. Pages written from now on keep the room; older ones fill as they are.
 */
export class DeliveryFillfactor1765020000000 implements MigrationInterface {
  name = 'DeliveryFillfactor1765020000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox SET (fillfactor = 50)`);
    await q.query(`ALTER TABLE notification SET (fillfactor = 70)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification RESET (fillfactor)`);
    await q.query(`ALTER TABLE outbox RESET (fillfactor)`);
  }
}
