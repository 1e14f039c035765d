import { describe, expect, it } from 'vitest';
import { counterNames, countersFrom, emptyCounters } from './counters';
import {
  comparableMetrics,
  medianOfHistogram,
  metricBasis,
  metricInputs,
  metricNames,
  metricsOf,
  valueOf,
} from './metrics';
import { periodStart, shiftPeriod } from './periods';

const at = (iso: string) => new Date(iso);

describe('periods', () => {
  it('start in the organisation’s time zone, weeks on Monday', () => {
    const lateSunday = at('2026-11-22T23:30:00Z'); // already Monday 23 November in Amsterdam
    expect(periodStart(lateSunday, 'week', 'Europe/Amsterdam')).toBe('2026-11-23');
    expect(periodStart(lateSunday, 'week', 'UTC')).toBe('2026-11-16');
    expect(periodStart(at('2026-12-31T23:30:00Z'), 'year', 'Europe/Amsterdam')).toBe('2027-01-01');
    expect(periodStart(at('2026-08-15T12:00:00Z'), 'quarter', 'UTC')).toBe('2026-07-01');
    expect(periodStart(at('2026-08-15T12:00:00Z'), 'month', 'UTC')).toBe('2026-08-01');
  });
  it('shift by whole periods', () => {
    expect(shiftPeriod('2026-01-05', 'week', -1)).toBe('2025-12-29');
    expect(shiftPeriod('2026-01-01', 'quarter', -1)).toBe('2025-10-01');
    expect(shiftPeriod('2026-03-01', 'month', -3)).toBe('2025-12-01');
  });
});

describe('metrics', () => {
  it('compute each metric from its declared inputs alone', () => {
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
    for (let run = 0; run < 200; run++) {
      const full = countersFrom({
        ...Object.fromEntries(counterNames.map((name) => [name, Math.floor(next() * 20)])),
        velocityDays: { [Math.floor(next() * 30)]: 1 + Math.floor(next() * 3), [Math.floor(next() * 30)]: 1 },
      });
      const context = {
        headcount: Math.floor(next() * 40),
        participants: Math.floor(next() * 10),
        periodType: 'quarter' as const,
        headline: next() < 0.5 ? ('data-backed' as const) : ('self-reported' as const),
      };
      for (const metric of metricNames) {
        const only = Object.fromEntries(metricInputs[metric].map((name) => [name, full[name]]));
        expect(metricsOf(countersFrom(only), context)[metric]).toEqual(metricsOf(full, context)[metric]);
      }
    }
  });

  it('read a stored row with every counter, missing counters as zero', () => {
    const stored = { started: 3, approvalLeadHours: 0.1 + 0.2, velocityDays: { 4: 2, 9: 1 } };
    expect(countersFrom(stored)).toEqual({
      ...emptyCounters(),
      started: 3,
      approvalLeadHours: 0.3,
      velocityDays: { 4: 2, 9: 1 },
    });
    expect(countersFrom({})).toEqual(emptyCounters());
    expect(countersFrom(undefined)).toEqual(emptyCounters());
  });

  it('take the median of a histogram, even counts averaging the middle two', () => {
    expect(medianOfHistogram({})).toBeNull();
    expect(medianOfHistogram({ 10: 1 })).toBe(10);
    expect(medianOfHistogram({ 10: 1, 20: 1 })).toBe(15);
    expect(medianOfHistogram({ 3: 2, 50: 1 })).toBe(3);
    expect(medianOfHistogram({ 1: 1, 2: 1, 3: 1, 100: 1 })).toBe(2.5);
  });

  it('normalise improvements by headcount per month, and give no rate without a basis', () => {
    const counters = countersFrom({
      validated: 6,
      dataBacked: 4,
      learned: 4,
      concluded: 5,
      doubleLoop: 1,
      approvalsDecided: 2,
      approvalLeadHours: 30,
    });
    const context = { headcount: 20, participants: 5, periodType: 'quarter' } as const;
    const metrics = metricsOf(counters, { ...context, headline: 'self-reported' });
    expect(metrics).toMatchObject({
      validatedImprovements: 6,
      dataBackedImprovements: 4,
      improvementRate: 1, // 6 per (20/10) members per 3 months
      loopClosureRate: 0.8,
      doubleLoopShare: 0.25,
      participation: 0.25,
      approvalLeadTimeHours: 15,
    });
    // The headline the organisation chose: data-backed improvements only.
    expect(metricsOf(counters, { ...context, headline: 'data-backed' }).improvementRate).toBe(0.667);
    expect(
      metricsOf(emptyCounters(), {
        headcount: 0,
        participants: 0,
        periodType: 'month',
        headline: 'data-backed',
      }),
    ).toMatchObject({
      improvementRate: null,
      loopClosureRate: null,
      participation: null,
      learningVelocityDays: null,
    });
  });

  it('define each comparable metric once, as events over an exposure that grows with the window', () => {
    const counters = countersFrom({ validated: 6, dataBacked: 2, learned: 4, concluded: 5 });
    const quarter = {
      headcount: 20,
      participants: 5,
      periodType: 'quarter' as const,
      headline: 'self-reported' as const,
    };
    expect(metricBasis('improvementRate', counters, quarter)).toEqual({
      model: 'rate',
      events: 6,
      exposure: 60, // 20 people × 3 months
      multiplier: 10,
    });
    expect(valueOf(metricBasis('improvementRate', counters, quarter))).toBe(1);
    // Four quarters: the same six improvements over four times the person-months.
    expect(valueOf(metricBasis('improvementRate', counters, { ...quarter, periods: 4 }))).toBe(0.25);
    expect(metricBasis('participation', counters, { ...quarter, periods: 2 })).toMatchObject({
      model: 'proportion',
      events: 5,
      exposure: 40,
    });
    // Lessons of stopped experiments count too, so loop closure is a rate that may pass 1.
    const lessonsOnly = countersFrom({ learned: 3, concluded: 2 });
    expect(metricBasis('loopClosureRate', lessonsOnly, quarter).model).toBe('rate');
    expect(valueOf(metricBasis('loopClosureRate', lessonsOnly, quarter))).toBe(1.5);
    for (const metric of comparableMetrics)
      expect(valueOf(metricBasis(metric, counters, quarter))).toBe(metricsOf(counters, quarter)[metric]);
    // The organisation's headline setting chooses which improvements the rate counts.
    expect(metricBasis('improvementRate', counters, { ...quarter, headline: 'data-backed' }).events).toBe(2);
  });
});
