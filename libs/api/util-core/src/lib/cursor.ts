import { FieldValidationException } from './field-validation';
import { textProblem } from './text-rules';
import { isDateTime } from './date-time';

/** What a list sorts by, so a cursor's key is checked against exactly what the SQL casts it to. */
export type CursorSort = 'timestamp' | 'date' | 'text';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque keyset cursors: the sort value and id of the last row a page showed. */
export function encodeCursor(key: [string, string] | null): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

/**
 * Whether `value` has a cursor's shape, whatever the list sorts by: checked with the query's other fields,
 * before the route runs, so a forged cursor is a 400 even where an unknown parent would be a 404.
 */
export function isCursor(value: unknown): boolean {
  return typeof value === 'string' && isKey(keyIn(value));
}

/**
 * The key a cursor holds, or a 400 naming the field. The key is validated fully, whatever its source: the id a
 * UUID, the sort value a real date-time (for `timestamp`), a calendar day (for `date`) or text PostgreSQL
 * stores (for `text`), so no forged cursor reaches the SQL as anything it cannot cast.
 */
export function decodeCursor(cursor: string | undefined, sort: CursorSort): [string, string] | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const key = keyIn(cursor);
  if (isKey(key, sort)) return key;
  throw new FieldValidationException([
    { field: 'cursor', rule: 'valid', message: 'cursor must be a value a previous page returned' },
  ]);
}

function keyIn(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A sort value and a UUID; the sort value checked as `sort`, or only as storable text when not given. */
function isKey(key: unknown, sort: CursorSort = 'text'): key is [string, string] {
  return (
    Array.isArray(key) &&
    key.length === 2 &&
    isSortValue(key[0], sort) &&
    typeof key[1] === 'string' &&
    UUID.test(key[1])
  );
}

function isSortValue(value: unknown, sort: CursorSort): boolean {
  if (typeof value !== 'string' || value.length > 1_000) return false;
  if (sort === 'timestamp') return isDateTime(value);
  if (sort === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(value) && isDateTime(`${value}T00:00:00Z`);
  return textProblem(value, 'cursor') === null;
}
