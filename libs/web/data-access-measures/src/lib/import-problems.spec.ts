import { describe, expect, it } from 'vitest';
import type { ApiProblem } from '@kaizen/web/data-access-api';
import { gridProblemsOf, importProblemsOf } from './import-problems';

const refused = (fields: Array<[string, string]>): ApiProblem => ({
  kind: 'http',
  status: 400,
  title: 'Bad Request',
  detail: null,
  errors: fields.map(([field, rule]) => ({ field, rule, message: `${field} breaks ${rule}` })),
  retryAfterSeconds: null,
});

describe('row problems', () => {
  it('reads a refused grid as rows counted from 1, in row order, leaving other fields out', () => {
    expect(
      gridProblemsOf(
        refused([
          ['points.3.denominator', 'atLeastNumerator'],
          ['points.0.period', 'date'],
          ['version', 'stale'],
        ]),
      ),
    ).toEqual([
      { row: 1, column: 'period', rule: 'date', message: 'points.0.period breaks date' },
      {
        row: 4,
        column: 'denominator',
        rule: 'atLeastNumerator',
        message: 'points.3.denominator breaks atLeastNumerator',
      },
    ]);
  });

  it('keeps a CSV row number as the file counts it (the header is row 1)', () => {
    expect(importProblemsOf(refused([['csv.5.value', 'numeric']]))).toEqual([
      { row: 5, column: 'value', rule: 'numeric', message: 'csv.5.value breaks numeric' },
    ]);
  });
});
