import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log keeps the object as it was and as it became, and admins filter it by actor, action and object:
 * each filter walks its own index, newest first, as the list pages.
 */
export class AuditBeforeAfter1764880000000 implements MigrationInterface {
  name = 'AuditBeforeAfter1764880000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_event ADD COLUMN before jsonb, ADD COLUMN after jsonb`);
    await q.query(`DROP INDEX audit_event_time_idx`);
    await q.query(
      `CREATE INDEX audit_event_time_idx ON audit_event (organisation_id, occurred_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX audit_event_action_idx ON audit_event (organisation_id, action, occurred_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX audit_event_actor_idx ON audit_event (organisation_id, actor_user_id, occurred_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX audit_event_target_idx ON audit_event (organisation_id, target_type, target_id, occurred_at DESC, id DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_event_target_idx`);
    await q.query(`DROP INDEX audit_event_actor_idx`);
    await q.query(`DROP INDEX audit_event_action_idx`);
    await q.query(`DROP INDEX audit_event_time_idx`);
    await q.query(`CREATE INDEX audit_event_time_idx ON audit_event (organisation_id, occurred_at DESC)`);
    await q.query(`ALTER TABLE audit_event DROP COLUMN before, DROP COLUMN after`);
  }
}
