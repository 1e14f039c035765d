import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-environment';
import { checkTenantSchema } from './support/tenant-schema';

/**
 * Tables without organisation_id, each global on purpose; a new table must either carry
 * organisation_id (and pass the checks) or be added here with its reason.
 */
const GLOBAL_TABLES = {
  app_user: 'accounts: one person, one account, member of any number of organisations',
  refresh_token: 'sessions belong to an account; acting_organisation_id is not a tenant key',
  password_reset: 'resets belong to an account',
  recovery_code: 'two-factor recovery codes belong to an account',
  sign_in_challenge:
    'the second step of a sign-in belongs to an account; acting_organisation_id is not a tenant key',
  account_outbox: "password-reset mails waiting to go out: an account's, before any organisation is known",
  rate_limit_window: 'counters per client address and account, before any organisation is known',
  system_heartbeat: 'platform health, no tenant data',
  schema_migrations: "TypeORM's record of applied migrations",
  organisation_registry:
    'which organisations exist (ids only), for platform jobs such as the nightly roll-up recompute',
  sso_directory:
    'which organisation a single sign-on name leads to (ids only), before any organisation is known',
  account_membership:
    "which organisations an account belongs to (ids only), so sign-in enters each to read the person's membership",
  invitation_directory:
    'which organisation an invitation token leads to (ids only), entered before the invitation is read',
};

/**
 * Tables WITH organisation_id that are not tenant tables, each with the only columns it may have
 * (checked below, so tenant data cannot creep in unnoticed). None today.
 */
const EXCLUDED_TENANT_TABLES: Record<string, string[]> = {};
const exclude = Object.keys(EXCLUDED_TENANT_TABLES);

describe('the migrated schema keeps the tenant rules (read from pg_catalog)', () => {
  let database: TestDatabase;
  let client: Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    client = new Client({ connectionString: database.ownerUrl });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('every tenant table: organisation_id first in the primary key, row-level security enabled and forced, foreign keys through organisation_id', async () => {
    const report = await checkTenantSchema(client, { exclude });
    expect(report.violations).toEqual([]);
    // Not vacuous: the product's tenant tables are all there (none is excluded).
    expect(report.tenantTables).toEqual(
      expect.arrayContaining([
        'organisation',
        'department',
        'team',
        'membership',
        'team_membership',
        'department_head',
        'invitation',
        'audit_event',
        'experiment',
        'approval',
        'lesson',
        'budget_envelope',
      ]),
    );
    expect(report.tenantTables.length).toBeGreaterThanOrEqual(17);
  });

  it('is ready to distribute by organisation_id on Citus: unique indexes include it, no global table points into a tenant table, and no policy looks across tenants', async () => {
    const report = await checkTenantSchema(client, { exclude });
    expect(report.violations).toEqual([]);
  });

  it('every other table is global on purpose, and excluded tables hold no tenant data', async () => {
    const report = await checkTenantSchema(client, { exclude });
    expect(report.otherTables.sort()).toEqual(Object.keys(GLOBAL_TABLES).sort());
    for (const [table, columns] of Object.entries(report.excludedTables)) {
      expect(columns, `${table} may only hold ${EXCLUDED_TENANT_TABLES[table].join(', ')}`).toEqual(
        EXCLUDED_TENANT_TABLES[table],
      );
    }
  });

  it('reports each broken rule (throwaway tables in a transaction that is rolled back)', async () => {
    await client.query('BEGIN');
    try {
      await client.query(`
        CREATE TABLE kz_bad_key (
          id uuid NOT NULL,
          organisation_id uuid NOT NULL REFERENCES organisation (organisation_id),
          PRIMARY KEY (id, organisation_id))`);
      await client.query(`CREATE TABLE kz_no_key (organisation_id uuid NOT NULL, note text)`);
      await client.query(
        `CREATE TABLE kz_not_forced (organisation_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (organisation_id, id))`,
      );
      await client.query(`ALTER TABLE kz_not_forced ENABLE ROW LEVEL SECURITY`);
      await client.query(
        `CREATE POLICY tenant_isolation ON kz_not_forced USING (organisation_id = current_organisation_id())`,
      );
      // As the membership policy was: the tenant, or the person's own rows anywhere.
      await client.query(
        `CREATE POLICY wider ON kz_not_forced USING (organisation_id = current_organisation_id() OR id = current_app_user_id())`,
      );
      await client.query(`
        CREATE TABLE kz_bad_fk (
          organisation_id uuid NOT NULL,
          id uuid NOT NULL,
          team_organisation_id uuid NOT NULL,
          team_id uuid NOT NULL,
          PRIMARY KEY (organisation_id, id),
          CONSTRAINT kz_bad_fk_team FOREIGN KEY (team_organisation_id, team_id) REFERENCES team (organisation_id, id))`);
      await client.query(`CREATE UNIQUE INDEX kz_bad_fk_team_key ON kz_bad_fk (team_id)`);
      await client.query(
        `CREATE TABLE kz_global (id uuid PRIMARY KEY, organisation uuid REFERENCES organisation (organisation_id))`,
      );
      await client.query(`ALTER TABLE kz_bad_fk ENABLE ROW LEVEL SECURITY`);
      await client.query(`ALTER TABLE kz_bad_fk FORCE ROW LEVEL SECURITY`);
      await client.query(`CREATE POLICY everything ON kz_bad_fk USING (true)`);

      const report = await checkTenantSchema(client, { exclude });
      expect(report.violations.sort()).toEqual(
        [
          'kz_bad_key: primary key (id, organisation_id) does not start with organisation_id',
          'kz_bad_key: row-level security is not enabled',
          'kz_bad_key: row-level security is not forced',
          'kz_bad_key: no policy filters on organisation_id = current_organisation_id()',
          'kz_no_key: no primary key',
          'kz_no_key: row-level security is not enabled',
          'kz_no_key: row-level security is not forced',
          'kz_no_key: no policy filters on organisation_id = current_organisation_id()',
          'kz_not_forced: row-level security is not forced',
          'kz_bad_fk: no policy filters on organisation_id = current_organisation_id()',
          'kz_bad_fk.everything: policy looks beyond organisation_id = current_organisation_id()',
          'kz_not_forced.wider: policy looks beyond organisation_id = current_organisation_id()',
          'kz_bad_fk.kz_bad_fk_team (team_organisation_id, team_id) -> team: foreign key between tenant tables without organisation_id',
          'kz_bad_fk: unique index kz_bad_fk_team_key does not include organisation_id',
          'kz_global.kz_global_organisation_fkey -> organisation: foreign key from a global table into a tenant table',
        ].sort(),
      );
    } finally {
      await client.query('ROLLBACK');
    }
    expect((await checkTenantSchema(client, { exclude })).violations).toEqual([]);
  });
});
