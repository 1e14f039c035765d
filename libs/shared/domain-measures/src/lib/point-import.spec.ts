import { describe, expect, it } from 'vitest';
import { csvRecords, parseNumber, parsePointsCsv, periodRangeOn, pointProblems } from './point-import';

const range = { earliest: '1900-01-01', latest: '2026-12-04' };
const where = (problems: Array<{ row: number; column: string; rule: string }>) =>
  problems.map((p) => `${p.row}:${p.column}:${p.rule}`);

describe('parsing data points from CSV', () => {
  it('reads values, notes, quoting and CRLF, numbering rows as a spreadsheet does', () => {
    const csv = 'Period,Value,Note\r\n2026-01-05,12.5,\r\n2026-01-12,"1,5","said ""ok""\nthen left"\r\n';
    expect(parsePointsCsv(csv, 'value', range)).toEqual({
      points: [
        { row: 2, period: '2026-01-05', value: 12.5, note: '' },
        { row: 3, period: '2026-01-12', value: 1.5, note: 'said "ok"\nthen left' },
      ],
      problems: [],
    });
  });

  it('reads numerators and denominators, and a semicolon-separated file', () => {
    const parsed = parsePointsCsv(
      'period;numerator;denominator\n2026-01-05;3;40\n2026-01-12;0;38\n',
      'proportion',
      range,
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.points.map((p) => [p.period, p.numerator, p.denominator])).toEqual([
      ['2026-01-05', 3, 40],
      ['2026-01-12', 0, 38],
    ]);
  });

  it('refuses wrong columns on row 1, naming each', () => {
    expect(where(parsePointsCsv('period,value\n2026-01-05,3\n', 'proportion', range).problems)).toEqual([
      '1:value:unknownColumn',
      '1:numerator:missingColumn',
      '1:denominator:missingColumn',
    ]);
    expect(where(parsePointsCsv('period,value,value\n', 'value', range).problems)).toEqual([
      '1:value:duplicateColumn',
    ]);
    expect(where(parsePointsCsv('', 'value', range).problems)).toEqual(['1::header']);
    expect(where(parsePointsCsv('period,value\n\n', 'value', range).problems)).toEqual(['2::empty']);
  });

  it('names the row and column of every bad cell, and returns only the good rows', () => {
    const csv = [
      'period,numerator,denominator,note',
      '2026-01-05,3,40,fine',
      '2026-02-30,3,40,',
      '2026-01-19,three,40,',
      '2026-01-26,3,0,',
      '2026-02-02,41,40,',
      '2026-01-05,1,40,',
      '2031-01-01,1,40,',
      ',1,',
      '2026-02-09,1,40,x,extra',
      '2026-02-16,1e400,40,',
      '2026-02-23,1e16,2e16,',
    ].join('\n');
    const parsed = parsePointsCsv(csv, 'proportion', range);
    expect(where(parsed.problems)).toEqual([
      '3:period:date',
      '4:numerator:numeric',
      '5:denominator:positive',
      '6:denominator:atLeastNumerator',
      '7:period:duplicate',
      '8:period:range',
      '9:period:required',
      '9:denominator:required',
      '10::extraFields',
      '11:numerator:numeric',
      '12:numerator:range',
      '12:denominator:range',
    ]);
    expect(parsed.problems[4].message).toBe('row 7, period: 2026-01-05 is also in row 2');
    expect(parsed.points.map((p) => p.row)).toEqual([2]);
  });

  it('lets a rate exceed its denominator, which a proportion may not', () => {
    expect(
      parsePointsCsv('period,numerator,denominator\n2026-01-05,41,40\n', 'rate', range).problems,
    ).toEqual([]);
  });

  it('refuses a period the measure already has', () => {
    const parsed = parsePointsCsv(
      'period,value\n2026-01-05,1\n2026-01-12,2\n',
      'value',
      range,
      new Set(['2026-01-12']),
    );
    expect(where(parsed.problems)).toEqual(['3:period:exists']);
  });

  it('parses numbers as people type them, and nothing else', () => {
    expect(['12', '-3', '+4.5', '.5', '1,25', '1e3'].map(parseNumber)).toEqual([
      12, -3, 4.5, 0.5, 1.25, 1000,
    ]);
    expect(['', '1.000,5', '12abc', 'NaN', 'Infinity', '1e999', '0x10', '1 000'].map(parseNumber)).toEqual(
      Array(8).fill(null),
    );
  });

  it('splits records by RFC 4180', () => {
    expect(csvRecords('a,"b,c"\n"d""e",f')).toEqual([
      { row: 1, fields: ['a', 'b,c'] },
      { row: 2, fields: ['d"e', 'f'] },
    ]);
  });
});

describe('checking one point', () => {
  it('allows periods from 1900 up to tomorrow', () => {
    expect(periodRangeOn(new Date('2026-12-03T23:30:00Z'))).toEqual({
      earliest: '1900-01-01',
      latest: '2026-12-04',
    });
    expect(pointProblems('value', { period: '1899-12-31', value: 1 }, range)).toEqual([
      { field: 'period', rule: 'range', message: 'period must be between 1900-01-01 and 2026-12-04' },
    ]);
    expect(pointProblems('value', { period: '2026-12-04', value: 1 }, range)).toEqual([]);
  });
});
