import { sql } from 'kysely';

/** The organisation the current tenant transaction acts in, as SQL: for new rows and for explicit filters. */
export const currentOrganisationId = sql<string>`current_organisation_id()`;

/**
 * The memberships of the person in `app.user_id`, in every organisation they belong to (migration
 * 1764960000000): each read inside its own tenant, since no policy looks across tenants.
 */
export const accountMemberships = () =>
  sql<{
    id: string;
    organisation_id: string;
    organisation_name: string;
    currency: string;
    time_zone: string;
    user_id: string;
    role: string;
    status: string;
    joined_at: Date;
    erased_at: Date | null;
  }>`account_memberships()`;

/**
 * A list of uuids for `column = ANY(...)` that the planner looks up key by key. Given the array itself, it counts
 * the elements and weighs 100 lookups against reading every row of the organisation, which it estimates at a few
 * dozen while the table's statistics are older than a burst of rows (analysed nearly empty: 10,000 outbox rows
 * read per statement at 10,000 reminders). An array a subquery builds it cannot count: it assumes a handful, and
 * the keys win. Rows are still matched by value, so a row updated meanwhile is found again (a `ctid` list would
 * skip it).
 */
export const keyList = (ids: readonly string[]) => sql<string[]>`ARRAY(SELECT unnest(${ids}::uuid[]))`;
