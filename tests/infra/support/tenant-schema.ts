import type { ClientBase } from 'pg';

export interface TenantSchemaReport {
  /** Tables of the schema with an organisation_id column, by name (excluded ones not among them). */
  tenantTables: string[];
  /** Tables with an organisation_id column that the caller excluded, with their columns. */
  excludedTables: Record<string, string[]>;
  /** Every other table of the schema. */
  otherTables: string[];
  /** One line per broken rule; empty when the schema keeps every rule. */
  violations: string[];
}

/**
 * Checks the rules that make tenant isolation a property of the schema (README, "Tenant isolation";
 * DESIGN.md section 3), read from pg_catalog, for every table of `schema` with an organisation_id column:
 *  - organisation_id is the first column of its primary key (ready to distribute by it on Citus);
 *  - row-level security is enabled AND forced (so the owner obeys it too), with a policy that filters
 *    on current_organisation_id();
 *  - every foreign key to another tenant table includes organisation_id, matched to organisation_id,
 *    so a row can never reference another organisation's row;
 *  - no policy reads more than organisation_id = current_organisation_id().
 */
export async function checkTenantSchema(
  client: ClientBase,
  { schema = 'public', exclude = [] as string[] }: { schema?: string; exclude?: string[] } = {},
): Promise<TenantSchemaReport> {
  const tables = await client.query<{
    name: string;
    tenant: boolean;
    rls: boolean;
    forced: boolean;
    pk_first: string | null;
    pk_columns: string | null;
    isolating_policies: number;
    columns: string[];
  }>(
    `SELECT c.relname AS name,
            org.attnum IS NOT NULL AS tenant,
            c.relrowsecurity AS rls,
            c.relforcerowsecurity AS forced,
            (SELECT a.attname FROM pg_constraint k
               JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
              WHERE k.conrelid = c.oid AND k.contype = 'p') AS pk_first,
            (SELECT string_agg(a.attname, ', ' ORDER BY i.n) FROM pg_constraint k
               CROSS JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS i(attnum, n)
               JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = i.attnum
              WHERE k.conrelid = c.oid AND k.contype = 'p') AS pk_columns,
            (SELECT count(*)::int FROM pg_policy p
              WHERE p.polrelid = c.oid
                AND pg_get_expr(p.polqual, p.polrelid) ~ 'organisation_id = current_organisation_id\\(\\)') AS isolating_policies,
            ARRAY(SELECT a.attname::text FROM pg_attribute a
                   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS columns
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attribute org ON org.attrelid = c.oid AND org.attname = 'organisation_id' AND NOT org.attisdropped
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
      ORDER BY c.relname`,
    [schema],
  );
  const violations: string[] = [];
  const excluded = new Set(exclude);
  for (const table of tables.rows.filter((t) => t.tenant && !excluded.has(t.name))) {
    if (!table.pk_first) violations.push(`${table.name}: no primary key`);
    else if (table.pk_first !== 'organisation_id') {
      violations.push(`${table.name}: primary key (${table.pk_columns}) does not start with organisation_id`);
    }
    if (!table.rls) violations.push(`${table.name}: row-level security is not enabled`);
    if (!table.forced) violations.push(`${table.name}: row-level security is not forced`);
    if (table.isolating_policies === 0)
      violations.push(`${table.name}: no policy filters on organisation_id = current_organisation_id()`);
  }

  const foreignKeys = await client.query<{
    name: string;
    child: string;
    parent: string;
    columns: string;
    includes_org: boolean;
  }>(
    `WITH tenant AS (
       SELECT c.oid, c.relname, a.attnum AS org
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'organisation_id' AND NOT a.attisdropped
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p'))
     SELECT k.conname AS name, child.relname AS child, parent.relname AS parent,
            (SELECT string_agg(a.attname, ', ' ORDER BY i.n) FROM unnest(k.conkey) WITH ORDINALITY AS i(attnum, n)
               JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = i.attnum) AS columns,
            EXISTS (SELECT 1 FROM generate_subscripts(k.conkey, 1) AS i
                     WHERE k.conkey[i] = child.org AND k.confkey[i] = parent.org) AS includes_org
       FROM pg_constraint k
       JOIN tenant child ON child.oid = k.conrelid
       JOIN tenant parent ON parent.oid = k.confrelid
      WHERE k.contype = 'f' AND NOT (child.relname = ANY($2) OR parent.relname = ANY($2))
      ORDER BY child.relname, k.conname`,
    [schema, [...excluded]],
  );
  for (const fk of foreignKeys.rows.filter((f) => !f.includes_org)) {
    violations.push(
      `${fk.child}.${fk.name} (${fk.columns}) -> ${fk.parent}: foreign key between tenant tables without organisation_id`,
    );
  }

  // Citus distributes tenant tables by organisation_id: a unique index must include it, and a global table
  // (local or reference on Citus) may not point into a distributed one.
  const uniques = await client.query<{ name: string; table: string }>(
    `SELECT i.indexrelid::regclass::text AS name, c.relname AS table
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute org ON org.attrelid = c.oid AND org.attname = 'organisation_id' AND NOT org.attisdropped
      WHERE n.nspname = $1 AND i.indisunique AND NOT (c.relname = ANY($2)) AND NOT (org.attnum = ANY(i.indkey))
      ORDER BY 1`,
    [schema, [...excluded]],
  );
  for (const unique of uniques.rows)
    violations.push(`${unique.table}: unique index ${unique.name} does not include organisation_id`);

  const intoTenants = await client.query<{ name: string; child: string; parent: string }>(
    `SELECT k.conname AS name, child.relname AS child, parent.relname AS parent
       FROM pg_constraint k
       JOIN pg_class child ON child.oid = k.conrelid
       JOIN pg_class parent ON parent.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = child.relnamespace
      WHERE k.contype = 'f' AND n.nspname = $1
        AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = child.oid AND a.attname = 'organisation_id' AND NOT a.attisdropped)
        AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = parent.oid AND a.attname = 'organisation_id' AND NOT a.attisdropped)
      ORDER BY 2, 1`,
    [schema],
  );
  for (const fk of intoTenants.rows)
    violations.push(
      `${fk.child}.${fk.name} -> ${fk.parent}: foreign key from a global table into a tenant table`,
    );

  // A policy that reads beyond organisation_id = current_organisation_id() looks across tenants (on Citus, every shard).
  const policies = await client.query<{ table: string; name: string }>(
    `SELECT c.relname AS table, p.polname AS name
       FROM pg_policy p
       JOIN pg_class c ON c.oid = p.polrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND NOT (c.relname = ANY($2))
        AND (coalesce(pg_get_expr(p.polqual, p.polrelid), '(organisation_id = current_organisation_id())') <> '(organisation_id = current_organisation_id())'
          OR coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '(organisation_id = current_organisation_id())') <> '(organisation_id = current_organisation_id())')
      ORDER BY 1, 2`,
    [schema, [...excluded]],
  );
  for (const policy of policies.rows)
    violations.push(
      `${policy.table}.${policy.name}: policy looks beyond organisation_id = current_organisation_id()`,
    );

  return {
    tenantTables: tables.rows.filter((t) => t.tenant && !excluded.has(t.name)).map((t) => t.name),
    excludedTables: Object.fromEntries(
      tables.rows.filter((t) => t.tenant && excluded.has(t.name)).map((t) => [t.name, t.columns]),
    ),
    otherTables: tables.rows.filter((t) => !t.tenant).map((t) => t.name),
    violations,
  };
}
