import { describe, expect, it } from 'vitest';
import { acceptedLanguages, pickLanguage } from './language';

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

describe('acceptedLanguages', () => {
  it('orders the tags by weight, then as written', () => {
    expect(acceptedLanguages('de;q=0.5, nl-BE, en;q=0.9, fr')).toEqual(['nl-BE', 'fr', 'en', 'de']);
    expect(pickLanguage(null, acceptedLanguages('de;q=0.5, en;q=0.8, nl;q=0.9'))).toBe('nl');
  });

  it('drops refused, malformed and absurd entries', () => {
    expect(acceptedLanguages('nl;q=0, en')).toEqual(['en']);
    expect(acceptedLanguages('*, <script>, nl;q=2, en;q=abc, ,')).toEqual([]);
    expect(acceptedLanguages(undefined)).toEqual([]);
    expect(acceptedLanguages('x,'.repeat(10_000)).length).toBeLessThanOrEqual(32);
  });
});
