import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './tenant-isolation';

const TENANT_ONLY = 'organisation_id = current_organisation_id()';

/**
 * Every policy looks at one tenant only (infra/scale-out.md: on Citus a policy that reads beyond
 * `organisation_id` fans out to every shard). What the three wider policies allowed now goes through two
 * global lookups of ids, kept by triggers, and then into the tenant itself:
 *  - `account_membership` (user → organisations): `account_memberships()` enters each of the current person's
 *    organisations in turn and reads their membership there, instead of `membership`/`organisation` policies
 *    that matched on user_id;
 *  - `invitation_directory` (token hash → organisation): `enter_tenant` enters the invitation's organisation
 *    when only a token is known, instead of an `invitation` policy that matched on the token.
 */
export class TenantScopedPolicies1764960000000 implements MigrationInterface {
  name = 'TenantScopedPolicies1764960000000';

  async up(q: QueryRunner): Promise<void> {
    // Ids only, under names that are not organisation_id: these are lookups, not tenant data.
    await q.query(`
      CREATE TABLE account_membership (
        user_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        PRIMARY KEY (user_id, tenant_id)
      )`);
    await q.query(`
      CREATE TABLE invitation_directory (
        token_hash bytea PRIMARY KEY,
        tenant_id uuid NOT NULL
      )`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON account_membership TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON invitation_directory TO ${APP_ROLE}`);

    // The triggers run as whoever writes the tenant row, inside its transaction.
    await q.query(`
      CREATE FUNCTION account_membership_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          DELETE FROM account_membership WHERE user_id = OLD.user_id AND tenant_id = OLD.organisation_id;
          RETURN OLD;
        END IF;
        INSERT INTO account_membership (user_id, tenant_id) VALUES (NEW.user_id, NEW.organisation_id)
          ON CONFLICT DO NOTHING;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER account_membership_sync AFTER INSERT OR DELETE ON membership
        FOR EACH ROW EXECUTE FUNCTION account_membership_sync()`);
    await q.query(`
      CREATE FUNCTION invitation_directory_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO invitation_directory (token_hash, tenant_id) VALUES (NEW.token_hash, NEW.organisation_id)
          ON CONFLICT (token_hash) DO UPDATE SET tenant_id = EXCLUDED.tenant_id;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER invitation_directory_sync AFTER INSERT OR UPDATE OF token_hash ON invitation
        FOR EACH ROW EXECUTE FUNCTION invitation_directory_sync()`);

    // Row-level security binds the owner too: fill both per organisation.
    const organisations: Array<{ id: string }> = await q.query(`SELECT id FROM organisation_registry`);
    for (const { id } of organisations) {
      await q.query(`SELECT set_config('app.organisation_id', $1, true)`, [id]);
      await q.query(`
        INSERT INTO account_membership (user_id, tenant_id)
        SELECT user_id, organisation_id FROM membership ON CONFLICT DO NOTHING`);
      await q.query(`
        INSERT INTO invitation_directory (token_hash, tenant_id)
        SELECT token_hash, organisation_id FROM invitation ON CONFLICT DO NOTHING`);
    }
    await q.query(`SELECT set_config('app.organisation_id', '', true)`);

    /*
     * The current person's memberships in every organisation, with what sign-in shows of each: one tenant at a
     * time, each read under that tenant's policy (on Citus, one shard each). The tenant setting is put back.
     */
    await q.query(`
      CREATE FUNCTION account_memberships()
        RETURNS TABLE (id uuid, organisation_id uuid, organisation_name text, currency text, time_zone text,
                       user_id uuid, role text, status text, joined_at timestamptz, erased_at timestamptz)
        LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        entered text := current_setting('app.organisation_id', true);
        tenant uuid;
      BEGIN
        FOR tenant IN SELECT a.tenant_id FROM account_membership a WHERE a.user_id = current_app_user_id() LOOP
          PERFORM set_config('app.organisation_id', tenant::text, true);
          RETURN QUERY
            SELECT m.id, m.organisation_id, o.name, o.currency::text, o.time_zone, m.user_id, m.role, m.status,
                   m.joined_at, m.erased_at
              FROM membership m
              JOIN organisation o ON o.organisation_id = m.organisation_id
             WHERE m.organisation_id = tenant AND m.user_id = current_app_user_id();
        END LOOP;
        PERFORM set_config('app.organisation_id', coalesce(entered, ''), true);
      END $$`);

    // As before, plus: a token alone enters its invitation's organisation.
    await q.query(`
      CREATE OR REPLACE FUNCTION enter_tenant(tenant text, person text, invitation text, member uuid) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        IF tenant = '' AND invitation <> '' THEN
          tenant := coalesce((SELECT d.tenant_id::text FROM invitation_directory d WHERE d.token_hash = decode(invitation, 'hex')), '');
        END IF;
        PERFORM set_config('app.organisation_id', tenant, true), set_config('app.user_id', person, true),
                set_config('app.invitation_token_hash', invitation, true);
        IF member IS NULL THEN
          RETURN NULL;
        END IF;
        -- The role of that membership if it is active and the person's own, in the tenant just entered.
        RETURN (SELECT m.role FROM membership m
                 WHERE m.organisation_id = current_organisation_id() AND m.id = member AND m.user_id = current_app_user_id() AND m.status = 'active');
      END $$`);

    for (const table of ['membership', 'organisation', 'invitation'])
      await q.query(`ALTER POLICY tenant_isolation ON ${table} USING (${TENANT_ONLY})`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER POLICY tenant_isolation ON membership USING (${TENANT_ONLY} OR user_id = current_app_user_id())`,
    );
    await q.query(
      `ALTER POLICY tenant_isolation ON organisation USING (${TENANT_ONLY} OR organisation_id IN (SELECT m.organisation_id FROM membership m WHERE m.user_id = current_app_user_id()))`,
    );
    await q.query(
      `ALTER POLICY tenant_isolation ON invitation USING (${TENANT_ONLY} OR token_hash = current_invitation_token_hash())`,
    );
    await q.query(`
      CREATE OR REPLACE FUNCTION enter_tenant(tenant text, person text, invitation text, member uuid) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM set_config('app.organisation_id', tenant, true), set_config('app.user_id', person, true),
                set_config('app.invitation_token_hash', invitation, true);
        IF member IS NULL THEN
          RETURN NULL;
        END IF;
        RETURN (SELECT m.role FROM membership m
                 WHERE m.organisation_id = current_organisation_id() AND m.id = member AND m.user_id = current_app_user_id() AND m.status = 'active');
      END $$`);
    await q.query(`DROP FUNCTION account_memberships()`);
    await q.query(`DROP TRIGGER invitation_directory_sync ON invitation`);
    await q.query(`DROP FUNCTION invitation_directory_sync()`);
    await q.query(`DROP TRIGGER account_membership_sync ON membership`);
    await q.query(`DROP FUNCTION account_membership_sync()`);
    await q.query(`DROP TABLE invitation_directory`);
    await q.query(`DROP TABLE account_membership`);
  }
}
