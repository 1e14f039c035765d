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
