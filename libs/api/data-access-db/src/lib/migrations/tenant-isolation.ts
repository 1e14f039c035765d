import type { QueryRunner } from 'typeorm';

/** The role the API and worker act as: neither owner of the tables nor exempt from row-level security. */
export const APP_ROLE = 'kaizen_app';

/**
 * Row-level security, forced so the table owner obeys it too: a transaction sees and writes
 * only rows of the organisation in `app.organisation_id`, plus what `alsoVisible` allows.
 * Without the setting it sees nothing.
 */
export async function enableTenantIsolation(q: QueryRunner, table: string, alsoVisible = ''): Promise<void> {
  await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
  await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
  await q.query(`
    CREATE POLICY tenant_isolation ON ${table}
      USING (organisation_id = current_organisation_id() ${alsoVisible})
      WITH CHECK (organisation_id = current_organisation_id())`);
}
