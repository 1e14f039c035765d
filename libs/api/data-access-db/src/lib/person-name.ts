import type {
  AnyColumnWithTable,
  Expression,
  ExpressionBuilder,
  ExtractTypeFromReferenceExpression,
  Kysely,
} from 'kysely';
import type { DB } from './generated/schema';
import { organisationOf } from './tenant-join';

/**
 * The name a member goes by (membership → app_user), as a scalar subquery on a row's membership column
 * (`alias.column`) and that row's own `organisation_id`: the one way a query names a person, so author, actor,
 * owner and approver names read alike. Typed null exactly where the column may be null.
 */
export function personName<QueryDB, TB extends keyof QueryDB, M extends AnyColumnWithTable<QueryDB, TB>>(
  db: Kysely<DB>,
  eb: ExpressionBuilder<QueryDB, TB>,
  membership: M,
) {
  return db
    .selectFrom('membership as person')
    .innerJoin('app_user as person_user', 'person_user.id', 'person.user_id')
    .select('person_user.display_name')
    .where('person.organisation_id', '=', eb.ref(organisationOf(membership)) as Expression<string>)
    .where('person.id', '=', eb.ref(membership) as Expression<string | null>)
    .$asScalar()
    .$castTo<null extends ExtractTypeFromReferenceExpression<QueryDB, TB, M> ? string | null : string>();
}
