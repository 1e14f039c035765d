import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseMeasure } from './analysis';
import { controlChart, type ControlChartType } from './control-chart';
import { flipped, type DataPoint, type Direction, type Phase } from './measure';
import type { Signal } from './signals';

const monthly = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`,
  );
/** One phase whose limits come from the first `baseline` points and stay frozen after them. */
const frozenAfter = (baseline: number, n: number): Phase[] => [
  { start: 0, end: n, calculationEnd: baseline },
];
const xmr = (ys: number[], baseline = ys.length, direction: Direction = 'higher-is-better') =>
  controlChart({ type: 'xmr', ys, phases: frozenAfter(baseline, ys.length), direction });
const summary = (signals: Signal[]) => signals.map((s) => [s.rule, s.side, s.class, s.points, s.detectedAt]);

// Baseline worked by hand: mean 114 / 10 = 11.4; moving ranges 2 1 2 1 1 1 2 1 1, mean 12 / 9 = 1.3333…;
// limits 11.4 ± 2.66 × 1.3333 = 7.8533 … 14.9467; 2σ lines at 11.4 ± (2/3)(3.5467) = 9.0356 … 13.7644.
const baseline = [10, 12, 11, 13, 12, 11, 10, 12, 11, 12];

describe('XmR chart', () => {
  it('puts its limits at mean ± 2.66 × mean moving range of the baseline, frozen after it', () => {
    const chart = xmr([...baseline, 30, 40], 10);
    expect(chart.phases[0]).toMatchObject({ centre: 11.4 });
    expect(chart.phases[0].meanMovingRange).toBeCloseTo(12 / 9, 12);
    for (const i of [0, 10, 11]) {
      expect(chart.upper[i]).toBeCloseTo(14.946667, 5);
      expect(chart.lower[i]).toBeCloseTo(7.853333, 5);
      expect(chart.upperTwoSigma[i]).toBeCloseTo(13.764444, 5);
      expect(chart.lowerTwoSigma[i]).toBeCloseTo(9.035556, 5);
    }
  });

  it('signals a point beyond a limit', () => {
    expect(summary(xmr([...baseline, 11, 15.5, 11], 10).signals)).toEqual([
      ['beyond-limit', 'high', 'improvement', [11], 11],
    ]);
    expect(summary(xmr([...baseline, 11, 7.5, 11], 10, 'higher-is-better').signals)).toEqual([
      ['beyond-limit', 'low', 'concern', [11], 11],
    ]);
  });

  it('signals a shift of 7 points on one side of the centre, detected at the 7th', () => {
    // The baseline's last point (12) starts the run: indexes 9–16 are all above 11.4.
    const chart = xmr([...baseline, 12, 12.5, 12, 13, 12.2, 12.4, 12.1], 10, 'lower-is-better');
    expect(summary(chart.signals)).toEqual([
      ['shift', 'high', 'concern', [9, 10, 11, 12, 13, 14, 15, 16], 15],
    ]);
    // Six above (indexes 9–14), one exactly on the centre line, two above: the point on the centre breaks the run.
    expect(xmr([...baseline, 12.5, 12, 13, 12.2, 12.4, 11.4, 12, 12.5], 10).signals).toEqual([]);
  });

  it('signals a trend of 6 points each going one way; a repeated value breaks it', () => {
    const chart = xmr([...baseline, 9.2, 9.8, 10.4, 11, 11.6, 12.2, 11], 10);
    expect(summary(chart.signals)).toEqual([['trend', 'high', 'improvement', [10, 11, 12, 13, 14, 15], 15]]);
    expect(xmr([...baseline, 9.2, 9.8, 10.4, 10.4, 11.6, 12.2, 11], 10).signals).toEqual([]);
    expect(
      summary(xmr([...baseline, 13, 12.6, 12.2, 11.8, 11.4, 11, 10.6], 10, 'lower-is-better').signals),
    ).toEqual([['trend', 'low', 'improvement', [10, 11, 12, 13, 14, 15, 16], 15]]);
  });

  it('signals 2 of 3 points beyond 2σ on the same side', () => {
    expect(summary(xmr([...baseline, 14, 11, 14.2, 11.5], 10).signals)).toEqual([
      ['two-of-three', 'high', 'improvement', [10, 12], 12],
    ]);
    // One high, one low: not the same side.
    expect(xmr([...baseline, 14, 11, 8.9, 11.5], 10).signals).toEqual([]);
  });

  it('recalculates its limits from a chosen point as a new phase; rules do not span phases', () => {
    const periods = monthly(20);
    const points: DataPoint[] = [...baseline, 20, 21, 19, 20, 22, 21, 20, 19, 21, 20].map((value, i) => ({
      period: periods[i],
      value,
    }));
    const measure = { name: 'm', unit: 'x', direction: 'higher-is-better', kind: 'value' } as const;
    const frozen = analyseMeasure(measure, points, { baselineThrough: periods[9], changes: [periods[10]] });
    expect(frozen.changes).toEqual([10]);
    expect(frozen.signals.filter((s) => s.chart === 'control' && s.rule === 'beyond-limit')).toHaveLength(10);
    const rebased = analyseMeasure(measure, points, {
      baselineThrough: periods[9],
      recalculations: [{ from: periods[10] }],
    });
    expect(rebased.control.phases.map((p) => [p.start, p.end, p.centre])).toEqual([
      [0, 10, 11.4],
      [10, 20, 20.3],
    ]);
    expect(rebased.control.centre[15]).toBe(20.3);
    expect(rebased.signals).toEqual([]);
  });
});

describe('small and empty series', () => {
  const measure = { name: 'm', unit: 'x', direction: 'higher-is-better', kind: 'value' } as const;
  it('an empty series has no phases and no signals', () => {
    const analysis = analyseMeasure(measure, []);
    expect(analysis).toMatchObject({ periods: [], signals: [], changes: [] });
  });
  it('a one-point baseline has a centre but no limits, so only shifts and trends can signal', () => {
    const periods = monthly(9);
    const analysis = analyseMeasure(
      measure,
      [5, 6, 7, 8, 9, 10, 11, 12, 13].map((value, i) => ({ period: periods[i], value })),
      { baselineThrough: periods[0] },
    );
    expect(analysis.control.centre[8]).toBe(5);
    expect(Number.isNaN(analysis.control.upper[8])).toBe(true);
    expect(analysis.signals.filter((s) => s.chart === 'control').map((s) => s.rule)).toEqual([
      'trend',
      'shift',
    ]);
  });
  it('a series all on its median has no run limits and no run signal', () => {
    const periods = monthly(5);
    const analysis = analyseMeasure(
      measure,
      periods.map((period) => ({ period, value: 3 })),
    );
    expect(analysis.run.phases[0]).toMatchObject({
      useful: 0,
      longestRunLimit: null,
      minimumCrossings: null,
      signal: false,
    });
    expect(analysis.signals).toEqual([]);
  });
});

describe('p and u charts', () => {
  it('p-chart limits vary with each denominator and stay within 0 and 1', () => {
    // p̄ = 57 / 550 = 0.103636; σ at n = 100 is √(p̄(1 − p̄)/100) = 0.030479, at n = 200 it is 0.021552.
    const denominators = [100, 150, 100, 200];
    const ys = [10 / 100, 20 / 150, 12 / 100, 15 / 200];
    const chart = controlChart({
      type: 'p',
      ys,
      denominators,
      phases: frozenAfter(4, 4),
      direction: 'higher-is-better',
    });
    expect(chart.centre[0]).toBeCloseTo(0.103636, 6);
    expect(chart.upper[0]).toBeCloseTo(0.103636 + 3 * 0.030479, 5);
    expect(chart.upper[3]).toBeCloseTo(0.103636 + 3 * 0.021552, 5);
    expect(chart.lower[0]).toBeCloseTo(0.103636 - 3 * 0.030479, 5);
    const tiny = controlChart({
      type: 'p',
      ys: [0.5, 0.9],
      denominators: [2, 10],
      phases: frozenAfter(2, 2),
      direction: 'higher-is-better',
    });
    expect(Math.max(...tiny.upper)).toBeLessThanOrEqual(1);
    expect(Math.min(...tiny.lower)).toBeGreaterThanOrEqual(0);
  });

  it('u-chart limits follow √(ū/n) and never go below 0', () => {
    // ū = 20 / 1000 = 0.02; at n = 200, σ = 0.01 (limits 0 … 0.05); at n = 500, σ = 0.0063246.
    const chart = controlChart({
      type: 'u',
      ys: [4 / 200, 6 / 300, 10 / 500],
      denominators: [200, 300, 500],
      phases: frozenAfter(3, 3),
      direction: 'lower-is-better',
    });
    expect(chart.centre[0]).toBeCloseTo(0.02, 12);
    expect(chart.upper[0]).toBeCloseTo(0.05, 12);
    expect(chart.lower[0]).toBe(0);
    expect(chart.upper[2]).toBeCloseTo(0.038974, 6);
    expect(chart.lower[2]).toBeCloseTo(0.001026, 6);
  });

  it("Laney's p′ widens the limits by σz, the moving range of the z-scores ÷ 1.128", () => {
    // p̄ = 0.2, σ = 0.04 at n = 100; z = −2.5, 2.5, 0; moving ranges 5 and 2.5, mean 3.75; σz = 3.75 / 1.128 = 3.3245.
    const input = {
      ys: [0.1, 0.3, 0.2],
      denominators: [100, 100, 100],
      phases: frozenAfter(3, 3),
      direction: 'higher-is-better' as const,
    };
    const p = controlChart({ type: 'p', ...input });
    const prime = controlChart({ type: 'p-prime', ...input });
    expect(p.upper[0]).toBeCloseTo(0.32, 12);
    expect(prime.phases[0].sigmaZ).toBeCloseTo(3.75 / 1.128, 12);
    expect(prime.upper[0]).toBeCloseTo(0.2 + 3 * 0.04 * (3.75 / 1.128), 12);
    expect(p.phases[0].sigmaZ).toBeCloseTo(3.75 / 1.128, 12); // reported on p too, so the web can offer p′
  });

  it("Laney's u′ widens the u limits the same way", () => {
    // ū = 0.02, σ = √(0.02/100) = 0.014142; z = −0.7071, 0.7071, 0; moving ranges 1.4142 and 0.7071; σz = 1.06066 / 1.128.
    const chart = controlChart({
      type: 'u-prime',
      ys: [0.01, 0.03, 0.02],
      denominators: [100, 100, 100],
      phases: frozenAfter(3, 3),
      direction: 'lower-is-better',
    });
    expect(chart.phases[0].sigmaZ).toBeCloseTo(1.0606602 / 1.128, 6);
    expect(chart.upper[1]).toBeCloseTo(0.02 + 3 * Math.sqrt(0.02 / 100) * (1.0606602 / 1.128), 6);
    expect(chart.lower[1]).toBe(0);
  });

  it('a proportion measure with a multiplier plots percentages', () => {
    const periods = monthly(3);
    const analysis = analyseMeasure(
      { name: 'loop closure', unit: '%', direction: 'higher-is-better', kind: 'proportion', multiplier: 100 },
      [
        { period: periods[2], numerator: 20, denominator: 100 },
        { period: periods[0], numerator: 10, denominator: 100 },
        { period: periods[1], numerator: 3, denominator: 0 },
      ],
    );
    expect(analysis.periods).toEqual([periods[0], periods[2]]); // the point with a zero denominator is left out
    expect(analysis.values).toEqual([10, 20]);
    expect(analysis.control.centre[0]).toBeCloseTo(15, 12);
  });
});

describe('control chart properties', () => {
  const series = fc.array(fc.double({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true }), {
    minLength: 2,
    maxLength: 80,
  });

  it('XmR limits are invariant to shifting all values by a constant', () => {
    fc.assert(
      fc.property(
        series,
        fc.double({ min: -1e4, max: 1e4, noNaN: true, noDefaultInfinity: true }),
        fc.nat(),
        (ys, shift, cut) => {
          const baselineLength = 2 + (cut % (ys.length - 1));
          const a = xmr(ys, baselineLength);
          const b = xmr(
            ys.map((y) => y + shift),
            baselineLength,
          );
          const close = (x: number, y: number) =>
            Math.abs(x - y) <= 1e-9 * (1 + Math.abs(shift) + Math.max(...ys.map(Math.abs)));
          for (let i = 0; i < ys.length; i++) {
            expect(close(b.centre[i] - shift, a.centre[i])).toBe(true);
            expect(close(b.upper[i] - shift, a.upper[i])).toBe(true);
            expect(close(b.lower[i] - shift, a.lower[i])).toBe(true);
            expect(close(b.upper[i] - b.lower[i], a.upper[i] - a.lower[i])).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('signals mirror when the direction is flipped: same rules and points, improvement and concern swapped', () => {
    const swap = { improvement: 'concern', concern: 'improvement', neutral: 'neutral' } as const;
    const types: ControlChartType[] = ['xmr', 'p', 'u', 'p-prime', 'u-prime'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 60, max: 400 })), {
          minLength: 2,
          maxLength: 60,
        }),
        fc.constantFrom(...types),
        fc.nat(),
        (rows, type, cut) => {
          const ys = rows.map(([num, den]) => (type === 'xmr' ? num : num / den));
          const phases = frozenAfter(2 + (cut % (rows.length - 1)), rows.length);
          const input = { type, ys, denominators: rows.map(([, den]) => den), phases };
          const higher = controlChart({ ...input, direction: 'higher-is-better' });
          const lower = controlChart({ ...input, direction: flipped('higher-is-better') });
          expect(lower.signals).toEqual(higher.signals.map((s) => ({ ...s, class: swap[s.class] })));
          expect(
            higher.signals.every((s) => s.class === (s.side === 'high' ? 'improvement' : 'concern')),
          ).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('XmR signals mirror when the values are negated and the direction flipped: same classes, sides swapped', () => {
    fc.assert(
      fc.property(series, fc.nat(), (ys, cut) => {
        const baselineLength = 2 + (cut % (ys.length - 1));
        const a = xmr(ys, baselineLength, 'higher-is-better');
        const b = xmr(
          ys.map((y) => -y),
          baselineLength,
          'lower-is-better',
        );
        const other = { high: 'low', low: 'high' } as const;
        expect(summary(b.signals)).toEqual(
          summary(a.signals.map((s) => ({ ...s, side: s.side && other[s.side] }))),
        );
      }),
      { numRuns: 300 },
    );
  });
});
