import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { funnelCurve, funnelLimits, funnelPlot, overdispersion } from './funnel-plot';

// Worked by hand: 100 events over 1,000 exposure, target 0.1.
//  A 10/100 = 0.10, z = 0;       95 % limits 0.1 ± 1.96 × √(0.1/100) = 0.0380 … 0.1620
//  B 30/200 = 0.15, z = 2.2361;  95 % upper 0.1 + 1.96 × √(0.1/200) = 0.1438 → above; 99.8 % upper 0.1691 → not beyond
//  C 60/700 = 0.0857, z = −1.1952
// φ (3 units, nothing winsorised) = (0 + 5 + 10/7) / 3 = 2.142857 > 1: B's 95 % upper becomes 0.1 + 1.96 × √(2.142857 × 0.1/200) = 0.1642.
const departments = [
  { id: 'A', events: 10, exposure: 100, size: 12 },
  { id: 'B', events: 30, exposure: 200, size: 20 },
  { id: 'C', events: 60, exposure: 700, size: 4 },
];

describe('funnel plot', () => {
  it('places each unit against the overall rate with Poisson limits that narrow with exposure', () => {
    const plot = funnelPlot('rate', departments, { overdispersion: false });
    expect(plot.target).toBeCloseTo(0.1, 12);
    expect(plot.phi).toBeCloseTo(15 / 7, 12);
    expect(plot.overdispersionApplied).toBe(false);
    const [a, b, c] = plot.units;
    expect(a.limits?.lower95).toBeCloseTo(0.03802, 5);
    expect(a.limits?.upper95).toBeCloseTo(0.16198, 5);
    expect(b.z).toBeCloseTo(Math.sqrt(5), 12);
    expect(b.limits?.upper95).toBeCloseTo(0.143826, 5);
    expect(b.limits?.upper998).toBeCloseTo(0.169101, 5);
    expect(plot.units.map((u) => [u.id, u.position, u.beyond998, u.smallGroup])).toEqual([
      ['A', 'within', false, false],
      ['B', 'above', false, false],
      ['C', 'within', false, true],
    ]);
    expect(c.value).toBeCloseTo(60 / 700, 12);
    expect(plot.units.every((u) => !('rank' in u))).toBe(true);
  });

  it("applies Spiegelhalter's multiplicative overdispersion when φ > 1", () => {
    const plot = funnelPlot('rate', departments);
    expect(plot.overdispersionApplied).toBe(true);
    expect(plot.units[1].limits?.upper95).toBeCloseTo(0.1 + 1.959964 * Math.sqrt(((15 / 7) * 0.1) / 200), 6);
    expect(plot.units[1].position).toBe('within');
    // Underdispersed data (φ < 1) keep the plain limits.
    const even = funnelPlot('rate', [
      { id: 'x', events: 10, exposure: 100 },
      { id: 'y', events: 20, exposure: 200 },
      { id: 'z', events: 11, exposure: 100 },
    ]);
    expect(even.phi).toBeLessThan(1);
    expect(even.overdispersionApplied).toBe(false);
  });

  it('winsorises the 10 % most extreme z-scores at each end before estimating φ', () => {
    expect(overdispersion([-10, 1, 1, 1, 1, 1, 1, 1, 1, 10])).toBe(1);
    expect(overdispersion([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toBeCloseTo(26.9, 12); // 0 → 1 and 9 → 8
    expect(overdispersion([3, 4])).toBe(12.5); // fewer than 10 units: nothing to cut
    expect(overdispersion([])).toBeNull();
  });

  it('works for proportions (loop closure, participation) within 0 and 1, and leaves units without exposure unplaced', () => {
    const plot = funnelPlot(
      'proportion',
      [
        { id: 'ward-1', events: 2, exposure: 2, size: 2 },
        { id: 'ward-2', events: 40, exposure: 100, size: 30 },
        { id: 'ward-3', events: 0, exposure: 0, size: 6 },
      ],
      { multiplier: 100 },
    );
    expect(plot.target).toBeCloseTo((42 / 102) * 100, 10);
    const [small, large, empty] = plot.units;
    expect(small.limits?.upper998).toBeLessThanOrEqual(100);
    expect(small.limits?.lower998).toBeGreaterThanOrEqual(0);
    expect(small.smallGroup).toBe(true);
    expect(large.value).toBe(40);
    expect(empty).toMatchObject({ value: null, limits: null, position: null, beyond998: false });
  });

  it('draws limit curves that narrow as exposure grows', () => {
    const plot = funnelPlot('rate', departments, { multiplier: 10 });
    const curve = funnelCurve(plot, 10, 1000, 20);
    expect(curve).toHaveLength(21);
    expect(curve[0].exposure).toBeCloseTo(10, 12);
    expect(curve[20].exposure).toBeCloseTo(1000, 9);
    for (let k = 1; k < curve.length; k++) {
      expect(curve[k].upper95).toBeLessThan(curve[k - 1].upper95);
      expect(curve[k].upper998).toBeGreaterThan(curve[k].upper95);
    }
  });

  it('property: limits contain the target and narrow with exposure', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('rate' as const, 'proportion' as const),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.double({ min: 1.01, max: 100, noNaN: true }),
        (model, theta, exposure, factor) => {
          const near = funnelLimits(model, theta, exposure);
          const far = funnelLimits(model, theta, exposure * factor);
          expect(
            near.lower998 <= near.lower95 &&
              near.lower95 <= theta &&
              theta <= near.upper95 &&
              near.upper95 <= near.upper998,
          ).toBe(true);
          expect(far.upper95 - far.lower95).toBeLessThanOrEqual(near.upper95 - near.lower95);
        },
      ),
    );
  });
});
