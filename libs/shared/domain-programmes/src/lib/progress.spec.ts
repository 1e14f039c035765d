import { describe, expect, it } from 'vitest';
import type { DataPoint, Measure } from '@kaizen/shared/domain-measures';
import {
  deriveProgress,
  overrideProblems,
  progressBands,
  type ProgressEvidence,
  type TestEvidence,
} from './progress';

const falls: Measure = { name: 'Falls', unit: 'per week', direction: 'lower-is-better', kind: 'value' };
const baseline = [6.0, 6.3, 5.8, 6.1, 6.4, 5.9, 6.2, 6.0, 5.7, 6.3, 6.1, 5.9];

/** Weekly points from 2026-01-05: the baseline, then `after` from the change on. */
function points(after: number[]): DataPoint[] {
  return [...baseline, ...after].map((value, i) => ({
    period: new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10),
    value,
  }));
}
const firstChange = new Date(Date.UTC(2026, 0, 5 + 7 * baseline.length)).toISOString().slice(0, 10);

const test = (status: TestEvidence['status'], verdict: TestEvidence['verdict'] = null): TestEvidence => ({
  status,
  verdict,
  startedAt: '2026-03-30T08:00:00Z',
  finishedAt: ['running'].includes(status) ? null : '2026-04-20T08:00:00Z',
});

const base: ProgressEvidence = {
  hasAim: true,
  teamSize: 3,
  changeIdeas: 2,
  tests: [],
  aimMeasure: null,
  spreadAt: [],
};
const measured = (after: number[], target = 4.5): ProgressEvidence['aimMeasure'] => ({
  measure: falls,
  points: points(after),
  target,
  firstChange,
});

describe('the derived progress score', () => {
  const cases: Array<[number, ProgressEvidence]> = [
    [0.5, { ...base, hasAim: false }],
    [0.5, { ...base, teamSize: 1 }],
    [1, { ...base, changeIdeas: 0 }],
    [1.5, base],
    [2, { ...base, tests: [test('running')] }],
    [2.5, { ...base, tests: [test('running'), test('learned', 'refuted')] }],
    [3, { ...base, tests: [test('learned', 'confirmed')], aimMeasure: measured([6.0, 6.2, 5.9]) }],
    [3.5, { ...base, tests: [test('learned', 'confirmed')], aimMeasure: measured([5.0, 5.1, 4.9], 4) }],
    [4, { ...base, tests: [test('learned', 'confirmed')], aimMeasure: measured([4.2, 4.1, 4.3]) }],
    [
      4.5,
      {
        ...base,
        tests: [test('closed', 'confirmed')],
        aimMeasure: measured([4.2, 4.1, 4.3, 4.0, 4.2, 4.4, 4.1, 4.3]),
      },
    ],
    [
      5,
      {
        ...base,
        tests: [test('closed', 'confirmed')],
        aimMeasure: measured([4.2, 4.1, 4.3, 4.0, 4.2, 4.4, 4.1, 4.3]),
        spreadAt: ['2026-06-01T00:00:00Z'],
      },
    ],
  ];

  for (const [score, evidence] of cases) {
    it(`scores ${score} (${progressBands.find((b) => b.score === score)?.band}) on its evidence`, () => {
      const derived = deriveProgress(evidence);
      expect(derived.score).toBe(score);
      const next = derived.reasons.find((r) => r.score > score && !r.met);
      if (score < 5) expect(next, 'the reasons say what the next band needs').toBeDefined();
    });
  }

  it('does not skip a band: spread without a measured improvement stays where the evidence stops', () => {
    const derived = deriveProgress({
      ...base,
      tests: [test('learned', 'refuted')],
      spreadAt: ['2026-05-01T00:00:00Z'],
    });
    expect(derived.score).toBe(2.5);
    expect(derived.reasons.find((r) => r.band === 'spread')?.met).toBe(true);
  });

  it('finds the improvement with the chart rules, against the baseline before the first change', () => {
    const derived = deriveProgress({
      ...base,
      tests: [test('learned', 'confirmed')],
      aimMeasure: measured([4.2]),
    });
    expect(derived.reasons.find((r) => r.band === 'improvement')).toMatchObject({
      met: true,
      detail: expect.stringContaining('beyond-limit'),
    });
  });

  it('gives each reason a code and its figures, which the web words in its own language', () => {
    const derived = deriveProgress({
      ...base,
      tests: [test('learned', 'confirmed')],
      aimMeasure: measured([4.2]),
    });
    const byBand = new Map(derived.reasons.map((r) => [r.band, r]));
    expect(byBand.get('team-formed')).toMatchObject({ code: 'aimAndTeam', params: { teamSize: 3, min: 2 } });
    expect(byBand.get('planning')).toMatchObject({ code: 'changeIdeas', params: { n: 2 } });
    expect(byBand.get('improvement')).toMatchObject({
      code: 'signal',
      params: { chart: 'control', rule: 'beyond-limit', period: firstChange },
    });
    expect(byBand.get('significant-improvement')).toMatchObject({
      code: 'target',
      params: { window: 3, target: 4.5 },
    });
    expect(byBand.get('sustained')).toMatchObject({ code: 'holdWaiting', params: { points: 0, needed: 6 } });
    expect(deriveProgress({ ...base, hasAim: false }).reasons[1].code).toBe('noAimTeam');
    expect(deriveProgress(base).reasons.find((r) => r.band === 'improvement')?.code).toBe('noMeasure');
  });

  it('ignores a concern: a measure that got worse is no improvement', () => {
    const derived = deriveProgress({
      ...base,
      tests: [test('learned', 'confirmed')],
      aimMeasure: measured([8.5, 8.7, 8.9]),
    });
    expect(derived.score).toBe(3);
  });

  it('falls back when the improvement does not hold', () => {
    const slipping = measured([4.2, 4.1, 4.3, 4.0, 6.3, 6.5, 6.4, 4.3]);
    const derived = deriveProgress({ ...base, tests: [test('closed', 'confirmed')], aimMeasure: slipping });
    expect(derived.reasons.find((r) => r.band === 'sustained')?.met).toBe(false);
  });

  it('scores the evidence as it stood at an earlier moment, for the trend', () => {
    const evidence: ProgressEvidence = {
      ...base,
      tests: [test('learned', 'confirmed')],
      aimMeasure: measured([4.2, 4.1, 4.3]),
    };
    expect(deriveProgress(evidence).score).toBe(4);
    expect(deriveProgress(evidence, '2026-03-01T00:00:00Z').score).toBe(1.5);
  });
});

describe('an override of the score', () => {
  it('needs a score on the scale and a written reason', () => {
    expect(
      overrideProblems({ score: 3.5, reason: 'Audit showed the falls register was incomplete' }),
    ).toEqual([]);
    expect(overrideProblems({ score: 3.2, reason: 'ok' }).map((p) => `${p.field}:${p.rule}`)).toEqual([
      'score:onScale',
      'reason:minLength',
    ]);
    expect(overrideProblems({ score: 2, reason: '          ' })[0]?.field).toBe('reason');
  });
});
