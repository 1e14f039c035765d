import { describe, expect, it } from 'vitest';
import { classOf, dataPointProblems, firstIndexAtOrAfter, observed, phasesOf } from './measure';

const periods = ['2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02', '2026-02-09'];

describe('phases', () => {
  it('without a plan: one phase whose limits come from all its points', () => {
    expect(phasesOf(periods)).toEqual([{ start: 0, end: 6, calculationEnd: 6 }]);
  });

  it('freezes the first phase after the baseline and starts new phases at recalculations', () => {
    expect(
      phasesOf(periods, {
        baselineThrough: '2026-01-19',
        recalculations: [{ from: '2026-02-01', through: '2026-02-02' }],
      }),
    ).toEqual([
      { start: 0, end: 4, calculationEnd: 3 },
      { start: 4, end: 6, calculationEnd: 5 },
    ]);
    // A recalculation from a period between points starts at the next point; one after the last point is ignored.
    expect(phasesOf(periods, { recalculations: [{ from: '2026-01-20' }, { from: '2027-01-01' }] })).toEqual([
      { start: 0, end: 3, calculationEnd: 3 },
      { start: 3, end: 6, calculationEnd: 6 },
    ]);
    // A baseline ending before the first point still leaves one point to calculate from.
    expect(phasesOf(periods, { baselineThrough: '2025-12-01' })).toEqual([
      { start: 0, end: 6, calculationEnd: 1 },
    ]);
  });

  it('finds the first point at or after a period', () => {
    expect(firstIndexAtOrAfter(periods, '2026-01-12')).toBe(1);
    expect(firstIndexAtOrAfter(periods, '2026-01-12', true)).toBe(2);
    expect(firstIndexAtOrAfter(periods, '2030-01-01')).toBe(6);
  });
});

describe('data points', () => {
  it('are plotted as the value or numerator ÷ denominator', () => {
    expect(observed('value', { period: '2026-01-05', value: 4.5 })).toBe(4.5);
    expect(observed('rate', { period: '2026-01-05', numerator: 3, denominator: 600 })).toBe(0.005);
    expect(observed('proportion', { period: '2026-01-05', numerator: 3, denominator: 0 })).toBeNull();
    expect(observed('value', { period: '2026-01-05', value: Number.NaN })).toBeNull();
  });

  it('name the field and the rule a bad point breaks', () => {
    expect(dataPointProblems('value', { period: '2026-01-05', value: 3 })).toEqual([]);
    expect(dataPointProblems('value', { period: '2026-13-45', value: null })).toEqual([
      { field: 'period', rule: 'must be a date, YYYY-MM-DD' },
      { field: 'value', rule: 'must be a number' },
    ]);
    expect(dataPointProblems('value', { period: '2026-02-30', value: 1 })).toEqual([
      { field: 'period', rule: 'must be a date, YYYY-MM-DD' },
    ]);
    expect(dataPointProblems('proportion', { period: '2026-01-05', numerator: 5, denominator: 4 })).toEqual([
      { field: 'denominator', rule: 'must be at least the numerator' },
    ]);
    expect(dataPointProblems('rate', { period: '2026-01-05', numerator: 5, denominator: 0 })).toEqual([
      { field: 'denominator', rule: 'must be a number above 0' },
    ]);
    expect(dataPointProblems('rate', { period: '2026-01-05', numerator: -1, denominator: 10 })).toEqual([
      { field: 'numerator', rule: 'must be a number of at least 0' },
    ]);
    expect(dataPointProblems('rate', { period: '2026-01-05', numerator: 12, denominator: 10 })).toEqual([]); // a rate may exceed 1
  });

  it('class a side by the direction', () => {
    expect(classOf('high', 'higher-is-better')).toBe('improvement');
    expect(classOf('high', 'lower-is-better')).toBe('concern');
    expect(classOf('low', 'lower-is-better')).toBe('improvement');
  });
});
