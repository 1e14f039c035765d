import { describe, expect, it } from 'vitest';
import { pickLanguage } from './language';
import { formatRetryAfter } from './relative-time';

describe('pickLanguage', () => {
  it('keeps a choice made before', () => {
    expect(pickLanguage('nl', ['en-GB'])).toBe('nl');
    expect(pickLanguage('en', ['nl-NL'])).toBe('en');
  });

  it('follows the browser: any Dutch means Dutch, else English', () => {
    expect(pickLanguage(null, ['nl-BE', 'en'])).toBe('nl');
    expect(pickLanguage(null, ['de-DE', 'nl'])).toBe('nl');
    expect(pickLanguage(null, ['fr-FR', 'de'])).toBe('en');
    expect(pickLanguage(null, [])).toBe('en');
  });

  it('ignores a stored value it does not speak', () => {
    expect(pickLanguage('fr', ['nl'])).toBe('nl');
  });
});

describe('formatRetryAfter', () => {
  it('says how long to wait in words, rounding up', () => {
    expect(formatRetryAfter(30, 'en')).toBe('in 30 seconds');
    expect(formatRetryAfter(61, 'en')).toBe('in 2 minutes');
    expect(formatRetryAfter(840, 'nl')).toBe('over 14 minuten');
    expect(formatRetryAfter(3_601, 'nl')).toBe('over 2 uur');
    expect(formatRetryAfter(0, 'en')).toBe('in 1 second');
  });
});
