import { sql } from 'kysely';

/** The organisation the current tenant transaction acts in, as SQL: for new rows and for explicit filters. */
export const currentOrganisationId = sql<string>`current_organisation_id()`;
