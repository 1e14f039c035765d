import { describe, expect, it } from 'vitest';
import { analyseMeasure } from './analysis';
import {
  departsFromRule,
  evaluateDecisionRule,
  isDataBackedImprovement,
  judgedPlan,
  type DecisionRule,
  type Prediction,
} from './decision-rule';
import type { Direction } from './measure';

const monthly = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`,
  );
// Baseline as in the control-chart spec: mean 11.4, limits 7.853 … 14.947, 2σ lines 9.036 … 13.764, median 11.5.
const baseline = [10, 12, 11, 13, 12, 11, 10, 12, 11, 12];
const periods = monthly(40);
const change = periods[10];
const analyse = (after: number[], direction: Direction = 'higher-is-better') =>
  analyseMeasure(
    { name: 'satisfaction', unit: 'score', direction, kind: 'value' },
    [...baseline, ...after].map((value, i) => ({ period: periods[i], value })),
    { baselineThrough: periods[9], changes: [change] },
  );
const increase: Prediction = { direction: 'increase' };
const rule: DecisionRule = { withinPeriods: 8 };

describe('decision rule', () => {
  it('proposes adopt when a signal in the predicted direction appears within the window, with the effect', () => {
    const analysis = analyse([12, 12.5, 12, 13, 12.2, 12.4]);
    const proposed = evaluateDecisionRule(analysis, change, increase, rule);
    expect(proposed.decision).toBe('adopt');
    expect(proposed.reason).toMatchObject({
      code: 'signal',
      signal: { rule: 'shift', class: 'improvement', detectedAt: 15 },
    });
    expect(proposed.reason.code === 'signal' && proposed.reason.effect).toBeCloseTo(12.35 - 11.4, 12);
    expect(isDataBackedImprovement(analysis, change)).toBe(true);
  });

  it('proposes adapt when the signal is smaller than predicted', () => {
    const proposed = evaluateDecisionRule(
      analyse([12, 12.5, 12, 13, 12.2, 12.4]),
      change,
      { direction: 'increase', size: 2 },
      rule,
    );
    expect(proposed).toMatchObject({
      decision: 'adapt',
      reason: { code: 'smaller-than-predicted', predicted: 2 },
    });
  });

  it('proposes adapt when signals go both ways', () => {
    // 7 and 8 are 2 of 3 beyond the lower 2σ line (a concern), then 7 … 12 is a rising trend (an improvement).
    const proposed = evaluateDecisionRule(analyse([7.5, 8, 9, 10, 11, 12]), change, increase, rule);
    expect(proposed).toMatchObject({
      decision: 'adapt',
      reason: {
        code: 'signals-both-ways',
        signal: { rule: 'trend', side: 'high' },
        opposing: { side: 'low' },
      },
    });
  });

  it('waits while the window is open and nothing has appeared, then proposes abandon (an honest refuted test)', () => {
    const early = evaluateDecisionRule(analyse([11, 12, 10]), change, increase, rule);
    expect(early).toEqual({
      decision: null,
      wording: null,
      reason: { code: 'waiting-for-data', periodsObserved: 3, periodsNeeded: 8 },
    });
    const analysis = analyse([11, 12, 10, 12, 11, 13, 11, 12]);
    expect(analysis.signals).toEqual([]);
    expect(evaluateDecisionRule(analysis, change, increase, rule)).toEqual({
      decision: 'abandon',
      wording: null,
      reason: { code: 'no-signal', periodsObserved: 8 },
    });
    expect(isDataBackedImprovement(analysis, change)).toBe(false);
  });

  it('proposes abandon when only the opposite signal appears', () => {
    const proposed = evaluateDecisionRule(
      analyse([10.5, 10.8, 10.2, 10.9, 10.6, 10.4, 10.7, 10.5]),
      change,
      increase,
      rule,
    );
    expect(proposed).toMatchObject({
      decision: 'abandon',
      reason: { code: 'opposite-signal', opposing: { side: 'low', class: 'concern' } },
    });
  });

  it('counts only signals detected from the change, within N periods and by the predicted date', () => {
    const late = analyse([11, 12, 10, 12, 11, 13, 11, 12, 16]); // beyond the upper limit in the 9th period after the change
    expect(evaluateDecisionRule(late, change, increase, rule).decision).toBe('abandon');
    expect(evaluateDecisionRule(late, change, increase, { withinPeriods: 9 }).decision).toBe('adopt');
    expect(
      evaluateDecisionRule(late, change, { direction: 'increase', by: periods[17] }, { withinPeriods: 9 })
        .decision,
    ).toBe('abandon');
    expect(isDataBackedImprovement(late, change)).toBe(true);
    expect(isDataBackedImprovement(late, periods[19])).toBe(false);
  });

  it("follows the team's own mapping and wording, and a lower-is-better measure", () => {
    const own: DecisionRule = {
      withinPeriods: 6,
      onNoSignal: 'adapt',
      wording: { adapt: 'try the next PDSA cycle' },
    };
    expect(evaluateDecisionRule(analyse([11, 12, 10, 12, 11, 13]), change, increase, own)).toMatchObject({
      decision: 'adapt',
      wording: 'try the next PDSA cycle',
    });
    const falls = analyse([10.5, 10.8, 10.2, 10.9, 10.6, 10.4, 10.7], 'lower-is-better');
    expect(evaluateDecisionRule(falls, change, { direction: 'decrease' }, rule)).toMatchObject({
      decision: 'adopt',
      reason: { signal: { class: 'improvement', side: 'low' } },
    });
    expect(isDataBackedImprovement(falls, change)).toBe(true);
  });
});

describe("an experiment's plan and the team's decision", () => {
  it('judges a change against its baseline: the baseline is a phase of its own, recalculations follow', () => {
    expect(judgedPlan({ from: '2025-01-01', through: '2025-10-01' }, ['2025-11-01'], ['2026-06-01'])).toEqual(
      {
        recalculations: [{ from: '2025-01-01', through: '2025-10-01' }, { from: '2026-06-01' }],
        changes: ['2025-11-01'],
      },
    );
    expect(judgedPlan(null, [], [])).toEqual({ recalculations: [], changes: [] });
  });

  it('sends a decision other than the one the data propose to the approver, including one taken before the data speak', () => {
    expect(departsFromRule('adopt', 'adopt')).toBe(false);
    expect(departsFromRule('abandon', 'adopt')).toBe(true);
    expect(departsFromRule(null, 'adopt')).toBe(true);
  });
});
