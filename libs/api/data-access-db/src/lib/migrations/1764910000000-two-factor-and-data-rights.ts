import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, enableTenantIsolation } from './tenant-isolation';

/**
 * Two-factor sign-in (TOTP with recovery codes, optionally required by an organisation) and people's data
 * rights: exports prepared by the worker, erasure, and retention periods a daily job applies.
 */
export class TwoFactorAndDataRights1764910000000 implements MigrationInterface {
  name = 'TwoFactorAndDataRights1764910000000';

  async up(q: QueryRunner): Promise<void> {
    // The TOTP secret is sealed (AES-GCM) by the API; the last accepted time step refuses a replayed code.
    await q.query(`
      ALTER TABLE app_user
        ADD COLUMN totp_secret_sealed text,
        ADD COLUMN totp_pending_secret_sealed text,
        ADD COLUMN totp_enabled_at timestamptz,
        ADD COLUMN totp_last_step bigint,
        ADD COLUMN erased_at timestamptz,
        ADD CONSTRAINT app_user_totp_enabled_check CHECK ((totp_enabled_at IS NULL) = (totp_secret_sealed IS NULL))`);

    await q.query(`
      CREATE TABLE recovery_code (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES app_user (id),
        code_hash bytea NOT NULL UNIQUE,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX recovery_code_user_idx ON recovery_code (user_id)`);

    // The second step of a sign-in: short-lived, single-use, and only its hash is stored.
    await q.query(`
      CREATE TABLE sign_in_challenge (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES app_user (id),
        -- Where the sign-in will act; not a tenant key (as refresh_token's), so no foreign key into a tenant table.
        acting_organisation_id uuid NOT NULL,
        purpose text NOT NULL CHECK (purpose IN ('verify', 'enrol')),
        token_hash bytea NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX sign_in_challenge_user_idx ON sign_in_challenge (user_id)`);

    await q.query(`
      ALTER TABLE organisation
        ADD COLUMN two_factor_required boolean NOT NULL DEFAULT false,
        ADD COLUMN notification_retention_days integer NOT NULL DEFAULT 365
          CHECK (notification_retention_days BETWEEN 30 AND 3650),
        ADD COLUMN audit_retention_days integer NOT NULL DEFAULT 730
          CHECK (audit_retention_days BETWEEN 180 AND 3650),
        ADD COLUMN deactivated_account_retention_days integer NOT NULL DEFAULT 730
          CHECK (deactivated_account_retention_days BETWEEN 30 AND 3650)`);
    await q.query(`ALTER TABLE membership ADD COLUMN erased_at timestamptz`);

    // Exports live in PostgreSQL: every API replica can serve one, with no shared volume to run.
    await q.query(`
      CREATE TABLE data_export (
        organisation_id uuid NOT NULL REFERENCES organisation (organisation_id),
        id uuid NOT NULL,
        subject_membership_id uuid NOT NULL,
        requested_by uuid NOT NULL,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'ready', 'failed')),
        progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        file bytea,
        file_size integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        ready_at timestamptz,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (organisation_id, id),
        FOREIGN KEY (organisation_id, subject_membership_id) REFERENCES membership (organisation_id, id),
        FOREIGN KEY (organisation_id, requested_by) REFERENCES membership (organisation_id, id)
      )`);
    await q.query(
      `CREATE INDEX data_export_requester_idx ON data_export (organisation_id, requested_by, created_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX data_export_expiry_idx ON data_export (organisation_id, expires_at)`);
    await enableTenantIsolation(q, 'data_export');
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON data_export TO ${APP_ROLE}`);

    // The audit log stays append-only for the application: the one way to remove entries is this function,
    // which removes only the current organisation's entries older than the period the organisation set.
    await q.query(`
      CREATE FUNCTION purge_expired_audit_events() RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE
        keep integer;
        removed integer;
      BEGIN
        SELECT o.audit_retention_days INTO keep FROM organisation o WHERE o.organisation_id = current_organisation_id();
        IF keep IS NULL THEN
          RETURN 0;
        END IF;
        DELETE FROM audit_event
         WHERE organisation_id = current_organisation_id() AND occurred_at < now() - make_interval(days => keep);
        GET DIAGNOSTICS removed = ROW_COUNT;
        RETURN removed;
      END $$`);
    await q.query(`REVOKE EXECUTE ON FUNCTION purge_expired_audit_events() FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION purge_expired_audit_events() TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION purge_expired_audit_events()`);
    await q.query(`DROP TABLE data_export`);
    await q.query(`ALTER TABLE membership DROP COLUMN erased_at`);
    await q.query(`
      ALTER TABLE organisation
        DROP COLUMN two_factor_required,
        DROP COLUMN notification_retention_days,
        DROP COLUMN audit_retention_days,
        DROP COLUMN deactivated_account_retention_days`);
    await q.query(`DROP TABLE sign_in_challenge`);
    await q.query(`DROP TABLE recovery_code`);
    await q.query(`
      ALTER TABLE app_user
        DROP CONSTRAINT app_user_totp_enabled_check,
        DROP COLUMN totp_secret_sealed,
        DROP COLUMN totp_pending_secret_sealed,
        DROP COLUMN totp_enabled_at,
        DROP COLUMN totp_last_step,
        DROP COLUMN erased_at`);
  }
}
