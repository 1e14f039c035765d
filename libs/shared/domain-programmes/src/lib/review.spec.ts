import { describe, expect, it } from 'vitest';
import { bandCounts, stalledChangeIdeas, testsInPeriod } from './review';

const period = { start: '2026-03-02T00:00:00.000Z', end: '2026-03-09T00:00:00.000Z' };

describe('a programme in a review', () => {
  it('shows the tests that started or finished in the period, and none that only ran through it', () => {
    const tests = [
      { id: 'started', startedAt: '2026-03-03T10:00:00.000Z', finishedAt: null },
      { id: 'finished', startedAt: '2026-01-10T10:00:00.000Z', finishedAt: '2026-03-08T23:59:59.000Z' },
      { id: 'through', startedAt: '2026-02-01T10:00:00.000Z', finishedAt: null },
      { id: 'at-end', startedAt: '2026-03-09T00:00:00.000Z', finishedAt: null },
      { id: 'draft', startedAt: null, finishedAt: null },
    ];
    expect(testsInPeriod(tests, period).map((t) => t.id)).toEqual(['started', 'finished']);
  });

  it('calls a change idea stalled when no test of it started since the cut-off, unless its ramp was abandoned', () => {
    const stalledBefore = '2026-02-01T00:00:00.000Z';
    const ideas = [
      { id: 'fresh', createdAt: '2026-03-01T00:00:00.000Z' },
      { id: 'never-tested', createdAt: '2026-01-01T00:00:00.000Z' },
      { id: 'tested-long-ago', createdAt: '2025-10-01T00:00:00.000Z' },
      { id: 'tested-lately', createdAt: '2025-10-01T00:00:00.000Z' },
      { id: 'abandoned', createdAt: '2025-10-01T00:00:00.000Z' },
      { id: 'waiting', createdAt: '2025-10-01T00:00:00.000Z' },
    ];
    const tests = [
      { ideaId: 'tested-long-ago', startedAt: '2025-11-01T00:00:00.000Z', decision: null },
      { ideaId: 'tested-lately', startedAt: '2025-11-01T00:00:00.000Z', decision: 'adopt' as const },
      { ideaId: 'tested-lately', startedAt: '2026-02-15T00:00:00.000Z', decision: null },
      { ideaId: 'abandoned', startedAt: '2025-11-01T00:00:00.000Z', decision: 'abandon' as const },
      // A drafted next cycle is not yet a test: the idea stays stalled until it starts.
      { ideaId: 'waiting', startedAt: null, decision: null },
    ];
    expect(stalledChangeIdeas(ideas, tests, stalledBefore).map((i) => i.id)).toEqual([
      'never-tested',
      'tested-long-ago',
      'waiting',
    ]);
  });

  it('counts programmes per progress band, every band listed, overrides counted where they put the programme', () => {
    const counts = bandCounts([
      { score: 0.5, overridden: false },
      { score: 0.5, overridden: false },
      { score: 3, overridden: true },
      { score: 2, overridden: false },
    ]);
    expect(counts).toHaveLength(10);
    expect(counts[0]).toEqual({ band: 'intent', score: 0.5, count: 2, overridden: 0 });
    expect(counts.find((b) => b.band === 'activity')).toEqual({
      band: 'activity',
      score: 2,
      count: 1,
      overridden: 0,
    });
    expect(counts.find((b) => b.score === 3)).toEqual({
      band: 'modest-improvement',
      score: 3,
      count: 1,
      overridden: 1,
    });
    expect(counts.reduce((sum, b) => sum + b.count, 0)).toBe(4);
  });
});
