import type { AnyColumnWithTable, Expression, ExpressionBuilder, Kysely } from 'kysely';
import { organisationOf, sameTenant, type DB } from '@kaizen/api/data-access-db';

/**
 * Where a member sits now: their current placements (`tm`) with the teams (`t`), as a subquery on a row's
 * membership column (`alias.column`) and that row's own `organisation_id`, for the caller to aggregate.
 */
export function currentPlacementsOf<QueryDB, TB extends keyof QueryDB>(
  db: Kysely<DB>,
  eb: ExpressionBuilder<QueryDB, TB>,
  membership: AnyColumnWithTable<QueryDB, TB>,
) {
  return db
    .selectFrom('team_membership as tm')
    .innerJoin('team as t', (join) => sameTenant(join, 't.id', 'tm.team_id'))
    .where('tm.organisation_id', '=', eb.ref(organisationOf(membership)) as Expression<string>)
    .where('tm.membership_id', '=', eb.ref(membership) as Expression<string>)
    .where('tm.valid_to', 'is', null);
}
