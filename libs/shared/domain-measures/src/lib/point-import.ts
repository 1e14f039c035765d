import { dataPointProblems, isCalendarDate, type DataPoint, type MeasureKind } from './measure';

/**
 * Data points as people paste or upload them: a CSV with a header row, `period,value` for a value measure or
 * `period,numerator,denominator` for a proportion or rate, and an optional `note`. Rows are numbered as a spreadsheet
 * shows them (the header is row 1), and every problem names its row and column, so nothing is imported by guesswork.
 */

export interface PointRowProblem {
  /** 1 is the header row. */
  row: number;
  /** The column as the header names it (lower case); empty for a problem with the row as a whole. */
  column: string;
  rule: string;
  message: string;
}

export interface ParsedPoint extends DataPoint {
  row: number;
  period: string;
  note: string;
}

export interface ParsedPoints {
  points: ParsedPoint[];
  problems: PointRowProblem[];
}

/** The periods a point may have: not before `earliest`, not after `latest` (both `YYYY-MM-DD`). */
export interface PeriodRange {
  earliest: string;
  latest: string;
}

export const EARLIEST_PERIOD = '1900-01-01';
export const MAX_IMPORT_ROWS = 10_000;
export const MAX_NOTE_LENGTH = 2_000;
/** The largest magnitude a value, numerator or denominator may have: any real count or measurement, exact in a double. */
export const MAX_POINT_MAGNITUDE = 1e15;

/** The periods allowed on `now`: from 1900 up to tomorrow in UTC (a day of slack for time zones ahead of UTC). */
export function periodRangeOn(now: Date): PeriodRange {
  return {
    earliest: EARLIEST_PERIOD,
    latest: new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10),
  };
}

/** The columns a measure of `kind` needs, besides the optional `note`. */
export function pointColumns(kind: MeasureKind): string[] {
  return kind === 'value' ? ['period', 'value'] : ['period', 'numerator', 'denominator'];
}

/** What is wrong with one point (entered by hand, in a grid or from a file), as field and rule. */
export function pointProblems(
  kind: MeasureKind,
  point: DataPoint,
  range: PeriodRange,
): Array<{ field: keyof DataPoint; rule: string; message: string }> {
  const problems = dataPointProblems(kind, point).map(({ field, rule }) => ({
    field,
    rule: ruleIdOf(field, rule),
    message: `${field} ${rule}`,
  }));
  if (isCalendarDate(point.period) && (point.period < range.earliest || point.period > range.latest)) {
    problems.push({
      field: 'period',
      rule: 'range',
      message: `period must be between ${range.earliest} and ${range.latest}`,
    });
  }
  for (const field of ['value', 'numerator', 'denominator'] as const) {
    const x = point[field];
    if (typeof x === 'number' && Math.abs(x) > MAX_POINT_MAGNITUDE) {
      problems.push({
        field,
        rule: 'range',
        message: `${field} must be between -${MAX_POINT_MAGNITUDE} and ${MAX_POINT_MAGNITUDE}`,
      });
    }
  }
  if (typeof point.note === 'string' && [...point.note].length > MAX_NOTE_LENGTH) {
    problems.push({
      field: 'note',
      rule: 'tooLong',
      message: `note must be at most ${MAX_NOTE_LENGTH} characters`,
    });
  }
  return problems;
}

/** Short names for the domain's rules, so a client can act on them without parsing the text. */
function ruleIdOf(field: keyof DataPoint, rule: string): string {
  if (field === 'period') return 'date';
  if (rule.includes('at least the numerator')) return 'atLeastNumerator';
  if (rule.includes('above 0')) return 'positive';
  if (rule.includes('at least 0')) return 'notNegative';
  return 'numeric';
}

/**
 * Parses and checks a whole file. `storedPeriods` are the periods the measure already has: a row repeating one is an
 * error, as is a period repeated within the file. Points come back only for rows without problems.
 */
export function parsePointsCsv(
  csv: string,
  kind: MeasureKind,
  range: PeriodRange,
  storedPeriods: ReadonlySet<string> = new Set(),
): ParsedPoints {
  const records = csvRecords(csv.replace(/^\uFEFF/, ''));
  while (records.length > 0 && isBlank(records[records.length - 1].fields)) records.pop();
  const problems: PointRowProblem[] = [];
  if (records.length === 0 || isBlank(records[0].fields)) {
    return {
      points: [],
      problems: [
        {
          row: 1,
          column: '',
          rule: 'header',
          message: `row 1 must name the columns: ${pointColumns(kind).join(',')} (and note, if you like)`,
        },
      ],
    };
  }
  const header = records[0].fields.map((name) => name.trim().toLowerCase());
  const required = pointColumns(kind);
  const known = [...required, 'note'];
  header.forEach((name, i) => {
    if (!known.includes(name)) {
      problems.push({
        row: 1,
        column: name,
        rule: 'unknownColumn',
        message: `row 1, column ${i + 1} (${name || 'empty'}): a ${kind} measure takes the columns ${known.join(', ')}`,
      });
    } else if (header.indexOf(name) !== i) {
      problems.push({
        row: 1,
        column: name,
        rule: 'duplicateColumn',
        message: `row 1: column ${name} appears twice`,
      });
    }
  });
  for (const name of required) {
    if (!header.includes(name))
      problems.push({
        row: 1,
        column: name,
        rule: 'missingColumn',
        message: `row 1: column ${name} is missing; a ${kind} measure needs ${required.join(', ')}`,
      });
  }
  if (problems.length > 0) return { points: [], problems };
  if (records.length - 1 > MAX_IMPORT_ROWS) {
    return {
      points: [],
      problems: [
        {
          row: MAX_IMPORT_ROWS + 2,
          column: '',
          rule: 'tooManyRows',
          message: `a file holds at most ${MAX_IMPORT_ROWS} rows of data`,
        },
      ],
    };
  }

  const points: ParsedPoint[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { row, fields } of records.slice(1)) {
    if (isBlank(fields)) continue;
    const rowProblems: PointRowProblem[] = [];
    const problem = (column: string, rule: string, message: string) =>
      rowProblems.push({ row, column, rule, message: `row ${row}, ${column || 'row'}: ${message}` });
    if (fields.length > header.length)
      problem('', 'extraFields', `has ${fields.length} fields; the header names ${header.length}`);
    const cell = (name: string) => (fields[header.indexOf(name)] ?? '').trim();

    const period = cell('period');
    if (period === '') problem('period', 'required', 'a period is required, as YYYY-MM-DD');
    else if (!isCalendarDate(period))
      problem('period', 'date', `"${clip(period)}" is not a date; write YYYY-MM-DD, such as 2026-03-02`);

    const numbers: Record<string, number | null> = {};
    for (const name of required.slice(1)) {
      const text = cell(name);
      numbers[name] = null;
      if (text === '') problem(name, 'required', `a ${name} is required`);
      else {
        const parsed = parseNumber(text);
        if (parsed === null) problem(name, 'numeric', `"${clip(text)}" is not a number`);
        numbers[name] = parsed;
      }
    }
    const point: ParsedPoint = { row, period, note: header.includes('note') ? cell('note') : '', ...numbers };
    const unparsed = new Set(rowProblems.map((p) => p.column));
    // The domain's rules judge what parsed; a field already reported is not reported twice.
    for (const p of pointProblems(kind, point, range))
      if (!unparsed.has(p.field) && (p.field !== 'period' || p.rule === 'range'))
        problem(p.field, p.rule, p.message);
    if (!rowProblems.some((p) => p.column === 'period')) {
      const earlier = firstRowOf.get(period);
      if (earlier !== undefined) problem('period', 'duplicate', `${period} is also in row ${earlier}`);
      else if (storedPeriods.has(period))
        problem('period', 'exists', `the measure already has a point for ${period}; edit that point instead`);
      else firstRowOf.set(period, row);
    }
    if (rowProblems.length === 0) points.push(point);
    problems.push(...rowProblems);
  }
  if (points.length === 0 && problems.length === 0) {
    problems.push({
      row: 2,
      column: '',
      rule: 'empty',
      message: 'the file has a header but no rows of data',
    });
  }
  return { points, problems };
}

/** A decimal number as people type it: `12.5`, `-3`, `1e3`, or with a decimal comma (`12,5`). No thousands separators. */
export function parseNumber(text: string): number | null {
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/.test(text)) return null;
  const value = Number(text.replace(',', '.'));
  return Number.isFinite(value) ? value : null;
}

const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
const isBlank = (fields: string[]) => fields.every((f) => f.trim() === '');

/**
 * RFC 4180 records with their row numbers (1-based, counting records). The delimiter is the header's: a comma, or a
 * semicolon or tab when the first line has one and no comma (as Dutch spreadsheets export).
 */
export function csvRecords(text: string): Array<{ row: number; fields: string[] }> {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = firstLine.includes(',')
    ? ','
    : firstLine.includes(';')
      ? ';'
      : firstLine.includes('\t')
        ? '\t'
        : ',';
  const records: Array<{ row: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    records.push({ row: records.length + 1, fields });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      endRecord();
      i++;
    } else if (c === '\n' || c === '\r') {
      endRecord();
    } else field += c;
    i++;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}
