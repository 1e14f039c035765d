import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation } from './tenant-isolation';

/**
 * The transactional outbox: whatever leaves the system (a notification's e-mail, an invitation or scan
 * mail, a webhook delivery) is a row here, written in the transaction that causes it, and marked
 * delivered only after delivery. The queue only carries a relay's nudge, so losing it costs time,
 * never a message. Password-reset mails belong to an account, not an organisation: `account_outbox`
 * is the same shape without the tenant key. Also: when a cadence was last switched on, so a resumed
 * cadence counts from its resumption.
 */
export class Outbox1764700000000 implements MigrationInterface {
  name = 'Outbox1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox (
        organisation_id uuid NOT NULL,
        id uuid NOT NULL,
        channel text NOT NULL CHECK (channel IN ('notification-email', 'mail', 'webhook')),
        -- The same effect asked for twice is one row.
        dedupe_key text NOT NULL,
        -- What the channel needs; secrets in it (an invitation link) are cleared once delivered.
        payload jsonb,
        -- Whose quiet hours apply, for messages to a member.
        recipient_membership_id uuid,
        due_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'skipped', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        -- Set in the step that claims the row before sending: another run waits until the claim lapses.
        claimed_at timestamptz,
        delivered_at timestamptz,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, id),
        UNIQUE (organisation_id, channel, dedupe_key),
        FOREIGN KEY (organisation_id, recipient_membership_id) REFERENCES membership (organisation_id, id)
      )`);
    await q.query(
      `CREATE INDEX outbox_pending_idx ON outbox (organisation_id, due_at) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX outbox_recipient_idx ON outbox (organisation_id, recipient_membership_id) WHERE status = 'pending'`,
    );
    await enableTenantIsolation(q, 'outbox');

    await q.query(`
      CREATE TABLE account_outbox (
        id uuid PRIMARY KEY,
        channel text NOT NULL CHECK (channel IN ('mail')),
        dedupe_key text NOT NULL UNIQUE,
        payload jsonb,
        due_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'skipped', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        claimed_at timestamptz,
        delivered_at timestamptz,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX account_outbox_pending_idx ON account_outbox (due_at) WHERE status = 'pending'`,
    );

    await q.query(`ALTER TABLE review_cadence ADD COLUMN active_since timestamptz`);
    await q.query(`UPDATE review_cadence SET active_since = created_at`);
    await q.query(
      `ALTER TABLE review_cadence ALTER COLUMN active_since SET NOT NULL, ALTER COLUMN active_since SET DEFAULT now()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE review_cadence DROP COLUMN active_since`);
    await q.query(`DROP TABLE account_outbox`);
    await q.query(`DROP TABLE outbox`);
  }
}
