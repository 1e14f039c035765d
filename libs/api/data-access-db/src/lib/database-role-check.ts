import type { DataSource } from 'typeorm';

/**
 * Row-level security means nothing to a superuser, a BYPASSRLS role or a table owner.
 * The API and worker refuse to run as one; the message says what to change.
 */
export async function assertRowLevelSecurityApplies(dataSource: DataSource): Promise<void> {
  const [role] = await dataSource.query(`
    SELECT r.rolname AS name, r.rolsuper AS superuser, r.rolbypassrls AS bypass,
           EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = 'public' AND t.tableowner = r.rolname) AS owner
      FROM pg_roles r WHERE r.rolname = current_user`);
  const reasons = [
    role.superuser && 'is a superuser',
    role.bypass && 'has BYPASSRLS',
    role.owner && 'owns the tables',
  ].filter(Boolean);
  if (reasons.length > 0) {
    throw new Error(
      `DATABASE_URL: the role ${role.name} ${reasons.join(' and ')}, so row-level security would not isolate organisations; ` +
        'connect as an ordinary role and give the owner in DATABASE_MIGRATION_URL',
    );
  }
}
