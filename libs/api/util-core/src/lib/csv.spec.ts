import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('quotes what needs quoting, joins lists and defuses formulas', () => {
    const rows = [
      ['x, y', '=SUM(A1)'],
      [null, ['t1', 't2']],
      ['say "hi"', 3],
      [new Date('2026-01-02T03:04:05Z'), '-1'],
    ];
    expect(toCsv(['a', 'b'], rows).split('\r\n')).toEqual([
      'a,b',
      `"x, y",'=SUM(A1)`,
      ',t1; t2',
      '"say ""hi""",3',
      `2026-01-02T03:04:05.000Z,'-1`,
      '',
    ]);
  });
});
