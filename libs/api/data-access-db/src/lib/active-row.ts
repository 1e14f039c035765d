import { rowExists } from './row-exists';
import type { Kysely } from 'kysely';
import type { DB } from './generated/schema';

/** Whether the team, department, programme or measure `id` is one of this organisation's and not archived. */
export function isActive(
  db: Kysely<DB>,
  table: 'team' | 'department' | 'programme' | 'measure',
  id: string,
): Promise<boolean> {
  return rowExists(db.selectFrom(table).select('id').where('id', '=', id).where('archived_at', 'is', null));
}
