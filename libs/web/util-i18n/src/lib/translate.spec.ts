import { ChangeDetectionStrategy, Component, computed } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { describe, expect, it } from 'vitest';
import { TranslatePipe, TranslateService } from './translate';

@Component({
  imports: [TranslatePipe],
  template: `<p>{{ 'greeting' | translate: { name: 'Ada' } }}</p>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class GreetingComponent {}

describe('TranslateService', () => {
  function service(): TranslateService {
    return TestBed.inject(TranslateService);
  }

  it('reads nested keys in the current language and fills in {{ name }}', () => {
    const t = service();
    t.setTranslation('en', { home: { hello: 'Hello {{name}}, {{ count }} new' } });
    t.setTranslation('nl', { home: { hello: 'Hallo {{ name }}' } });
    t.use('nl');
    expect(t.instant('home.hello', { name: 'Ada' })).toBe('Hallo Ada');
    t.use('en');
    expect(t.instant('home.hello', { name: 'Ada', count: 3 })).toBe('Hello Ada, 3 new');
  });

  it('reads a missing key, or one naming a group of texts, as the key itself', () => {
    const t = service();
    t.setTranslation('en', { home: { hello: 'Hello' } });
    t.use('en');
    expect(t.instant('home.goodbye')).toBe('home.goodbye');
    expect(t.instant('home')).toBe('home');
    expect(t.instant('home.hello.deeper')).toBe('home.hello.deeper');
    expect(t.instant('toString')).toBe('toString');
    expect(t.instant('')).toBe('');
  });

  it('reads keys whose own name holds a dot', () => {
    const t = service();
    t.setTranslation('en', {
      events: { 'review.opened': 'A review opened' },
      approval: { closed: 'Closed' },
    });
    t.use('en');
    expect(t.instant('events.review.opened')).toBe('A review opened');
    expect(t.instant('approval.closed')).toBe('Closed');
    expect(t.instant('events.review.missing')).toBe('events.review.missing');
  });

  it('leaves a placeholder without a parameter as it is', () => {
    const t = service();
    t.setTranslation('en', { a: 'Due {{ when }}' });
    t.use('en');
    expect(t.instant('a')).toBe('Due {{ when }}');
    expect(t.instant('a', {})).toBe('Due {{ when }}');
    expect(t.instant('a', { when: { at: 1 } })).toBe('Due {{ when }}');
  });

  it('merges texts that arrive later into those already there', () => {
    const t = service();
    t.setTranslation('en', { common: { yes: 'Yes' }, page: { a: 'A' } });
    t.setTranslation('en', { page: { b: 'B' } }, true);
    t.use('en');
    expect([t.instant('common.yes'), t.instant('page.a'), t.instant('page.b')]).toEqual(['Yes', 'A', 'B']);
  });

  it('gives a group of texts as a signal that follows the language', () => {
    const t = service();
    t.setTranslation('en', { units: { s: 'sec' } });
    t.setTranslation('nl', { units: { s: 'sec.' } });
    t.use('en');
    const units = t.translate('units');
    const seconds = TestBed.runInInjectionContext(() => computed(() => (units() as { s: string }).s));
    expect(seconds()).toBe('sec');
    t.use('nl');
    expect(seconds()).toBe('sec.');
  });

  it('re-renders an OnPush template by itself when the language changes or its texts arrive', async () => {
    const t = service();
    t.use('en');
    const fixture = TestBed.createComponent(GreetingComponent);
    fixture.autoDetectChanges();
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toBe('greeting');

    t.setTranslation('en', { greeting: 'Hello {{ name }}' });
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toBe('Hello Ada');

    t.setTranslation('nl', { greeting: 'Hallo {{ name }}' });
    t.use('nl');
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toBe('Hallo Ada');
  });
});
