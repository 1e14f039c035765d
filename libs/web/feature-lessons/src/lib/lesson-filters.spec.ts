import { describe, expect, it } from 'vitest';
import { activeFilterCount } from './lesson-filters';

describe('activeFilterCount', () => {
  it('counts the filters that are set, not the empty ones', () => {
    expect(activeFilterCount({})).toBe(0);
    expect(activeFilterCount({ verdict: 'confirmed' })).toBe(1);
    expect(
      activeFilterCount({ verdict: 'refuted', teamId: 't1', recommendation: '', discipline: null }),
    ).toBe(2);
    expect(
      activeFilterCount({
        verdict: 'refuted',
        teamId: 't1',
        recommendation: 'adopt',
        discipline: 'team_learning',
      }),
    ).toBe(4);
  });
});
