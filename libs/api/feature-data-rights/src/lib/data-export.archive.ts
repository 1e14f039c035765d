import { strToU8, zipSync } from 'fflate';
import { toCsv } from '@kaizen/api/util-core';

/** One section of an export: its rows, written as JSON and (for lists) as CSV too. */
export interface ExportSection {
  name: string;
  rows: Record<string, unknown>[] | Record<string, unknown>;
}

/** Why scan answers are not in an export: the product cannot tell whose they are. */
export const EXPORT_README = `What this archive holds
=======================

Everything Kaizen Loop holds about you in one organisation, as JSON and as CSV (one file per kind):

- profile.json: your account (name, e-mail, language, when it was made, whether two-factor sign-in is on)
- memberships.json: your role and standing here, your teams and the departments you head, over time
- experiments: the experiments you own or take part in
- check-ins, comments, lessons: what you wrote
- notifications: what the product told you, and your notification preferences
- audit-events: security-relevant events you caused or that are about you

Learning-culture scan answers are NOT in this archive. They are anonymous by design: nothing the product
stores links an answer to the person who gave it (answers are sealed and folded into group totals), so
no one, including us, can find yours.

Other people's names and contributions are left out; experiments you joined are listed with their plan and
result, not with what others wrote on them.
`;

/** The ZIP: a README, and each section as JSON, lists also as CSV. */
export function exportArchive(sections: ExportSection[]): Buffer {
  const files: Record<string, Uint8Array> = { 'README.txt': strToU8(EXPORT_README) };
  for (const section of sections) {
    files[`${section.name}.json`] = strToU8(JSON.stringify(section.rows, null, 2));
    if (Array.isArray(section.rows)) files[`${section.name}.csv`] = strToU8(csvOf(section.rows));
  }
  return Buffer.from(zipSync(files, { level: 6 }));
}

function csvOf(rows: Record<string, unknown>[]): string {
  const header = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return toCsv(
    header,
    rows.map((row) => header.map((key) => plain(row[key]))),
  );
}

/** CSV cells are text: objects (notification parameters, audit details) as JSON. */
function plain(value: unknown): unknown {
  return value !== null && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value)
    ? JSON.stringify(value)
    : value;
}
