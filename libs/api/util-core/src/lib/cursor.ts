import { FieldValidationException } from './problem-details';

/** Opaque keyset cursors: the sort value and id of the last row a page showed. */
export function encodeCursor(key: [string, string] | null): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

/**
 * The key a cursor holds, or a 400 naming the field. `accepts` can require more of the key
 * (a timestamp and a uuid, say) where the SQL would otherwise fail on what it casts.
 */
export function decodeCursor(cursor: string | undefined, accepts: (key: [string, string]) => boolean = () => true): [string, string] | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === 2 && key.every((part) => typeof part === 'string') && accepts(key as [string, string])) {
      return key as [string, string];
    }
  } catch {
    // fall through to the 400 below
  }
  throw new FieldValidationException([{ field: 'cursor', rule: 'valid', message: 'cursor must be a value a previous page returned' }]);
}
