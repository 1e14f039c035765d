import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Firing takes a moment's reminders a person at a time (their e-mails of one moment go as one message), so the
 * pending index orders them by moment and then recipient: each batch reads them in that order without a sort.
 */
export class ReminderFiringOrder1765030000000 implements MigrationInterface {
  name = 'ReminderFiringOrder1765030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX reminder_firing_idx ON reminder (organisation_id, fire_at, recipient_membership_id) WHERE status = 'pending'`,
    );
    await q.query(`DROP INDEX reminder_pending_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX reminder_pending_idx ON reminder (organisation_id, fire_at) WHERE status = 'pending'`,
    );
    await q.query(`DROP INDEX reminder_firing_idx`);
  }
}
