import { sql, type Expression, type RawBuilder } from 'kysely';

/** A `date` column (`alias.column`, or an expression) as `YYYY-MM-DD`, as the domain and the API speak of days. */
export function dateText<T extends string | null = string>(
  column: string | Expression<unknown>,
): RawBuilder<T> {
  return sql<T>`to_char(${typeof column === 'string' ? sql.ref(column) : column}, 'YYYY-MM-DD')`;
}
