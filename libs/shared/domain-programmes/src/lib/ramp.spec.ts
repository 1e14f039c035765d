import { describe, expect, it } from 'vitest';
import { followUpProblems, ramps, type RampCycle } from './ramp';

const cycle = (id: string, previousId: string | null, unitId: string, startedAt: string): RampCycle => ({
  experimentId: id,
  previousId,
  status: 'closed',
  decision: null,
  unitId,
  startedAt,
});

describe('PDSA ramps', () => {
  it('chains follow-ups from the first small test to wider scale', () => {
    const chains = ramps([
      cycle('c3', 'c2', 'ward-b', '2026-03-01'),
      cycle('c1', null, 'ward-a', '2026-01-01'),
      cycle('c2', 'c1', 'ward-a', '2026-02-01'),
      cycle('x', null, 'ward-a', '2026-01-15'),
    ]);
    expect(chains.map((c) => c.map((s) => s.experimentId))).toEqual([['c1', 'c2', 'c3'], ['x']]);
    expect(chains[0].map((s) => [s.step, s.units])).toEqual([
      [1, 1],
      [2, 1],
      [3, 2],
    ]);
  });

  it('starts a follow-up only from a cycle whose lesson is written, and decides each cycle once', () => {
    expect(followUpProblems({ status: 'running', decision: null, hasLesson: false })[0]?.rule).toBe(
      'finishedWithLesson',
    );
    expect(followUpProblems({ status: 'concluded', decision: null, hasLesson: false })[0]?.rule).toBe(
      'finishedWithLesson',
    );
    expect(followUpProblems({ status: 'learned', decision: 'adopt', hasLesson: true })[0]?.rule).toBe(
      'decidedOnce',
    );
    expect(followUpProblems({ status: 'stopped', decision: null, hasLesson: true })).toEqual([]);
    expect(followUpProblems({ status: 'closed', decision: null, hasLesson: true })).toEqual([]);
  });
});
