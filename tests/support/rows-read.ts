import { sql } from 'kysely';
import type { Db } from '@kaizen/api/data-access-db';

/**
 * Rows the current transaction's statements have read from a table so far, by scans and by index fetches
 * (`pg_stat_xact_user_tables`): what a statement costs, counted where the planner's choice shows.
 */
export async function rowsRead(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{
    read: string;
  }>`SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) AS read
    FROM pg_stat_xact_user_tables WHERE relname = ${table}`.execute(db);
  return Number(rows[0]?.read ?? 0);
}
