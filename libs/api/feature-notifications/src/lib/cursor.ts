import { FieldValidationException } from '@kaizen/api/util-core';

/** Opaque keyset cursors: the creation time and id of the last row a page showed. */
export function encodeCursor(key: [string, string] | null): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

export function decodeCursor(cursor: string | undefined): [string, string] | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === 2 && key.every((part) => typeof part === 'string') && !Number.isNaN(Date.parse(key[0])) && /^[0-9a-f-]{36}$/i.test(key[1])) {
      return key as [string, string];
    }
  } catch {
    // fall through to the 400 below
  }
  throw new FieldValidationException([{ field: 'cursor', rule: 'valid', message: 'cursor must be a value a previous page returned' }]);
}
