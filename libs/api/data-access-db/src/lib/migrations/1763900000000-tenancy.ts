import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, enableTenantIsolation } from './tenant-isolation';

/**
 * Organisations, people and structure. Every tenant table has `organisation_id` first in its
 * primary key, every foreign key between tenant tables includes it, and row-level security
 * (forced, so the owner obeys it too) shows a transaction only its own organisation's rows.
 */
export class Tenancy1763900000000 implements MigrationInterface {
  name = 'Tenancy1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        CREATE ROLE ${APP_ROLE} NOLOGIN;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- another database of this cluster made it first
      END $$`);

    // The tenant of the current transaction, set by the API with set_config(..., true).
    await q.query(`
      CREATE FUNCTION current_organisation_id() RETURNS uuid LANGUAGE sql STABLE AS
      $$ SELECT nullif(current_setting('app.organisation_id', true), '')::uuid $$`);
    await q.query(`
      CREATE FUNCTION current_app_user_id() RETURNS uuid LANGUAGE sql STABLE AS
      $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$`);
    await q.query(`
      CREATE FUNCTION current_invitation_token_hash() RETURNS bytea LANGUAGE sql STABLE AS
      $$ SELECT decode(nullif(current_setting('app.invitation_token_hash', true), ''), 'hex') $$`);

    // Accounts are global: one person, one account, many organisations.
    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY,
        email text NOT NULL,
        password_hash text NOT NULL,
        display_name text NOT NULL,
        locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'nl')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX app_user_email_key ON app_user (lower(email))`);

    await q.query(`
      CREATE TABLE organisation (
        organisation_id uuid PRIMARY KEY,
        name text NOT NULL,
        time_zone text NOT NULL DEFAULT 'Europe/Amsterdam',
        locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'nl')),
        currency char(3) NOT NULL DEFAULT 'EUR',
        approval_threshold_hours integer NOT NULL DEFAULT 40 CHECK (approval_threshold_hours >= 0),
        approval_threshold_amount_minor bigint NOT NULL DEFAULT 100000 CHECK (approval_threshold_amount_minor >= 0),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE department (
        organisation_id uuid NOT NULL REFERENCES organisation (organisation_id),
        id uuid NOT NULL,
        parent_id uuid,
        name text NOT NULL,
        archived_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, id),
        FOREIGN KEY (organisation_id, parent_id) REFERENCES department (organisation_id, id),
        CHECK (parent_id IS DISTINCT FROM id)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX department_name_key ON department (organisation_id, lower(name)) WHERE archived_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE team (
        organisation_id uuid NOT NULL REFERENCES organisation (organisation_id),
        id uuid NOT NULL,
        department_id uuid NOT NULL,
        name text NOT NULL,
        archived_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, id),
        FOREIGN KEY (organisation_id, department_id) REFERENCES department (organisation_id, id)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX team_name_key ON team (organisation_id, lower(name)) WHERE archived_at IS NULL`,
    );
    await q.query(`CREATE INDEX team_department_idx ON team (organisation_id, department_id)`);

    // A person's place in an organisation. Deactivation keeps the row, so authorship survives.
    await q.query(`
      CREATE TABLE membership (
        organisation_id uuid NOT NULL REFERENCES organisation (organisation_id),
        id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES app_user (id),
        role text NOT NULL CHECK (role IN ('member', 'team_lead', 'department_head', 'org_admin')),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deactivated')),
        joined_at timestamptz NOT NULL DEFAULT now(),
        deactivated_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        PRIMARY KEY (organisation_id, id),
        UNIQUE (organisation_id, user_id)
      )`);
    await q.query(`CREATE INDEX membership_user_idx ON membership (user_id)`);

    // Team and department positions are dated, so moving someone keeps where they were.
    await q.query(`
      CREATE TABLE team_membership (
        organisation_id uuid NOT NULL,
        id uuid NOT NULL,
        team_id uuid NOT NULL,
        membership_id uuid NOT NULL,
        position text NOT NULL CHECK (position IN ('member', 'lead')),
        valid_from timestamptz NOT NULL DEFAULT now(),
        valid_to timestamptz,
        PRIMARY KEY (organisation_id, id),
        FOREIGN KEY (organisation_id, team_id) REFERENCES team (organisation_id, id),
        FOREIGN KEY (organisation_id, membership_id) REFERENCES membership (organisation_id, id),
        CHECK (valid_to IS NULL OR valid_to >= valid_from)
      )`);
    await q.query(`
      CREATE UNIQUE INDEX team_membership_current_key ON team_membership (organisation_id, team_id, membership_id)
      WHERE valid_to IS NULL`);
    await q.query(
      `CREATE INDEX team_membership_member_idx ON team_membership (organisation_id, membership_id)`,
    );

    await q.query(`
      CREATE TABLE department_head (
        organisation_id uuid NOT NULL,
        id uuid NOT NULL,
        department_id uuid NOT NULL,
        membership_id uuid NOT NULL,
        valid_from timestamptz NOT NULL DEFAULT now(),
        valid_to timestamptz,
        PRIMARY KEY (organisation_id, id),
        FOREIGN KEY (organisation_id, department_id) REFERENCES department (organisation_id, id),
        FOREIGN KEY (organisation_id, membership_id) REFERENCES membership (organisation_id, id),
        CHECK (valid_to IS NULL OR valid_to >= valid_from)
      )`);
    await q.query(`
      CREATE UNIQUE INDEX department_head_current_key ON department_head (organisation_id, department_id, membership_id)
      WHERE valid_to IS NULL`);

    await q.query(`
      CREATE TABLE invitation (
        organisation_id uuid NOT NULL REFERENCES organisation (organisation_id),
        id uuid NOT NULL,
        email text NOT NULL,
        role text NOT NULL CHECK (role IN ('member', 'team_lead', 'department_head', 'org_admin')),
        token_hash bytea NOT NULL UNIQUE,
        invited_by uuid NOT NULL,
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_membership_id uuid,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, id),
        FOREIGN KEY (organisation_id, invited_by) REFERENCES membership (organisation_id, id),
        FOREIGN KEY (organisation_id, accepted_membership_id) REFERENCES membership (organisation_id, id)
      )`);

    await q.query(`
      CREATE TABLE audit_event (
        organisation_id uuid NOT NULL REFERENCES organisation (organisation_id),
        id uuid NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid REFERENCES app_user (id),
        action text NOT NULL,
        target_type text,
        target_id uuid,
        details jsonb NOT NULL DEFAULT '{}',
        ip text,
        PRIMARY KEY (organisation_id, id)
      )`);
    await q.query(`CREATE INDEX audit_event_time_idx ON audit_event (organisation_id, occurred_at DESC)`);

    // Sessions and resets belong to accounts, not organisations.
    await q.query(`
      CREATE TABLE refresh_token (
        id uuid PRIMARY KEY,
        family_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES app_user (id),
        -- Not a tenant key: the account's session may act in any of its organisations.
        acting_organisation_id uuid NOT NULL REFERENCES organisation (organisation_id),
        token_hash bytea NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX refresh_token_family_idx ON refresh_token (family_id)`);

    await q.query(`
      CREATE TABLE password_reset (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES app_user (id),
        token_hash bytea NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE rate_limit_window (
        bucket text NOT NULL,
        window_start timestamptz NOT NULL,
        hits integer NOT NULL,
        PRIMARY KEY (bucket, window_start)
      )`);

    for (const table of ['department', 'team', 'team_membership', 'department_head', 'audit_event']) {
      await enableTenantIsolation(q, table);
    }
    // A signed-in person may also see their own memberships elsewhere, and those organisations' names,
    // to switch between them; an invitation is visible to whoever holds its token.
    await enableTenantIsolation(q, 'membership', 'OR user_id = current_app_user_id()');
    await enableTenantIsolation(
      q,
      'organisation',
      `OR organisation_id IN (SELECT m.organisation_id FROM membership m WHERE m.user_id = current_app_user_id())`,
    );
    await enableTenantIsolation(q, 'invitation', 'OR token_hash = current_invitation_token_hash()');

    await q.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}`);
    await q.query(`REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM ${APP_ROLE}`);
    await q.query(`REVOKE UPDATE, DELETE ON audit_event FROM ${APP_ROLE}`);
    await q.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${APP_ROLE}`);
    // Tables that later migrations create are granted as they are created.
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE}`,
    );
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'rate_limit_window',
      'password_reset',
      'refresh_token',
      'audit_event',
      'invitation',
      'department_head',
      'team_membership',
      'membership',
      'team',
      'department',
      'organisation',
      'app_user',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(
      `DROP FUNCTION current_invitation_token_hash(), current_app_user_id(), current_organisation_id()`,
    );
  }
}
