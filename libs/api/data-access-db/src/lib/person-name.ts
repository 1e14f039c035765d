import type { Expression, Kysely } from 'kysely';
import type { DB } from './generated/schema';

/**
 * The name a member goes by (membership → app_user), as a scalar subquery on a row's own organisation and
 * membership columns: the one way a query names a person, so author, actor, owner and approver names read
 * alike. Null when the membership is null; `.$notNull()` where the column is required.
 */
export function personName(
  db: Kysely<DB>,
  organisationId: Expression<string>,
  membershipId: Expression<string | null>,
) {
  return db
    .selectFrom('membership as person')
    .innerJoin('app_user as person_user', 'person_user.id', 'person.user_id')
    .select('person_user.display_name')
    .where('person.organisation_id', '=', organisationId)
    .where('person.id', '=', membershipId)
    .$asScalar();
}
