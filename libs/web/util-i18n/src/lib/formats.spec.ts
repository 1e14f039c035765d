import { TestBed } from '@angular/core/testing';
import { describe, expect, it } from 'vitest';
import { provideI18nTesting } from '../testing';
import {
  formatDateOnly,
  formatDateTime,
  formatMoney,
  formatNumber,
  parseDateOnly,
  pluralCategory,
} from './formats';
import { KzPluralPipe } from './format.pipes';
import { LanguageService } from './language.service';

describe('formats', () => {
  it('shows a plan day as that day in every time zone, where local midnight shown in UTC moved it a day early', () => {
    // What the detail page did: the day read as local midnight (Amsterdam), then shown in UTC.
    const localMidnight = new Date(2026, 11, 3);
    const shiftedWhenAhead = new Intl.DateTimeFormat('nl-NL', {
      dateStyle: 'medium',
      timeZone: 'UTC',
    }).format(new Date(Date.UTC(2026, 11, 3) - 60 * 60 * 1000));
    expect(shiftedWhenAhead).toBe('2 dec 2026');
    expect(localMidnight.getDate()).toBe(3);

    expect(formatDateOnly('2026-12-03', 'nl')).toBe('3 dec 2026');
    expect(formatDateOnly('2026-12-31', 'en')).toBe('31 Dec 2026');
    expect(parseDateOnly('2026-12-03')?.toISOString()).toBe('2026-12-03T00:00:00.000Z');
    expect(parseDateOnly('2026-02-30')).toBeNull();
    expect(formatDateOnly(null, 'nl')).toBe('—');
  });

  it("shows a moment in the organisation's zone, in the language's order and clock", () => {
    const at = '2026-11-13T19:22:57Z';
    expect(formatDateTime(at, 'nl', 'Europe/Amsterdam')).toBe('13 nov 2026, 20:22');
    expect(formatDateTime(at, 'en', 'Europe/Amsterdam')).toBe('13 Nov 2026, 20:22');
    expect(formatDateTime(at, 'en', 'America/New_York', 'time')).toBe('14:22');
    expect(formatDateTime(at, 'nl', 'Europe/Amsterdam', 'date')).toBe('13 nov 2026');
  });

  it('writes numbers and money the Dutch or the English way', () => {
    expect(formatNumber(1234.567, 'nl')).toBe('1.234,57');
    expect(formatNumber(1234.567, 'en', 1)).toBe('1,234.6');
    expect(formatMoney(123_450, 'EUR', 'nl')).toMatch(/^€\s1\.234,50$/);
    expect(formatMoney(500_000, 'EUR', 'en')).toBe('€5,000');
    expect(formatNumber(null, 'nl')).toBe('—');
  });

  it('picks the plural form by count', () => {
    expect(pluralCategory(1, 'nl')).toBe('one');
    expect(pluralCategory(0, 'nl')).toBe('other');
    expect(pluralCategory(2, 'en')).toBe('other');
  });
});

describe('KzPluralPipe', () => {
  it('says "1 reflectie" and "2 reflecties", never "1 reflecties"', async () => {
    TestBed.configureTestingModule({ providers: [provideI18nTesting('nl'), KzPluralPipe] });
    await TestBed.inject(LanguageService).use('nl');
    const pipe = TestBed.runInInjectionContext(() => new KzPluralPipe());
    expect(pipe.transform('followUp.reviews.reflections', 1)).toMatch(/^1 reflectie$/);
    expect(pipe.transform('followUp.reviews.reflections', 2)).toBe('2 reflecties');
  });
});
