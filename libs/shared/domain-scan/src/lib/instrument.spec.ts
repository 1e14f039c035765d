import { describe, expect, it } from 'vitest';
import {
  checkAnswers,
  dimensions,
  disciplines,
  frameworkOf,
  INSTRUMENT_V1,
  successAreas,
  withStatement,
} from './instrument';
import {
  DEFAULT_MIN_RESPONSES,
  effectiveThreshold,
  MIN_RESPONSES_FLOOR,
  reminderTimes,
  scoreTallies,
} from './scoring';

describe('the instrument', () => {
  it('has about thirty statements, three for each of the five disciplines and six success areas', () => {
    expect(disciplines).toHaveLength(5);
    expect(successAreas).toHaveLength(6);
    expect(INSTRUMENT_V1.statements).toHaveLength(33);
    for (const dimension of dimensions)
      expect(INSTRUMENT_V1.statements.filter((s) => s.dimension === dimension)).toHaveLength(3);
    expect(frameworkOf('team_learning')).toBe('senge');
    expect(frameworkOf('building_trust')).toBe('bersin');
  });

  it('has unique ids and English and Dutch text for every statement', () => {
    expect(new Set(INSTRUMENT_V1.statements.map((s) => s.id)).size).toBe(33);
    for (const statement of INSTRUMENT_V1.statements) {
      expect(statement.en).toMatch(/^[A-Z].{15,}[.]$/);
      expect(statement.nl).toMatch(/^[A-Z].{15,}[.]$/);
      expect(statement.nl).not.toBe(statement.en);
    }
  });

  it('versions: adding a statement makes a new version and leaves the old one as it was', () => {
    const v2 = withStatement(INSTRUMENT_V1, {
      id: 'c1',
      dimension: 'building_trust',
      en: 'We celebrate refuted hypotheses.',
      nl: 'We vieren weerlegde hypotheses.',
    });
    expect(v2.version).toBe(2);
    expect(v2.statements).toHaveLength(34);
    expect(v2.statements[33]).toMatchObject({ id: 'c1', custom: true });
    expect(INSTRUMENT_V1.statements).toHaveLength(33);
    expect(() => withStatement(v2, { id: 'c1', dimension: 'building_trust', en: 'x', nl: 'x' })).toThrow(
      /already exists/,
    );
  });
});

describe('checking an answer sheet', () => {
  const all = Object.fromEntries(INSTRUMENT_V1.statements.map((s) => [s.id, 4]));

  it('accepts every statement answered on the scale', () => {
    expect(checkAnswers(INSTRUMENT_V1, all, 'Meer tijd om te leren')).toEqual([]);
  });

  it('names each missing, off-scale and unknown answer', () => {
    const { sv1: _, ...missing } = all;
    expect(checkAnswers(INSTRUMENT_V1, { ...missing, mm1: 6, pm1: 2.5, nope: 3 })).toEqual([
      { field: 'answers.sv1', rule: 'required', message: expect.any(String) },
      { field: 'answers.mm1', rule: 'scale', message: expect.any(String) },
      { field: 'answers.pm1', rule: 'scale', message: expect.any(String) },
      { field: 'answers.nope', rule: 'unknown', message: expect.any(String) },
    ]);
    expect(checkAnswers(INSTRUMENT_V1, all, 'x'.repeat(2_001))).toEqual([
      { field: 'comment', rule: 'maxLength', message: expect.any(String) },
    ]);
  });
});

describe('scoring', () => {
  it('scores each dimension as the mean answer and the share that agreed', () => {
    const scores = scoreTallies(INSTRUMENT_V1, [
      { statementId: 'sv1', value: 5, count: 2 },
      { statementId: 'sv2', value: 2, count: 1 },
      { statementId: 'sv3', value: 4, count: 1 },
      { statementId: 'bt1', value: 1, count: 3 },
    ]);
    expect(scores.shared_vision).toEqual({ mean: 4, agreeShare: 0.75, answers: 4 });
    expect(scores.building_trust).toEqual({ mean: 1, agreeShare: 0, answers: 3 });
    expect(scores.team_learning).toBeNull();
  });

  it('ignores statements the pinned instrument does not have, so a later version never leaks into an earlier scan', () => {
    const scores = scoreTallies(INSTRUMENT_V1, [
      { statementId: 'sv1', value: 2, count: 1 },
      { statementId: 'custom-later', value: 5, count: 10 },
    ]);
    expect(scores.shared_vision).toEqual({ mean: 2, agreeShare: 0, answers: 1 });
  });

  it('rounds to two decimals', () => {
    const scores = scoreTallies(INSTRUMENT_V1, [
      { statementId: 'tl1', value: 4, count: 2 },
      { statementId: 'tl2', value: 5, count: 1 },
    ]);
    expect(scores.team_learning).toEqual({ mean: 4.33, agreeShare: 1, answers: 3 });
  });
});

describe('thresholds and reminders', () => {
  it('defaults to 5, never goes below 3, and never below what the scan was opened with', () => {
    expect(DEFAULT_MIN_RESPONSES).toBe(5);
    expect(MIN_RESPONSES_FLOOR).toBe(3);
    expect(effectiveThreshold(undefined)).toBe(5);
    expect(effectiveThreshold(1)).toBe(3);
    expect(effectiveThreshold(4)).toBe(4);
    expect(effectiveThreshold(4, 6)).toBe(6);
    expect(effectiveThreshold(8, 5)).toBe(8);
  });

  it('reminds halfway and at 85 % of the answering window', () => {
    const [first, second] = reminderTimes(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-21T00:00:00Z'));
    expect(first.toISOString()).toBe('2026-01-11T00:00:00.000Z');
    expect(second.toISOString()).toBe('2026-01-18T00:00:00.000Z');
  });
});
