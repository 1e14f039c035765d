import { FieldValidationException } from '@kaizen/api/util-core';

/** Opaque keyset cursors: the sort value and id of the last row a page showed. */
export function encodeCursor(key: [string, string] | null): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

export function decodeCursor(cursor: string | undefined): [string, string] | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === 2 && key.every((part) => typeof part === 'string')) return key as [string, string];
  } catch {
    // fall through to the 400 below
  }
  throw new FieldValidationException([{ field: 'cursor', rule: 'valid', message: 'cursor must be a value a previous page returned' }]);
}

/** RFC 4180 quoting, and a leading apostrophe so spreadsheets never run a cell as a formula. */
export function toCsv(header: string[], rows: unknown[][]): string {
  const field = (value: unknown) => {
    if (value === null || value === undefined) return '';
    let text = Array.isArray(value) ? value.join('; ') : value instanceof Date ? value.toISOString() : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `${[header, ...rows].map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}
