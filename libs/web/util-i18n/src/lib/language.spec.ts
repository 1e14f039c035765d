import { describe, expect, it } from 'vitest';
import { formatRetryAfter } from './relative-time';

describe('formatRetryAfter', () => {
  it('says how long to wait in words, rounding up', () => {
    expect(formatRetryAfter(30, 'en')).toBe('in 30 seconds');
    expect(formatRetryAfter(61, 'en')).toBe('in 2 minutes');
    expect(formatRetryAfter(840, 'nl')).toBe('over 14 minuten');
    expect(formatRetryAfter(3_601, 'nl')).toBe('over 2 uur');
    expect(formatRetryAfter(0, 'en')).toBe('in 1 second');
  });
});
