import { describe, expect, it } from 'vitest';
import { aimProblems, targetIsBetter } from './programme';

describe('an aim', () => {
  it('has its target on the better side of the baseline', () => {
    expect(targetIsBetter('lower-is-better', 6.1, 4)).toBe(true);
    expect(targetIsBetter('higher-is-better', 6.1, 4)).toBe(false);
    expect(aimProblems({ baseline: 6.1, target: 4 }, 'lower-is-better')).toEqual([]);
  });

  it('names the target and the rule when it points the wrong way, or does not move', () => {
    expect(aimProblems({ baseline: 6.1, target: 7 }, 'lower-is-better')).toEqual([
      expect.objectContaining({ field: 'aim.target', rule: 'betterThanBaseline' }),
    ]);
    expect(aimProblems({ baseline: 50, target: 50 }, 'higher-is-better')[0]?.rule).toBe('betterThanBaseline');
  });
});
