import { sql, type SelectQueryBuilder } from 'kysely';
import {
  decodeCursor,
  encodeCursor,
  PAGE_LIMIT_DEFAULT,
  type CursorSort,
  type Page,
} from '@kaizen/api/util-core';

/** How a list is ordered: a column, then the row's id, so the order is total and pages never overlap. */
export interface KeysetOrder {
  /** The sort column, qualified as in the query (`d.name`). */
  by: string;
  /** The row's UUID column (`d.id`). */
  id: string;
  /** What the sort column holds: the cursor's key is checked and cast as this. */
  sort: CursorSort;
  direction?: 'asc' | 'desc';
}

/** The sort key and id `keysetSelect` adds to each row, for the cursor. */
export interface KeysetColumns {
  keyset_sort: string;
  keyset_id: string;
}

const castOf: Record<CursorSort, string> = { timestamp: 'timestamptz', date: 'date', text: 'text' };

/**
 * One page of `query` after the cursor: the one keyset rule every list uses. The cursor holds the
 * sort value as PostgreSQL prints it (microseconds kept) and the id; a forged one is a 400 naming `cursor`.
 */
export async function keysetPage<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  order: KeysetOrder,
  page: { limit?: number; cursor?: string },
): Promise<Page<O>> {
  const limit = page.limit ?? PAGE_LIMIT_DEFAULT;
  const after = decodeCursor(page.cursor, order.sort);
  const rows = (await keysetSelect(query, order, after, limit + 1).execute()) as Array<O & KeysetColumns>;
  return keysetRows(rows, limit);
}

/**
 * `keysetPage`'s SQL, for a list that builds it once per shape (`PreparedQuery`): `after` and `limit` (one more
 * than the page, to know whether another follows) become parameters, whatever they are given as.
 */
export function keysetSelect<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  order: KeysetOrder,
  after: [unknown, unknown] | undefined,
  limit: unknown,
) {
  const direction = order.direction ?? 'asc';
  const by = sql.ref(order.by);
  const id = sql.ref(order.id);
  return query
    .select([sql<string>`${by}::text`.as('keyset_sort'), sql<string>`${id}::text`.as('keyset_id')])
    .$if(after !== undefined, (rest) =>
      rest.where(
        sql<boolean>`(${by}, ${id}) ${sql.raw(direction === 'desc' ? '<' : '>')} (cast(${after?.[0]} as ${sql.raw(
          castOf[order.sort],
        )}), cast(${after?.[1]} as uuid))`,
      ),
    )
    .orderBy(by, direction)
    .orderBy(id, direction)
    .limit(limit as number);
}

/**
 * A page of `keysetSelect`'s rows (one more than `limit` if more follow), and the cursor to the next. The rows keep
 * their keyset columns: every list maps its rows to DTOs by picking fields (`list-shape.test.ts` checks that no
 * item says more than its schema), so a copy of each row without them (1.8 µs a row) would buy nothing.
 */
export function keysetRows<R extends KeysetColumns>(rows: R[], limit: number): Page<R> {
  const more = rows.length > limit;
  if (more) rows.length = limit;
  const last = more ? rows[limit - 1] : undefined;
  return {
    items: rows,
    nextCursor: encodeCursor(last ? [last.keyset_sort, last.keyset_id] : null),
  };
}
