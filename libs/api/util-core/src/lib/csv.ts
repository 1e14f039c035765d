/**
 * CSV as spreadsheets read it: RFC 4180 quoting, lists joined with "; ", dates in ISO 8601,
 * and a leading apostrophe on anything a spreadsheet would run as a formula.
 */
export function toCsv(header: string[], rows: unknown[][]): string {
  return `${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = Array.isArray(value)
    ? value.join('; ')
    : value instanceof Date
      ? value.toISOString()
      : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
