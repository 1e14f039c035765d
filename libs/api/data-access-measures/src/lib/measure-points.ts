import { sql } from 'kysely';
import { dateText, type Db } from '@kaizen/api/data-access-db';

export type MeasurePointRow = Awaited<ReturnType<typeof measurePointsOf>>[number];

/**
 * The points of these measures by period, oldest first (from a period on, when given): the one read that a measure's
 * chart and a programme's aim progress are computed from. A plain query on the caller's tenant transaction.
 */
export function measurePointsOf(db: Db, measureIds: readonly string[], from?: string) {
  if (measureIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('measure_point')
    .select([
      'measure_id',
      dateText('period').as('period'),
      'value',
      'numerator',
      'denominator',
      'entered_at',
    ])
    .where('measure_id', 'in', measureIds)
    .$if(from !== undefined, (q) => q.where('period', '>=', sql<Date>`${from}::date`))
    .orderBy('period')
    .execute();
}
