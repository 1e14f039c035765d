import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binomialLowerQuantile5 } from './binomial';
import { phasesOf } from './measure';
import { median, runChart, runLimits } from './run-chart';

const onePhase = (n: number) => [{ start: 0, end: n, calculationEnd: n }];
/** `n` monthly periods from January 2025. */
const monthly = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`,
  );

describe('Anhøj run-chart limits', () => {
  // The table, itself Anhøj's published table of round(log2(n) + 3) and qbinom(0.05, n − 1, 0.5).
  const table: Array<[number, number, number]> = [
    [10, 6, 2],
    [12, 7, 3],
    [14, 7, 4],
    [16, 7, 4],
    [18, 7, 5],
    [20, 7, 6],
    [24, 8, 8],
    [30, 8, 10],
    [40, 8, 14],
    [50, 9, 19],
    [100, 10, 41],
  ];
  it.each(table)('n = %i: longest run limit %i, minimum crossings %i', (n, longestRun, minimumCrossings) => {
    expect(runLimits(n)).toEqual({ longestRun, minimumCrossings });
  });

  it('computes the binomial quantile exactly: the cumulative probability first reaches 5 % at the quantile', () => {
    for (const trials of [0, 1, 5, 9, 23, 99, 500, 1500]) {
      const k = binomialLowerQuantile5(trials);
      const cdf = (x: number) => {
        let c = 1n,
          s = 0n;
        for (let i = 0; i <= x; i++) {
          s += c;
          c = (c * BigInt(trials - i)) / BigInt(i + 1);
        }
        return s;
      };
      const total = 1n << BigInt(trials);
      expect(20n * cdf(k) >= total).toBe(true);
      if (k > 0) expect(20n * cdf(k - 1) < total).toBe(true);
    }
    expect(binomialLowerQuantile5(9)).toBe(2); // P(X ≤ 1) = 10/512 < 0.05 ≤ P(X ≤ 2) = 46/512
  });
});

describe('run chart', () => {
  it('finds too few crossings where no run is too long (worked by hand)', () => {
    // Sorted: 2 3 3 4 4 5 5 | 6 7 7 7 8 8 9, median 5.5. Seven below, then seven above: longest run 7 (limit 7, no
    // signal), but 1 crossing where 14 points need at least 4.
    const ys = [5, 3, 5, 4, 2, 3, 4, 7, 8, 6, 7, 9, 8, 7];
    const chart = runChart(ys, onePhase(ys.length), 'higher-is-better');
    expect(chart.phases[0]).toMatchObject({
      median: 5.5,
      useful: 14,
      longestRun: 7,
      longestRunLimit: 7,
      crossings: 1,
      minimumCrossings: 4,
      signal: true,
    });
    expect(chart.signals.map((s) => [s.rule, s.class, s.side, s.points.length, s.detectedAt])).toEqual([
      ['few-crossings', 'neutral', null, 14, 13],
    ]);
  });

  it('finds nothing in a series that crosses its median often', () => {
    const ys = [1, 3, 2, 4, 1, 3, 2, 4, 1, 3, 2, 4];
    const [phase] = runChart(ys, onePhase(ys.length), 'higher-is-better').phases;
    expect(phase).toMatchObject({ median: 2.5, useful: 12, longestRun: 1, crossings: 11, signal: false });
  });

  it('skips points on the median: they neither break a run nor count in n', () => {
    const ys = [1, 1, 2, 3, 3, 2, 3, 3, 2, 3];
    // Over all ten points the median is 2.5 and no point sits on it.
    expect(runChart(ys, onePhase(ys.length), 'higher-is-better').phases[0]).toMatchObject({
      median: 2.5,
      useful: 10,
    });
    // The baseline [1, 1, 2, 3, 3] has median 2: the three 2s drop out, leaving 1 1 | 3 3 3 3 3.
    const frozen = runChart(
      ys,
      phasesOf(monthly(ys.length), { baselineThrough: monthly(5)[4] }),
      'higher-is-better',
    );
    expect(frozen.phases[0]).toMatchObject({
      median: 2,
      useful: 7,
      longestRun: 5,
      crossings: 1,
      longestRunLimit: 6,
      minimumCrossings: 1,
    });
  });

  it('centres on the baseline median and analyses every point of the phase', () => {
    const periods = monthly(20);
    const ys = [4, 6, 5, 7, 5, 6, 4, 6, 5, 7, 9, 9, 8, 10, 9, 11, 9, 10, 9, 10];
    const chart = runChart(ys, phasesOf(periods, { baselineThrough: periods[9] }), 'higher-is-better');
    expect(chart.centre.every((c) => c === 5.5)).toBe(true);
    // Baseline median 5.5; its last point (7) and all ten after it are above: a run of 11 > 7, signalled at its 8th point.
    expect(chart.phases[0]).toMatchObject({ useful: 20, longestRun: 11, longestRunLimit: 7 });
    expect(chart.signals.find((s) => s.rule === 'long-run')).toMatchObject({
      class: 'improvement',
      side: 'high',
      detectedAt: 16,
    });
    expect(
      runChart(ys, phasesOf(periods, { baselineThrough: periods[9] }), 'lower-is-better').signals.find(
        (s) => s.rule === 'long-run',
      )?.class,
    ).toBe('concern');
  });

  it('property: flipping the direction swaps improvement and concern and changes nothing else', () => {
    const swap = { improvement: 'concern', concern: 'improvement', neutral: 'neutral' } as const;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 80 }),
        fc.nat(),
        (ys, cut) => {
          const phases = [{ start: 0, end: ys.length, calculationEnd: 1 + (cut % ys.length) }];
          const higher = runChart(ys, phases, 'higher-is-better');
          const lower = runChart(ys, phases, 'lower-is-better');
          expect(lower.phases).toEqual(higher.phases);
          expect(lower.signals).toEqual(higher.signals.map((s) => ({ ...s, class: swap[s.class] })));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: inserting points on the median changes no rule outcome', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (ys, slots) => {
          const m = median(ys);
          const withMedians = [...ys];
          for (const slot of slots) withMedians.splice(slot % (withMedians.length + 1), 0, m);
          const a = runChart(ys, onePhase(ys.length), 'higher-is-better');
          const b = runChart(withMedians, onePhase(withMedians.length), 'higher-is-better');
          const outcome = (c: typeof a) =>
            c.phases.map(
              ({
                median: med,
                useful,
                longestRun,
                longestRunLimit,
                crossings,
                minimumCrossings,
                signal,
              }) => ({ med, useful, longestRun, longestRunLimit, crossings, minimumCrossings, signal }),
            );
          expect(outcome(b)).toEqual(outcome(a));
          const values = (c: typeof a, series: number[]) =>
            c.signals.map((s) => [s.rule, s.class, s.points.map((i) => series[i])]);
          expect(values(b, withMedians)).toEqual(values(a, ys));
        },
      ),
      { numRuns: 300 },
    );
  });
});
