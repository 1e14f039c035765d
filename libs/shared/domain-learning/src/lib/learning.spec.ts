import { describe, expect, it } from 'vitest';
import { addCounters, counterNames, countersFrom, deltasFor, emptyCounters, fold, type Counters, type ExperimentFacts, type LifecycleEvent } from './counters';
import { medianOfHistogram, metricInputs, metricNames, metricsOf, rankGroups } from './metrics';
import { periodStart, shiftPeriod } from './periods';

const facts: ExperimentFacts = {
  ownerId: 'anna',
  teamId: 'ward-3',
  departmentIds: ['north', 'care'],
  organisationId: 'org',
  createdAt: new Date('2026-01-01T09:00:00Z'),
  verdict: 'confirmed',
  actualHours: 8.5,
  actualSpendMinor: 4_000,
  approvedHours: 10,
  approvedAmountMinor: 10_000,
  lesson: { recommendation: 'standardise', doubleLoop: true },
};
const at = (iso: string) => new Date(iso);
const transition = (name: string, iso: string, proposedAt?: string): LifecycleEvent => ({
  type: 'transition',
  transition: name,
  occurredAt: at(iso),
  proposedAt: proposedAt ? at(proposedAt) : null,
});

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

describe('deltasFor', () => {
  it('counts a conclusion with its verdict and actual spend', () => {
    expect(deltasFor(transition('conclude', '2026-03-01T10:00:00Z'), facts)).toEqual({ concluded: 1, confirmed: 1, hoursSpent: 8.5, amountSpentMinor: 4_000 });
  });
  it('counts a lesson: validated when confirmed and adopted or standardised, double-loop, and days to lesson', () => {
    expect(deltasFor(transition('learn', '2026-01-31T08:00:00Z'), facts)).toEqual({ learned: 1, doubleLoop: 1, validated: 1, velocityDays: { 29: 1 } });
    const refuted = { ...facts, verdict: 'refuted' as const };
    expect(deltasFor(transition('learn', '2026-01-31T08:00:00Z'), refuted)).toMatchObject({ validated: 0 });
  });
  it('counts approval decisions with their lead time, and approved budget only for approvals', () => {
    expect(deltasFor(transition('approve', '2026-01-03T09:00:00Z', '2026-01-02T09:00:00Z'), facts)).toEqual({
      approvalsDecided: 1,
      approvalLeadHours: 24,
      hoursApproved: 10,
      amountApprovedMinor: 10_000,
    });
    expect(deltasFor(transition('reject', '2026-01-02T21:00:00Z', '2026-01-02T09:00:00Z'), facts)).toEqual({ approvalsDecided: 1, approvalLeadHours: 12 });
  });
  it('ignores events that carry no outcome', () => {
    expect(deltasFor({ type: 'edited', transition: null, occurredAt: at('2026-01-01T00:00:00Z') }, facts)).toBeNull();
    expect(deltasFor(transition('propose', '2026-01-01T00:00:00Z'), facts)).toBeNull();
  });
});

describe('incremental roll-ups equal a full recompute (property, random event sequences)', () => {
  function random(seed: number) {
    let s = seed;
    return () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  }
  const transitions = ['start', 'stop', 'conclude', 'learn', 'approve', 'reject', 'request_changes', 'propose'];

  for (let seed = 1; seed <= 200; seed++) {
    it(`sequence ${seed}`, () => {
      const r = random(seed);
      const pick = <T>(items: T[]) => items[Math.floor(r() * items.length)];
      const events = Array.from({ length: 1 + Math.floor(r() * 60) }, () => {
        const experiment: ExperimentFacts = {
          ...facts,
          ownerId: pick(['anna', 'bram', 'cem']),
          teamId: pick(['ward-3', 'ward-4', 'physio']),
          departmentIds: pick([['north', 'care'], ['care'], ['rehab']]),
          verdict: pick(['confirmed', 'refuted', 'inconclusive', null]),
          actualHours: Math.floor(r() * 4000) / 100,
          actualSpendMinor: Math.floor(r() * 100_000),
          lesson: r() < 0.5 ? { recommendation: pick(['adopt', 'adapt', 'abandon', 'standardise']), doubleLoop: r() < 0.5 } : null,
        };
        const occurredAt = new Date(Date.UTC(2025, 0, 1) + Math.floor(r() * 730 * 86_400_000));
        const event: LifecycleEvent = r() < 0.1
          ? { type: 'adopted', transition: null, occurredAt }
          : { type: 'transition', transition: pick(transitions), occurredAt, proposedAt: new Date(occurredAt.getTime() - Math.floor(r() * 500) * 3_600_000) };
        return { event, experiment };
      });
      const timeZone = pick(['Europe/Amsterdam', 'UTC', 'America/New_York']);

      // The worker: one event at a time, in the order the jobs happen to run.
      const incremental = new Map();
      for (const { event, experiment } of [...events].sort(() => r() - 0.5)) fold(incremental, event, experiment, timeZone);
      // The check: everything at once, in event order.
      const recomputed = new Map();
      for (const { event, experiment } of [...events].sort((a, b) => a.event.occurredAt.getTime() - b.event.occurredAt.getTime())) {
        fold(recomputed, event, experiment, timeZone);
      }
      const normalise = (rows: Map<string, { counters: Counters }>) =>
        Object.fromEntries([...rows].sort(([a], [b]) => a.localeCompare(b)).map(([key, row]) => [key, row.counters]));
      expect(normalise(incremental)).toEqual(normalise(recomputed));
    });
  }
});

describe('metrics', () => {
  it('compute each metric from its declared inputs alone', () => {
    let seed = 7;
    const next = () => ((seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32);
    for (let run = 0; run < 200; run++) {
      const full = countersFrom({
        ...Object.fromEntries(counterNames.map((name) => [name, Math.floor(next() * 20)])),
        velocityDays: { [Math.floor(next() * 30)]: 1 + Math.floor(next() * 3), [Math.floor(next() * 30)]: 1 },
      });
      const context = { headcount: Math.floor(next() * 40), participants: Math.floor(next() * 10), periodType: 'quarter' as const };
      for (const metric of metricNames) {
        const only = Object.fromEntries(metricInputs[metric].map((name) => [name, full[name]]));
        expect(metricsOf(countersFrom(only), context)[metric]).toEqual(metricsOf(full, context)[metric]);
      }
    }
  });

  it('read a stored row as adding it to nothing would, missing counters as zero', () => {
    const stored = { started: 3, approvalLeadHours: 0.1 + 0.2, velocityDays: { 4: 2, 9: 1 } };
    expect(countersFrom(stored)).toEqual(addCounters(emptyCounters(), stored));
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
    const counters = addCounters(emptyCounters(), { validated: 6, learned: 4, concluded: 5, doubleLoop: 1, approvalsDecided: 2, approvalLeadHours: 30 });
    const metrics = metricsOf(counters, { headcount: 20, participants: 5, periodType: 'quarter' });
    expect(metrics).toMatchObject({
      validatedImprovements: 6,
      improvementRate: 1, // 6 per (20/10) members per 3 months
      loopClosureRate: 0.8,
      doubleLoopShare: 0.25,
      participation: 0.25,
      approvalLeadTimeHours: 15,
    });
    expect(metricsOf(emptyCounters(), { headcount: 0, participants: 0, periodType: 'month' })).toMatchObject({
      improvementRate: null,
      loopClosureRate: null,
      participation: null,
      learningVelocityDays: null,
    });
  });

  it('rank groups, never ranking groups under five and saying so', () => {
    const ranked = rankGroups(
      [
        { name: 'big-low', size: 30, value: 0.5 },
        { name: 'small-high', size: 4, value: 9 },
        { name: 'big-high', size: 12, value: 2 },
        { name: 'big-tie', size: 6, value: 2 },
        { name: 'no-data', size: 8, value: null },
      ],
      (g) => g.value,
      (g) => g.size,
    );
    expect(ranked.map((r) => [r.item.name, r.rank, r.smallGroup])).toEqual([
      ['big-high', 1, false],
      ['big-tie', 1, false],
      ['big-low', 3, false],
      ['small-high', null, true],
      ['no-data', null, false],
    ]);
  });
});
