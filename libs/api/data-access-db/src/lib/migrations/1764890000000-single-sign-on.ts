import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, enableTenantIsolation } from './tenant-isolation';

/**
 * Single sign-on with OpenID Connect, per organisation: its connection to the identity provider, which
 * provider subject is which account, and the provider's tokens behind each SSO session, so a refresh can
 * ask the provider whether the person may still sign in.
 */
export class SingleSignOn1764890000000 implements MigrationInterface {
  name = 'SingleSignOn1764890000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sso_connection (
        organisation_id uuid NOT NULL REFERENCES organisation (organisation_id),
        -- The name people type on the sign-in page; sso_directory finds the organisation by it.
        slug text NOT NULL,
        issuer text NOT NULL,
        client_id text NOT NULL,
        -- AES-256-GCM under SSO_SECRET_KEY (else AUTH_SECRET), which the database never holds.
        client_secret_sealed bytea NOT NULL,
        allowed_domains text[] NOT NULL,
        default_role text NOT NULL CHECK (default_role IN ('member', 'team_lead', 'department_head', 'org_admin')),
        required boolean NOT NULL DEFAULT false,
        break_glass_membership_id uuid,
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id),
        FOREIGN KEY (organisation_id, break_glass_membership_id) REFERENCES membership (organisation_id, id)
      )`);

    // Before any organisation is known, the sign-in page's slug has to lead to one: a global lookup, ids only.
    await q.query(`
      CREATE TABLE sso_directory (
        slug text PRIMARY KEY,
        tenant_id uuid NOT NULL UNIQUE
      )`);

    await q.query(`
      CREATE TABLE sso_identity (
        organisation_id uuid NOT NULL REFERENCES organisation (organisation_id),
        subject text NOT NULL,
        user_id uuid NOT NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, subject)
      )`);

    // One row per refresh-token family that began with SSO.
    await q.query(`
      CREATE TABLE sso_session (
        organisation_id uuid NOT NULL REFERENCES organisation (organisation_id),
        family_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES app_user (id),
        subject text NOT NULL,
        provider_refresh_sealed bytea,
        provider_access_sealed bytea,
        checked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, family_id)
      )`);

    for (const table of ['sso_connection', 'sso_identity', 'sso_session']) {
      await enableTenantIsolation(q, table);
      await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO ${APP_ROLE}`);
    }
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON sso_directory TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['sso_session', 'sso_identity', 'sso_directory', 'sso_connection'])
      await q.query(`DROP TABLE ${table}`);
  }
}
