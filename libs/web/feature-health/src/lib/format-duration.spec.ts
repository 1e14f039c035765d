import { describe, expect, it } from 'vitest';
import { formatDuration } from './format-duration';

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [0.7, '0 s'],
    [42.9, '42 s'],
    [60, '1 min 0 s'],
    [125, '2 min 5 s'],
    [3_600, '1 h 0 min'],
    [7_505, '2 h 5 min'],
    [90_061, '1 d 1 h'],
    [-5, '0 s'],
  ])('formats %s seconds as "%s"', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });
});

describe('formatDuration in Dutch', () => {
  it('uses the units it is given', () => {
    const dutch = { d: 'd', h: 'u', min: 'min', s: 's' };
    expect(formatDuration(7_505, dutch)).toBe('2 u 5 min');
    expect(formatDuration(0, dutch)).toBe('0 s');
  });
});
