import { sql, type Expression } from 'kysely';

/**
 * Typed handles on the hierarchy functions of migration 1764800000000, for `selectFrom(...as('alias'))`
 * or `where(id, 'in', ...)`: repositories name the rule, never rebuild it with their own recursion.
 */
type Uuid = string | Expression<string | null>;

/** The department and every department above it; depth 0 is the department itself. */
export const departmentAncestors = (department: Uuid) =>
  sql<{ id: string; depth: number }>`department_ancestors(${department})`;

/** The department and every department below it; depth 0 is the department itself. */
export const departmentSubtree = (department: Uuid) =>
  sql<{ id: string; depth: number }>`department_subtree(${department})`;

/** The active members who may decide the experiment's open approval (none when nothing is open). */
export const approversOf = (experiment: Uuid) => sql<{ membership_id: string }>`approvers_of(${experiment})`;
