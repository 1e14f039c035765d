import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation } from './tenant-isolation';

/**
 * API tokens for integrations, and what SCIM provisioning remembers about the people and teams a directory
 * manages. A token acts with the rights of one membership (its person, or the admin who made an organisation
 * token), narrowed to its scopes; only the SHA-256 of the token is kept.
 */
export class ApiTokensAndScim1764900000000 implements MigrationInterface {
  name = 'ApiTokensAndScim1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_token (
        organisation_id uuid NOT NULL REFERENCES organisation (organisation_id),
        id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('organisation', 'personal')),
        name text NOT NULL,
        membership_id uuid NOT NULL,
        scopes text[] NOT NULL CHECK (cardinality(scopes) > 0),
        token_hash bytea NOT NULL,
        -- The token's last four characters, so a person can tell their tokens apart.
        hint text NOT NULL,
        rate_limit_per_minute integer NOT NULL CHECK (rate_limit_per_minute > 0),
        expires_at timestamptz NOT NULL,
        last_used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, id),
        CONSTRAINT api_token_hash_key UNIQUE (organisation_id, token_hash),
        FOREIGN KEY (organisation_id, membership_id) REFERENCES membership (organisation_id, id)
      )`);
    await q.query(
      `CREATE INDEX api_token_list_idx ON api_token (organisation_id, kind, created_at DESC, id DESC)`,
    );
    await enableTenantIsolation(q, 'api_token');

    // A person a directory provisioned: its id for them, whether provisioning made the account (only then may the
    // directory rename it: an account that existed before is the person's own), and whether SCIM deleted them
    // (the membership stays, deactivated, so what they wrote keeps its author).
    await q.query(`
      CREATE TABLE scim_user (
        organisation_id uuid NOT NULL,
        membership_id uuid NOT NULL,
        external_id text,
        owns_account boolean NOT NULL DEFAULT false,
        deleted_at timestamptz,
        PRIMARY KEY (organisation_id, membership_id),
        FOREIGN KEY (organisation_id, membership_id) REFERENCES membership (organisation_id, id)
      )`);
    await enableTenantIsolation(q, 'scim_user');

    await q.query(`
      CREATE TABLE scim_group (
        organisation_id uuid NOT NULL,
        team_id uuid NOT NULL,
        external_id text,
        PRIMARY KEY (organisation_id, team_id),
        FOREIGN KEY (organisation_id, team_id) REFERENCES team (organisation_id, id)
      )`);
    await enableTenantIsolation(q, 'scim_group');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE scim_group`);
    await q.query(`DROP TABLE scim_user`);
    await q.query(`DROP TABLE api_token`);
  }
}
