/** One field an audited act changed, as text to show side by side. */
export interface AuditChange {
  field: string;
  before: string;
  after: string;
}

/** Bookkeeping that changes with every write and tells a reader nothing. */
const IGNORED = new Set(['version', 'updatedAt']);

/**
 * The fields that differ between an object before and after an act, in the order the object lists them.
 * A created object has no before, a removed one no after: then every field it has is shown.
 */
export function auditChanges(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
): AuditChange[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return fields
    .filter((field) => !IGNORED.has(field))
    .filter((field) => JSON.stringify(before?.[field]) !== JSON.stringify(after?.[field]))
    .map((field) => ({ field, before: shown(before?.[field]), after: shown(after?.[field]) }));
}

/** A value as a person reads it: lists joined, people and units by name, nothing as a dash. */
function shown(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.length ? value.map(shown).join(', ') : '—';
  if (typeof value === 'object') {
    const named = value as { displayName?: unknown; name?: unknown; position?: unknown };
    const name = named.displayName ?? named.name;
    if (typeof name === 'string')
      return typeof named.position === 'string' ? `${name} (${named.position})` : name;
    return JSON.stringify(value);
  }
  return String(value);
}
