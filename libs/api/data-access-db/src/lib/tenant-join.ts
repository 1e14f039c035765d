import type { JoinBuilder, StringReference } from 'kysely';

/**
 * A join between two tenant tables on `left` = `right` (each `alias.column`) and on their `organisation_id`, which
 * leads every tenant key: the one way tenant tables are joined, so the planner uses those keys (and Citus co-locates).
 */
export function sameTenant<DB, TB extends keyof DB>(
  join: JoinBuilder<DB, TB>,
  left: StringReference<DB, TB>,
  right: StringReference<DB, TB>,
): JoinBuilder<DB, TB> {
  return join.onRef(organisationOf(left), '=', organisationOf(right)).onRef(left, '=', right);
}

/** The `organisation_id` beside `alias.column`. */
export const organisationOf = <R>(ref: R & string): R =>
  `${ref.slice(0, ref.indexOf('.'))}.organisation_id` as R;
